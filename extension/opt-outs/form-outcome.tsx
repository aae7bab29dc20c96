import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { errorText } from '../ui/connection.ts';

/** Where a form of the opt-out list stands: sending, what it did in words, or the Worker's refusal. */
export type Outcome = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; text: string } | { kind: 'error'; message: string };

/**
 * A form's outcome and the way to send it: `run(work)` marks it busy, then shows the words `work`
 * returns (none: nothing to say) or the error in the Worker's words.
 */
export function useOutcome(): [Outcome, (work: () => Promise<string | null>) => Promise<void>] {
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  async function run(work: () => Promise<string | null>) {
    setOutcome({ kind: 'busy' });
    try {
      const text = await work();
      setOutcome(text === null ? { kind: 'idle' } : { kind: 'done', text });
    } catch (err) {
      setOutcome({ kind: 'error', message: errorText(err) });
    }
  }
  return [outcome, run];
}

/** The outcome as read aloud when it changes. */
export function OutcomeText({ outcome, children }: { outcome: Outcome; children?: ComponentChildren }) {
  return (
    <div aria-live="polite">
      {outcome.kind === 'done' && <p class="status ok" role="status">{outcome.text}</p>}
      {outcome.kind === 'error' && <p class="status error" role="alert">{outcome.message}</p>}
      {children}
    </div>
  );
}
