import { describe, expect, it } from 'vitest';
import { ComposeSession } from '../compose/compose-session.ts';
import type { RecipientStatuses } from '../compose/recipient-status.ts';
import type { ComposeWindow, RecipientChip } from '../mail-clients/adapter.ts';
import { gmailSelectors } from '../mail-clients/gmail/selectors.ts';
import { DEFAULT_SETTINGS, type Settings } from '../storage.ts';

const noStatuses = { get: () => undefined, request: () => undefined, problem: null } as unknown as RecipientStatuses;
const settings: Settings = { ...DEFAULT_SETTINGS, workerUrl: 'https://t.example', apiToken: 'x', neverTrackDomains: ['acme.com'] };

function compose(chips: (string | null)[], typed: string[] = []): ComposeWindow {
  const recipientChips = chips.map((address): RecipientChip => ({ field: 'to', address, label: address ?? 'Bob', element: document.createElement('span') }));
  return {
    root: document.createElement('div'), body: () => null, subject: () => '',
    recipients: () => ({ to: [...chips.filter((a): a is string => a !== null), ...typed], cc: [], bcc: [] }),
    recipientChips: () => recipientChips, removeRecipient: () => false, placeToolbar: () => true, pressSend: () => true,
    quoteMarks: gmailSelectors.quotedHistory, typedRecipients: () => [], missingLandmarks: () => [],
  };
}

describe('the compose, for colleagues only', () => {
  it.each<[string, (string | null)[], string[], Settings, string | null]>([
    ['colleagues only: untracked, and the toolbar says why', ['bob@acme.com', 'cy@eu.acme.com'], [], settings, 'Not tracked: every recipient is a colleague (acme.com).'],
    ['a customer too: tracked', ['bob@acme.com', 'ana@example.org'], [], settings, null],
    ['a customer typed but not yet a chip: tracked', ['bob@acme.com'], ['ana@example.org'], settings, null],
    ['a chip showing only a name: tracked', ['bob@acme.com', null], [], settings, null],
    ['no domains chosen: tracked', ['bob@acme.com'], [], { ...settings, neverTrackDomains: [] }, null],
    ['not yet settled (no account): tracked', ['bob@acme.com'], [], { ...settings, neverTrackDomains: null }, null],
  ])('%s', (_, chips, typed, chosen, reason) => {
    const session = new ComposeSession(compose(chips, typed), () => chosen, noStatuses);
    expect(session.view().untrackedBecause).toBe(reason);
    expect(session.decide().plan.track).toBe(reason === null);
  });

  it('says nothing when the sender switched tracking off anyway', () => {
    const session = new ComposeSession(compose(['bob@acme.com']), () => settings, noStatuses);
    session.choose({ track: false });
    expect(session.view().untrackedBecause).toBeNull();
  });
});
