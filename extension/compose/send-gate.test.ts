import { describe, expect, it } from 'vitest';
import { decideSend, type SendGateInput } from './send-gate.ts';

const recipients = {
  'opted-out': { optedOut: ['out@example.org'], unchecked: [] },
  unchecked: { optedOut: [], unchecked: ['new@example.org'] },
  clean: { optedOut: [], unchecked: [] },
} as const;

function input(enforcement: 'warn' | 'block', who: keyof typeof recipients, press: 'first' | 'second'): SendGateInput {
  const { optedOut, unchecked } = recipients[who];
  // A second press comes after the first one's notice named everyone it held for.
  const alreadyShown = new Set<string>(press === 'second' ? [...optedOut, ...unchecked] : []);
  return { enforcement, mailMergeOptOut: 'append', optedOut, unchecked, alreadyShown, mailMergeWithoutOptOut: false };
}

describe('decideSend: the hold and block decisions at Send', () => {
  it.each([
    // enforcement, recipients, press, decision, reasons
    ['warn', 'opted-out', 'first', 'hold', ['opted-out']],
    ['warn', 'opted-out', 'second', 'send', []],
    ['warn', 'unchecked', 'first', 'hold', ['unchecked']],
    ['warn', 'unchecked', 'second', 'send', []],
    ['warn', 'clean', 'first', 'send', []],
    ['warn', 'clean', 'second', 'send', []],
    ['block', 'opted-out', 'first', 'hold', ['opted-out-blocked']],
    ['block', 'opted-out', 'second', 'hold', ['opted-out-blocked']],
    ['block', 'unchecked', 'first', 'hold', ['unchecked']],
    ['block', 'unchecked', 'second', 'send', []],
    ['block', 'clean', 'first', 'send', []],
    ['block', 'clean', 'second', 'send', []],
  ] as const)('%s, %s recipient, %s press: %s %j', (enforcement, who, press, decision, reasons) => {
    const gate = decideSend(input(enforcement, who, press));
    expect(gate.decision).toBe(decision);
    expect(gate.decision === 'hold' ? gate.reasons : []).toEqual(reasons);
  });

  it('holds again for a recipient added after the notice, and names everyone it holds for', () => {
    const gate = decideSend({ ...input('warn', 'opted-out', 'second'), unchecked: ['Ana Example'] });
    expect(gate).toEqual({ decision: 'hold', reasons: ['unchecked'], shown: ['out@example.org', 'Ana Example'] });
  });

  it('names the unchecked recipients in a block, so that "Remove them and send" then sends', () => {
    const held = decideSend({ ...input('block', 'opted-out', 'first'), unchecked: ['new@example.org'] });
    expect(held).toEqual({ decision: 'hold', reasons: ['opted-out-blocked', 'unchecked'], shown: ['out@example.org', 'new@example.org'] });
    const afterRemoval = decideSend({ ...input('block', 'clean', 'first'), unchecked: ['new@example.org'], alreadyShown: new Set(held.decision === 'hold' ? held.shown : []) });
    expect(afterRemoval.decision).toBe('send');
  });

  it.each([
    ['append', false, { decision: 'send', appendOptOut: true }],
    ['append', true, { decision: 'send', appendOptOut: true }],
    ['hold', false, { decision: 'hold', reasons: ['mail-merge-without-opt-out'], shown: [] }],
    ['hold', true, { decision: 'hold', reasons: ['mail-merge-without-opt-out'], shown: [] }],
  ] as const)('a mail merge without an Unsubscribe link under %s (pressed again: %s)', (mailMergeOptOut, again, expected) => {
    const gate = decideSend({ ...input('warn', 'clean', again ? 'second' : 'first'), mailMergeOptOut, mailMergeWithoutOptOut: true });
    expect(gate).toEqual(expected);
  });

  it('sends a mail merge that has its Unsubscribe link as it is', () => {
    expect(decideSend({ ...input('warn', 'clean', 'first'), mailMergeOptOut: 'hold' })).toEqual({ decision: 'send', appendOptOut: false });
  });
});
