import {
  addressIn,
  closestChain,
  pressControl,
  queryAllChain,
  queryChain,
  readBuild,
  recipientsOf,
  typedRecipient,
  type ComposeWindow,
  type Landmark,
  type MailClientAdapter,
  type RecipientChip,
  type TypedRecipient,
} from '../adapter.ts';
import { WARNINGS_ABOVE_ATTRIBUTE } from '../../compose/toolbar-style.ts';
import { gmailSelectors as S } from './selectors.ts';
import { gmailScheduledSend } from './scheduled-send.ts';

const FIELDS = ['to', 'cc', 'bcc'] as const;

function chipsOf(root: HTMLElement): RecipientChip[] {
  return FIELDS.flatMap((field) =>
    queryAllChain(root, S.recipientChip[field]).map((element): RecipientChip => {
      const source = element.matches(S.chipAddress[0]) ? element : queryChain(element, S.chipAddress);
      const raw = source?.getAttribute('data-hovercard-id') ?? (source as HTMLInputElement | null)?.value ?? '';
      const address = addressIn(raw);
      const label = element.getAttribute('data-name') ?? element.textContent?.trim() ?? raw;
      return { field, address, label: label || (address ?? ''), element };
    }),
  );
}

function typedOf(root: HTMLElement): TypedRecipient[] {
  return FIELDS.flatMap((field) => {
    const input = queryChain(root, S.recipientInput[field]) as HTMLInputElement | HTMLTextAreaElement | null;
    const typed = input && typedRecipient(field, input.value);
    return typed ? [typed] : [];
  });
}

function missingOf(root: HTMLElement): Landmark[] {
  const missing: Landmark[] = [];
  if (!queryChain(root, S.body)) missing.push('body');
  if (!queryChain(root, S.sendControl)) missing.push('send');
  if (!queryChain(root, S.recipientInput.to) && chipsOf(root).length === 0) missing.push('recipients');
  return missing;
}

function composeWindow(root: HTMLElement): ComposeWindow {
  return {
    root,
    quoteMarks: S.quotedHistory,
    body: () => queryChain(root, S.body),
    subject: () => (queryChain(root, S.subject) as HTMLInputElement | null)?.value ?? '',
    recipientChips: () => chipsOf(root),
    typedRecipients: () => typedOf(root),
    recipients: () => recipientsOf(chipsOf(root), typedOf(root)),
    missingLandmarks: () => missingOf(root),
    removeRecipient(chip) {
      const control = queryChain(chip.element, S.chipRemove);
      if (!control) return false;
      control.click();
      return true;
    },
    pressSend() {
      const control = queryChain(root, S.sendControl);
      if (control) pressControl(control);
      return control !== null;
    },
    placeToolbar(host) {
      const row = queryChain(root, S.toolbarRow);
      if (!row) return false;
      const cell = host.parentElement;
      if (cell?.parentElement === row) return true;
      host.setAttribute(WARNINGS_ABOVE_ATTRIBUTE, '');
      // The row is a table row: our host sits in a cell of Gmail's own kind (`td.gU`).
      const td = root.ownerDocument.createElement('td');
      td.className = 'gU';
      td.append(host);
      row.insertBefore(td, queryChain(row, S.toolbarBefore));
      return true;
    },
  };
}

function composeContaining(target: Element): ComposeWindow | null {
  const root = closestChain(target, S.composeRoot);
  return root ? composeWindow(root) : null;
}

export const gmailAdapter: MailClientAdapter = {
  name: 'gmail',
  findComposes(doc) {
    // Both chains can match one compose (the region sits inside `.M9`): keep the outermost-first
    // chain's match only.
    return queryAllChain(doc, S.composeRoot).map(composeWindow);
  },
  composeForSendControl(target) {
    const control = closestChain(target, S.sendControl);
    const root = control && closestChain(control, S.composeRoot);
    return root ? composeWindow(root) : null;
  },
  composeContaining,
  build: (doc) => readBuild(doc, S.build),
  sendShortcuts: S.sendShortcuts,
  scheduledSend: gmailScheduledSend(composeContaining),
};
