import { describe, expect, it } from 'vitest';
import { boundSpan, ledgerRange } from './ledger.ts';

describe('a ledger range bound', () => {
  it.each([
    ['2026-11-24', { start: '2026-11-24T00:00:00.000Z', end: '2026-11-25T00:00:00.000Z' }],
    ['2026-12-31', { start: '2026-12-31T00:00:00.000Z', end: '2027-01-01T00:00:00.000Z' }],
    ['2026-11-24T10:00:00.000Z', { start: '2026-11-24T10:00:00.000Z', end: '2026-11-24T10:00:00.001Z' }],
    ['2026-11-24T12:00:00+02:00', { start: '2026-11-24T10:00:00.000Z', end: '2026-11-24T10:00:00.001Z' }],
    ['2026-02-30', null],
    ['2026-13-01', null],
    ['24.11.2026', null],
    ['yesterday', null],
    ['', null],
  ])('%j spans %j', (text, span) => {
    expect(boundSpan(text)).toEqual(span);
  });
});

describe('a ledger range', () => {
  const now = new Date('2026-12-07T12:00:00.000Z');

  it.each([
    [{ from: '2026-11-24', to: '2026-11-24' }, { from: '2026-11-24T00:00:00.000Z', until: '2026-11-25T00:00:00.000Z' }],
    [{ from: '2026-11-24T10:00:00.000Z', to: '2026-11-24T10:00:00.000Z' }, { from: '2026-11-24T10:00:00.000Z', until: '2026-11-24T10:00:00.001Z' }],
    [{}, { from: '', until: '2026-12-07T12:00:00.001Z' }],
    [{ from: '2026-12-01' }, { from: '2026-12-01T00:00:00.000Z', until: '2026-12-07T12:00:00.001Z' }],
    [{ from: '2026-11-25', to: '2026-11-24' }, null],
  ])('%j selects %j', (query, range) => {
    expect(ledgerRange(query, now)).toEqual(range);
  });
});
