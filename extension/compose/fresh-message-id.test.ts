import { describe, expect, it } from 'vitest';
import { mayReuseMessageId } from './fresh-message-id.ts';

describe('mayReuseMessageId', () => {
  const sentAt = Date.UTC(2026, 11, 7, 9, 0, 0);
  it.each([
    ['sent again at once (a second press)', 0, true],
    ['sent again 20 s later (Undo, a quick fix)', 20_000, true],
    ['sent again 25 s later: the registration would reach the Worker too late', 25_000, false],
    ['sent again a minute later', 60_000, false],
    ['a scheduled send moved before its time', -3_600_000, true],
  ])('%s', (_case, after, reuse) => {
    expect(mayReuseMessageId(sentAt, sentAt + after)).toBe(reuse);
  });
});
