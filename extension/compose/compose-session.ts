import type { ComposeWindow, RecipientChip } from '../mail-clients/adapter.ts';
import type { Settings } from '../storage.ts';
import { t } from '../ui/i18n.ts';
import { choicesFor, updateChoices, type ComposeChoices } from './compose-choices.ts';
import { checkRecipients, type RecipientVerdict } from './opt-out-check.ts';
import type { RecipientStatuses } from './recipient-status.ts';
import type { SendDecision } from './send-hook.ts';
import type { SendPlan } from './track-on-send.ts';

const MARK = 'data-smartlinks-opt-out';

/** What the toolbar shows for one compose; rebuilt whenever recipients, states or choices change. */
export interface ComposeView {
  choices: ComposeChoices;
  verdicts: RecipientVerdict[];
  /** Why the message will go untracked although the switch is on, or null. */
  untrackedBecause: string | null;
  /** Said at Send when the sender must confirm (role=alert), or null. */
  heldNotice: string | null;
  problem: string | null;
}

/**
 * One compose's state between the page and our toolbar: the sender's choices, the recipients'
 * opt-outs, and the decision at Send. Written once against the adapter's ComposeWindow.
 */
export class ComposeSession {
  private readonly listeners = new Set<() => void>();
  private heldNotice: string | null = null;
  /** Why this compose cannot be tracked at all: the webmail changed and a landmark is missing. */
  private landmarkProblem: string | null = null;
  /** Opted-out addresses the sender already saw at Send; a second press sends to them. */
  private confirmed = new Set<string>();
  private lastKey = '';

  constructor(
    readonly compose: ComposeWindow,
    private readonly settings: () => Settings,
    private readonly statuses: RecipientStatuses,
  ) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    this.listeners.forEach((listener) => listener());
  }

  view(): ComposeView {
    return this.viewOf(this.compose.recipientChips());
  }

  private viewOf(chips: readonly RecipientChip[]): ComposeView {
    const choices = choicesFor(this.compose.root, this.settings());
    const verdicts = checkRecipients(chips, this.statuses, choices.massMail);
    const refusing = verdicts.filter((verdict) => verdict.kind === 'refused-tracking');
    const untrackedBecause =
      choices.track && this.landmarkProblem
        ? this.landmarkProblem
        : choices.track && refusing.length > 0
          ? t('compose.untracked', [refusing.map((verdict) => verdict.chip.address).join(', ')])
          : null;
    return { choices, verdicts, untrackedBecause, heldNotice: this.heldNotice, problem: this.statuses.problem };
  }

  /** The compose lacks landmarks (the words say which), or no longer does (null). */
  setLandmarkProblem(words: string | null): void {
    if (words === this.landmarkProblem) return;
    this.landmarkProblem = words;
    this.refresh(true);
  }

  choose(change: Partial<ComposeChoices>): void {
    updateChoices(this.compose.root, this.settings(), change);
    this.refresh(true);
  }

  /** Recipients may have changed: ask for new states, mark opted-out chips, re-render if needed. */
  refresh(force = false): void {
    const chips = this.compose.recipientChips();
    this.statuses.request(chips.flatMap((chip) => (chip.address ? [chip.address] : [])));
    const view = this.viewOf(chips);
    markChips(chips, view.verdicts);
    const key = JSON.stringify([view.verdicts.map((v) => [v.kind, v.chip.address, v.chip.label, v.words]), view.problem]);
    if (force || key !== this.lastKey) {
      this.lastKey = key;
      this.notify();
    }
  }

  removeOptedOut(): void {
    for (const verdict of this.view().verdicts) if (verdict.kind === 'opted-out') this.compose.removeRecipient(verdict.chip);
    this.heldNotice = null;
    this.refresh(true);
  }

  /**
   * The synchronous check at Send, on the states fetched while typing. Opted-out recipients hold
   * the first press with a notice; pressing Send again sends to them anyway.
   */
  decide(): { decision: SendDecision; plan: SendPlan } {
    const view = this.view();
    const optedOut = view.verdicts.filter((verdict) => verdict.kind === 'opted-out');
    const unconfirmed = optedOut.filter((verdict) => !this.confirmed.has(verdict.chip.address ?? ''));
    const plan: SendPlan = { track: view.choices.track && view.untrackedBecause === null, mode: view.choices.mode, massMail: view.choices.massMail };
    if (unconfirmed.length > 0) {
      unconfirmed.forEach((verdict) => this.confirmed.add(verdict.chip.address ?? ''));
      this.heldNotice = t('compose.held', [optedOut.map((verdict) => `${verdict.chip.address} (${verdict.words})`).join('; ')]);
      this.notify();
      return { decision: 'hold', plan };
    }
    this.heldNotice = null;
    return { decision: 'send', plan };
  }
}

function markChips(chips: readonly RecipientChip[], verdicts: readonly RecipientVerdict[]): void {
  const words = new Map(verdicts.filter((verdict) => verdict.kind === 'opted-out').map((verdict) => [verdict.chip.element, verdict.words]));
  for (const chip of chips) {
    const reason = words.get(chip.element);
    if (reason === undefined) {
      if (chip.element.hasAttribute(MARK)) {
        chip.element.removeAttribute(MARK);
        chip.element.style.removeProperty('text-decoration');
      }
    } else if (chip.element.getAttribute(MARK) !== reason) {
      chip.element.setAttribute(MARK, reason);
      chip.element.setAttribute('title', reason);
      chip.element.style.setProperty('text-decoration', 'line-through');
    }
  }
}
