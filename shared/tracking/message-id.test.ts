import { describe, expect, it } from 'vitest';
import { MESSAGE_ID_PATTERN, MINTED_ID_LENGTH, messageIdKeyId, mintMessageId, verifyMessageId } from './message-id.ts';

const key = { id: 'kAbC12', secret: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I' };
const otherKey = { id: 'kAbC12', secret: 'b3RoZXItb3RoZXItb3RoZXItb3RoZXItb3RoZXItb3Q' };

describe('minted message ids', () => {
  it('are unique, of the contract\'s shape, and name their key', () => {
    const ids = new Set(Array.from({ length: 200 }, () => mintMessageId(key)));
    expect(ids.size).toBe(200);
    for (const id of ids) {
      expect(id).toMatch(MESSAGE_ID_PATTERN);
      expect(id).toHaveLength(MINTED_ID_LENGTH);
      expect(messageIdKeyId(id)).toBe('kAbC12');
      expect(verifyMessageId(id, key)).toBe(true);
    }
  });

  it('do not verify with another secret, nor after any character changes', () => {
    const id = mintMessageId(key);
    expect(verifyMessageId(id, otherKey)).toBe(false);
    for (let i = 0; i < id.length; i++) {
      const changed = id.slice(0, i) + (id[i] === 'A' ? 'B' : 'A') + id.slice(i + 1);
      expect(verifyMessageId(changed, key)).toBe(false);
    }
  });

  it.each(['', 'short', 'x'.repeat(MINTED_ID_LENGTH - 1), `${'a'.repeat(MINTED_ID_LENGTH - 1)}!`])('have no key id when malformed: %j', (id) => {
    expect(messageIdKeyId(id)).toBeNull();
  });
});
