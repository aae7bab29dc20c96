import { MARK_ATTRIBUTE, parseRowTime, type SentList } from '../../sender-view/sent-rows.ts';
import { addressIn, queryAllChain } from '../adapter.ts';
import { outlookSelectors } from './selectors.ts';

const { sentList } = outlookSelectors;

/**
 * Outlook's Sent Items. A row names its recipients ("Ana Example; Bob Builder") with each address
 * in a title, shows the subject in a span without a landmark, and the date with its full form in a
 * title; which of the titles is which is told by their shape, not their place.
 */
export const outlookSentList: SentList = {
  showing: (location) => sentList.folderPath.test(location.pathname),
  readRows: (doc) =>
    queryAllChain(doc, sentList.row).map((element) => {
      const titled = [...element.querySelectorAll<HTMLElement>(sentList.titled)].filter((node) => !node.closest(`[${MARK_ATTRIBUTE}]`));
      const recipients = new Set<string>();
      let date: HTMLElement | null = null;
      let sentAt: number | null = null;
      for (const node of titled) {
        const title = node.getAttribute('title') ?? '';
        const addresses = title.split(/[;,]/).map(addressIn).filter((address): address is string => address !== null);
        for (const address of addresses) recipients.add(address);
        const time = addresses.length === 0 ? parseRowTime(title) : null;
        if (time !== null) [date, sentAt] = [node, time];
      }
      const texts = [...element.querySelectorAll(sentList.text)].filter((span) => !span.closest(`[${MARK_ATTRIBUTE}]`));
      const subjects = new Set(texts.map((span) => span.textContent ?? ''));
      for (const node of titled) subjects.add(node.getAttribute('title') ?? '');
      return { element, subjects: [...subjects], recipients: [...recipients], sentAt, markBefore: date };
    }),
};
