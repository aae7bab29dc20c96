import { describe, expect, it } from 'vitest';
import type { RecipientChip, TypedRecipient } from '../mail-clients/adapter.ts';
import { recipientsAtSend } from './recipients-at-send.ts';

type Chip = Pick<RecipientChip, 'field' | 'address'>;
const chip = (address: string | null, field: Chip['field'] = 'to'): Chip => ({ field, address });
const typed = (text: string, addresses: string[], field: TypedRecipient['field'] = 'to'): TypedRecipient => ({ field, text, addresses });
const EMPTY = { to: [], cc: [], bcc: [] };

describe('recipientsAtSend', () => {
  it.each<[string, Chip[], TypedRecipient[], ReturnType<typeof recipientsAtSend>]>([
    ['chips only', [chip('ana@example.org'), chip('bo@example.org', 'cc')], [],
      { recipients: { to: ['ana@example.org'], cc: ['bo@example.org'], bcc: [] }, unread: false, none: false }],
    ['an address typed, Send pressed before it became a chip', [], [typed('ana@example.org', ['ana@example.org'])],
      { recipients: { ...EMPTY, to: ['ana@example.org'] }, unread: false, none: false }],
    ['a chip and more typed after it, the same address once', [chip('ana@example.org')], [typed('ana@example.org, cy@example.org', ['ana@example.org', 'cy@example.org'])],
      { recipients: { ...EMPTY, to: ['ana@example.org', 'cy@example.org'] }, unread: false, none: false }],
    ['a name typed that the webmail has yet to resolve', [], [typed('Hal', [])], { recipients: EMPTY, unread: true, none: false }],
    ['a chip showing a name only', [chip(null)], [], { recipients: EMPTY, unread: true, none: false }],
    ['one known, one name only', [chip('ana@example.org'), chip(null, 'bcc')], [], { recipients: { ...EMPTY, to: ['ana@example.org'] }, unread: true, none: false }],
    ['nothing at all: the webmail refuses to send', [], [], { recipients: EMPTY, unread: false, none: true }],
  ])('%s', (_case, chips, text, expected) => {
    expect(recipientsAtSend(chips, text)).toEqual(expected);
  });
});
