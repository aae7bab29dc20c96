import { describe, expect, it } from 'vitest';
import { isWebSocketUpgrade } from '../../scripts/lib/stream-gate.ts';

// Request heads as each browser sends them (header order differs: Firefox puts Upgrade last).
const CHROMIUM = 'GET /api/stream?ticket=t HTTP/1.1\r\nHost: 127.0.0.1:4000\r\nConnection: Upgrade\r\nPragma: no-cache\r\nCache-Control: no-cache\r\nUser-Agent: Mozilla/5.0\r\nUpgrade: websocket\r\nOrigin: chrome-extension://abc\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: x==';
const FIREFOX = 'GET /api/stream?ticket=t HTTP/1.1\r\nHost: 127.0.0.1:4000\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: x==\r\nConnection: keep-alive, Upgrade\r\nSec-Fetch-Mode: websocket\r\nPragma: no-cache\r\nCache-Control: no-cache\r\nUpgrade: websocket';

describe('the stream gate tells a WebSocket from a plain request', () => {
  it.each([
    ['Chromium\'s upgrade', CHROMIUM, true],
    ['Firefox\'s upgrade (Upgrade is its last header)', FIREFOX, true],
    ['a poll', 'GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:4000\r\nConnection: keep-alive', false],
    ['an upgrade to something else', 'GET / HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: h2c', false],
  ])('%s', (_case, head, expected) => {
    expect(isWebSocketUpgrade(head)).toBe(expected);
  });
});
