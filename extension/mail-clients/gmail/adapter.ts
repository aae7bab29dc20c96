import { closestChain, queryChain, type ComposeWindow, type MailClientAdapter, type Recipients } from '../adapter.ts';
import { gmailSelectors as S } from './selectors.ts';

const ADDRESS = /[^\s<>"',;]+@[^\s<>"',;]+/;

function chipAddresses(root: HTMLElement, chain: readonly string[]): string[] {
  const found = new Set<string>();
  for (const selector of chain) {
    for (const chip of root.querySelectorAll<HTMLElement>(selector)) {
      // PeopleKit: data-hovercard-id; classic chips: hidden input "Name <email>".
      const raw = chip.getAttribute('data-hovercard-id') ?? (chip as HTMLInputElement).value ?? '';
      const address = ADDRESS.exec(raw)?.[0];
      if (address) found.add(address.toLowerCase());
    }
  }
  return [...found];
}

function composeWindow(root: HTMLElement): ComposeWindow {
  return {
    root,
    body: () => queryChain(root, S.body),
    subject: () => (queryChain(root, S.subject) as HTMLInputElement | null)?.value ?? '',
    recipients: (): Recipients => ({
      to: chipAddresses(root, S.recipientChip.to),
      cc: chipAddresses(root, S.recipientChip.cc),
      bcc: chipAddresses(root, S.recipientChip.bcc),
    }),
  };
}

export const gmailAdapter: MailClientAdapter = {
  name: 'gmail',
  composeForSendControl(target) {
    const control = closestChain(target, S.sendControl);
    const root = control && closestChain(control, S.composeRoot);
    return root ? composeWindow(root) : null;
  },
  composeContaining(target) {
    const root = closestChain(target, S.composeRoot);
    return root ? composeWindow(root) : null;
  },
};
