import { parseRowTime, type SentList } from '../../sender-view/sent-rows.ts';
import { gmailSelectors } from './selectors.ts';

const { sentList } = gmailSelectors;

/** Gmail's Sent folder (`#sent`, `#sent/p2`, `#sent?compose=…`), read from its stable row parts. */
export const gmailSentList: SentList = {
  showing: (location) => /^#sent(\/|$|\?)/.test(location.hash),
  readRows: (doc) =>
    [...doc.querySelectorAll<HTMLElement>(sentList.row)].map((element) => {
      const date = element.querySelector<HTMLElement>(sentList.date);
      return {
        element,
        subjects: [element.querySelector(sentList.subject)?.textContent ?? ''],
        recipients: [...element.querySelectorAll(sentList.recipient)].map((span) => (span.getAttribute('email') ?? '').toLowerCase()),
        sentAt: parseRowTime(date?.getAttribute('title')),
        markBefore: date,
      };
    }),
};
