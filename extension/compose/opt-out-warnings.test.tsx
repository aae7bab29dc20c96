import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ORG_SETTINGS, type OrgSettings } from '../../shared/schemas/org-settings.ts';
import type { ContactStatus } from '../../shared/schemas/contacts.ts';
import type { ComposeWindow, RecipientChip } from '../mail-clients/adapter.ts';
import { DEFAULT_SETTINGS } from '../storage.ts';
import { ComposeSession } from './compose-session.ts';
import type { RecipientStatuses } from './recipient-status.ts';
import { mountToolbar } from './toolbar.tsx';

const out = 'out@example.org';
const statuses = {
  get: (address: string): ContactStatus | undefined =>
    address === out ? { email: out, doNotContact: 'no_email', consent: 'unknown', tracking: 'allowed', scope: null, lawfulBasis: null, reason: null } : undefined,
  request: () => undefined,
  problem: null,
} as unknown as RecipientStatuses;

function toolbar(org: Partial<OrgSettings>, massMail = false) {
  const chips: RecipientChip[] = [{ field: 'to', address: out, label: out, element: document.createElement('span') }];
  const body = document.createElement('div');
  const compose = {
    root: document.createElement('div'), body: () => body, subject: () => '', recipients: () => ({ to: chips.map((chip) => chip.address!), cc: [], bcc: [] }),
    recipientChips: () => chips, removeRecipient: () => true, pressSend: () => true, placeToolbar: () => true,
    quoteMarks: { containers: [], marker: null }, typedRecipients: () => [], missingLandmarks: () => [],
  } as ComposeWindow;
  const session = new ComposeSession(compose, () => ({ ...DEFAULT_SETTINGS, workerUrl: 'https://t.example', apiToken: 'x' }), statuses, () => ({ ...DEFAULT_ORG_SETTINGS, ...org }));
  if (massMail) session.choose({ massMail: true });
  const picked: string[] = [];
  const host = mountToolbar(document, session, { insertSmartLink: (action) => picked.push(action) });
  document.body.append(host);
  const buttons = () => [...host.shadowRoot!.querySelectorAll('.warnings button')].map((button) => button.textContent);
  return { host, buttons, picked };
}

describe('the opt-out warnings in the toolbar', () => {
  afterEach(() => document.body.replaceChildren());

  it('offers only "Remove them and send" under the block rule', () => {
    expect(toolbar({ optOutEnforcement: 'block' }).buttons()).toEqual(['Remove them and send']);
    expect(toolbar({ optOutEnforcement: 'warn' }).buttons()).toEqual(['Remove opted-out recipients']);
  });

  it('says before Send that a mail merge gets an unsubscribe line, or offers to add the link under hold', () => {
    expect(toolbar({ mailMergeOptOut: 'append' }, true).host.shadowRoot!.textContent).toContain('a line to unsubscribe is added at the end when you send');
    const held = toolbar({ mailMergeOptOut: 'hold' }, true);
    const add = [...held.host.shadowRoot!.querySelectorAll<HTMLButtonElement>('.warnings button')].find((button) => button.textContent === 'Add an Unsubscribe link')!;
    add.click();
    expect(held.picked).toEqual(['unsubscribe']);
  });
});
