import { defineContentScript } from '#imports';
import { startCompose } from '../compose/start.ts';
import { gmailAdapter } from '../mail-clients/gmail/adapter.ts';
import { gmailSentList } from '../mail-clients/gmail/sent-list.ts';
import { startSentMarks } from '../sender-view/sent-marks.ts';

export default defineContentScript({
  matches: ['https://mail.google.com/*'],
  // Capture-phase send listeners must exist before Gmail's own handlers run.
  runAt: 'document_start',
  main(ctx) {
    startCompose(gmailAdapter, ctx.signal);
    startSentMarks(document, gmailSentList, ctx.signal);
  },
});
