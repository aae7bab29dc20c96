import { describe, expect, it } from 'vitest';
import type { ContactStatus } from '../../shared/schemas/contacts.ts';
import type { ComposeWindow, RecipientChip } from '../mail-clients/adapter.ts';
import { gmailSelectors } from '../mail-clients/gmail/selectors.ts';
import { DEFAULT_SETTINGS, type Settings } from '../storage.ts';
import { ComposeSession } from './compose-session.ts';
import type { RecipientStatuses } from './recipient-status.ts';

const settings: Settings = { ...DEFAULT_SETTINGS, workerUrl: 'https://t.example', apiToken: 'x', trackMode: 'opens-only' };

function fakeStatuses(list: Partial<ContactStatus>[]): RecipientStatuses {
  const map = new Map(list.map((s) => [s.email!, { doNotContact: 'none', consent: 'unknown', tracking: 'allowed', scope: null, lawfulBasis: null, reason: null, ...s } as ContactStatus]));
  return { get: (address: string) => map.get(address), request: () => undefined, problem: null } as unknown as RecipientStatuses;
}

function compose(addresses: string[]): ComposeWindow & { chips: RecipientChip[] } {
  const chips = addresses.map((address): RecipientChip => ({ field: 'to', address, label: address, element: document.createElement('span') }));
  const window = {
    quoteMarks: gmailSelectors.quotedHistory,
    root: document.createElement('div'),
    chips,
    body: () => null,
    subject: () => '',
    recipients: () => ({ to: window.chips.map((c) => c.address!), cc: [], bcc: [] }),
    recipientChips: () => window.chips,
    typedRecipients: () => [],
    missingLandmarks: () => [],
    removeRecipient: (chip: RecipientChip) => ((window.chips = window.chips.filter((c) => c !== chip)), true),
    placeToolbar: () => true,
  };
  return window;
}

describe('ComposeSession', () => {
  const out = 'out@example.org';

  it('sends untracked, and says why, while the compose lacks a landmark', () => {
    const session = new ComposeSession(compose(['ok@example.org']), () => settings, fakeStatuses([]));
    session.setLandmarkProblem('Not tracked: the Send button cannot be found.');
    expect(session.view().untrackedBecause).toBe('Not tracked: the Send button cannot be found.');
    expect(session.decide()).toMatchObject({ decision: 'send', plan: { track: false } });
    session.setLandmarkProblem(null);
    expect(session.decide().plan.track).toBe(true);
  });

  it('starts from the options\' defaults', () => {
    const session = new ComposeSession(compose([]), () => settings, fakeStatuses([]));
    expect(session.view().choices).toMatchObject({ track: true, mode: 'opens-only', massMail: false });
  });

  it('holds the first Send to an opted-out recipient, then sends when pressed again', () => {
    const c = compose(['ok@example.org', out]);
    const session = new ComposeSession(c, () => settings, fakeStatuses([{ email: out, doNotContact: 'no_email' }]));
    expect(session.decide().decision).toBe('hold');
    expect(session.view().heldNotice).toContain(`${out} (Unsubscribed from all email)`);
    expect(session.decide().decision).toBe('send');
  });

  it('holds again when another opted-out recipient is added after the warning', () => {
    const c = compose([out]);
    const session = new ComposeSession(c, () => settings, fakeStatuses([{ email: out, doNotContact: 'no_email' }, { email: 'late@example.org', doNotContact: 'no_contact' }]));
    expect(session.decide().decision).toBe('hold');
    c.chips.push({ field: 'to', address: 'late@example.org', label: 'late@example.org', element: document.createElement('span') });
    expect(session.decide().decision).toBe('hold');
    expect(session.decide().decision).toBe('send');
  });

  it('removes opted-out recipients and strikes none through afterwards', () => {
    const c = compose(['ok@example.org', out]);
    const session = new ComposeSession(c, () => settings, fakeStatuses([{ email: out, doNotContact: 'no_contact' }]));
    session.refresh();
    expect(c.chips[1]!.element.style.textDecoration).toBe('line-through');
    session.removeOptedOut();
    expect(c.recipients().to).toEqual(['ok@example.org']);
    expect(session.decide().decision).toBe('send');
  });

  it('sends untracked when a recipient refused tracking, and says why', () => {
    const session = new ComposeSession(compose(['p@example.org']), () => settings, fakeStatuses([{ email: 'p@example.org', tracking: 'refused' }]));
    expect(session.view().untrackedBecause).toBe('Not tracked: p@example.org asked not to be tracked.');
    expect(session.decide()).toEqual({ decision: 'send', plan: { track: false, mode: 'opens-only', massMail: false } });
  });

  it('warns about "no mass email" only on a mail merge', () => {
    const session = new ComposeSession(compose([out]), () => settings, fakeStatuses([{ email: out, doNotContact: 'no_mass_email' }]));
    expect(session.decide().decision).toBe('send');
    session.choose({ massMail: true });
    expect(session.decide()).toMatchObject({ decision: 'hold', plan: { massMail: true } });
  });
});
