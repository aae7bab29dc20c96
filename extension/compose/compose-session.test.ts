import { describe, expect, it } from 'vitest';
import type { ContactStatus } from '../../shared/schemas/contacts.ts';
import type { ComposeWindow, RecipientChip } from '../mail-clients/adapter.ts';
import { gmailSelectors } from '../mail-clients/gmail/selectors.ts';
import { DEFAULT_SETTINGS, type Settings } from '../storage.ts';
import { DEFAULT_ORG_SETTINGS, type OrgSettings } from '../../shared/schemas/org-settings.ts';
import { ComposeSession } from './compose-session.ts';
import type { RecipientStatuses } from './recipient-status.ts';

const settings: Settings = { ...DEFAULT_SETTINGS, workerUrl: 'https://t.example', apiToken: 'x', trackMode: 'opens-only' };

function fakeStatuses(list: Partial<ContactStatus>[]): RecipientStatuses {
  const map = new Map(list.map((s) => [s.email!, { doNotContact: 'none', consent: 'unknown', tracking: 'allowed', scope: null, lawfulBasis: null, reason: null, ...s } as ContactStatus]));
  return { get: (address: string) => map.get(address), request: () => undefined, problem: null } as unknown as RecipientStatuses;
}

function compose(addresses: string[]): ComposeWindow & { chips: RecipientChip[]; pressed: number } {
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
    pressSend: () => ((window.pressed += 1), true),
    pressed: 0,
    placeToolbar: () => true,
  };
  return window;
}

describe('ComposeSession', () => {
  const out = 'out@example.org';

  it('sends untracked, and says why, while the compose lacks a landmark', () => {
    const session = new ComposeSession(compose(['ok@example.org']), () => settings, fakeStatuses([{ email: 'ok@example.org' }]));
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
    const session = new ComposeSession(c, () => settings, fakeStatuses([{ email: 'ok@example.org' }, { email: out, doNotContact: 'no_contact' }]));
    session.refresh();
    expect(c.chips[1]!.element.style.textDecoration).toBe('line-through');
    session.removeOptedOut();
    expect(c.recipients().to).toEqual(['ok@example.org']);
    expect(session.decide().decision).toBe('send');
  });

  it('sends untracked when a recipient refused tracking, and says why', () => {
    const session = new ComposeSession(compose(['p@example.org']), () => settings, fakeStatuses([{ email: 'p@example.org', tracking: 'refused' }]));
    expect(session.view().untrackedBecause).toBe('Not tracked: p@example.org asked not to be tracked.');
    expect(session.decide()).toEqual({ decision: 'send', appendOptOut: false, plan: { track: false, mode: 'opens-only', massMail: false } });
  });

  it('warns about "no mass email" only on a mail merge', () => {
    const session = new ComposeSession(compose([out]), () => settings, fakeStatuses([{ email: out, doNotContact: 'no_mass_email' }]));
    expect(session.decide().decision).toBe('send');
    session.choose({ massMail: true });
    expect(session.decide()).toMatchObject({ decision: 'hold', plan: { massMail: true } });
  });

  const org = (change: Partial<OrgSettings>) => () => ({ ...DEFAULT_ORG_SETTINGS, ...change });

  it('under block, refuses every press while an opted-out recipient remains; "Remove them and send" sends to the rest', () => {
    const c = compose(['ok@example.org', out]);
    const session = new ComposeSession(c, () => settings, fakeStatuses([{ email: 'ok@example.org' }, { email: out, doNotContact: 'no_mass_email' }]), org({ optOutEnforcement: 'block' }));
    session.choose({ massMail: true });
    const body = document.createElement('div');
    c.body = () => body; // has no Unsubscribe link: appended at send, which does not hold
    expect(session.decide().decision).toBe('hold');
    expect(session.view().heldNotice).toBe(`Not sent: your organisation does not email contacts who opted out: ${out} (Unsubscribed from mass email).`);
    expect(session.decide().decision).toBe('hold');
    session.removeOptedOutAndSend();
    expect(c.recipients().to).toEqual(['ok@example.org']);
    expect(c.pressed).toBe(1);
    expect(session.decide()).toMatchObject({ decision: 'send', appendOptOut: true });
  });

  it('does not press Send for a held scheduled send: the sender schedules it again', () => {
    const c = compose([out]);
    const session = new ComposeSession(c, () => settings, fakeStatuses([{ email: out, doNotContact: 'no_email' }]), org({ optOutEnforcement: 'block' }));
    expect(session.decide({ scheduledFor: null }).decision).toBe('hold');
    session.removeOptedOutAndSend();
    expect(c.pressed).toBe(0);
  });

  it('holds the first Send while a check is still running or the address is unknown, says how many, and sends on the second', () => {
    const c = compose(['new@example.org']);
    c.chips.push({ field: 'to', address: null, label: 'Ana Example', element: document.createElement('span') });
    const session = new ComposeSession(c, () => settings, fakeStatuses([]), org({ optOutEnforcement: 'block' }));
    expect(session.view().checking).toBe(true);
    expect(session.decide().decision).toBe('hold');
    expect(session.view().heldNotice).toBe('Not sent yet: 2 recipients could not be checked (new@example.org, Ana Example). Press Send again to send anyway.');
    expect(session.decide().decision).toBe('send');
  });

  it('names the organisation\'s lawful-basis rule as the reason, not an opt-out', () => {
    const session = new ComposeSession(compose([out]), () => settings, fakeStatuses([{ email: out, doNotContact: 'no_contact', reason: 'no_lawful_basis' }]));
    expect(session.view().verdicts.map((verdict) => verdict.words)).toEqual(['No lawful basis recorded (EU rule of your organisation)']);
    expect(session.decide().decision).toBe('hold');
  });

  it('says before Send what happens to a mail merge without an Unsubscribe link, under each rule', () => {
    const c = compose(['ok@example.org']);
    const body = document.createElement('div');
    c.body = () => body;
    let rule: OrgSettings['mailMergeOptOut'] = 'append';
    const session = new ComposeSession(c, () => settings, fakeStatuses([{ email: 'ok@example.org' }]), () => ({ ...DEFAULT_ORG_SETTINGS, mailMergeOptOut: rule }));
    expect(session.view().mailMergeOptOut).toBeNull();
    session.choose({ massMail: true });
    expect(session.view().mailMergeOptOut).toBe('append');
    rule = 'hold';
    expect(session.decide().decision).toBe('hold');
    expect(session.view().heldNotice).toBe('Not sent: a mail merge must carry an Unsubscribe link (a rule of your organisation).');
    const link = document.createElement('a');
    link.setAttribute('href', 'https://t.example/s/unsubscribe');
    body.append(link);
    expect(session.view().mailMergeOptOut).toBeNull();
    expect(session.decide()).toMatchObject({ decision: 'send', appendOptOut: false });
  });
});
