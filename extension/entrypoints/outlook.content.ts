import { defineContentScript } from '#imports';
import { startCompose } from '../compose/start.ts';
import { outlookAdapter } from '../mail-clients/outlook/adapter.ts';
import { outlookSentList } from '../mail-clients/outlook/sent-list.ts';
import { rememberTypedAddresses } from '../mail-clients/outlook/typed-addresses.ts';
import { startSentMarks } from '../sender-view/sent-marks.ts';

export default defineContentScript({
  // outlook.cloud.microsoft is where work and school sign-ins land since 2024‑25.
  matches: ['https://outlook.live.com/*', 'https://outlook.office.com/*', 'https://outlook.office365.com/*', 'https://outlook.cloud.microsoft/*'],
  // Pop-out composes are about:blank documents scripted by the Outlook window that opened them:
  // they match only through their opener's origin. Both keys are load-bearing (checked in the
  // E2E runs): without match_origin_as_fallback neither browser runs us in a pop-out; without
  // match_about_blank Firefox skips a pop-out window (a frame still works). Firefox has
  // match_origin_as_fallback since 128; our minimum is 140.
  allFrames: true,
  matchAboutBlank: true,
  matchOriginAsFallback: true,
  // Capture-phase send listeners must exist before Outlook's own handlers run.
  runAt: 'document_start',
  main(ctx) {
    rememberTypedAddresses(document, ctx.signal);
    startCompose(outlookAdapter, ctx.signal);
    // Sent Items is a list of the main window; pop-outs and other frames have none.
    if (window === window.top) startSentMarks(document, outlookSentList, ctx.signal);
  },
});
