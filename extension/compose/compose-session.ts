import { colleaguesOnlyReason } from '../colleagues/compose-colleagues.ts';
import { DEFAULT_ORG_SETTINGS, type OptOutEnforcement, type OrgSettings } from '../../shared/schemas/org-settings.ts';
import type { ComposeWindow, RecipientChip } from '../mail-clients/adapter.ts';
import type { Settings } from '../storage.ts';
import { t } from '../ui/i18n.ts';
import { choicesFor, updateChoices, type ComposeChoices } from './compose-choices.ts';
import { hasUnsubscribeLink } from './mail-merge-opt-out.ts';
import { checkRecipients, type RecipientVerdict } from './opt-out-check.ts';
import type { RecipientStatuses } from './recipient-status.ts';
import { decideSend, type HoldReason } from './send-gate.ts';
import type { SendDecision, SendOccasion } from './send-hook.ts';
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
  /** The organisation's rule for opted-out recipients: `block` offers only "Remove them and send". */
  enforcement: OptOutEnforcement;
  /** A mail merge without an Unsubscribe Smart Link: what Send will do about it, or null. */
  mailMergeOptOut: 'append' | 'hold' | null;
  /** Some recipient's check is still running: Send now would be held for it. */
  checking: boolean;
}

/** A recipient as the notices name it and the gate remembers it: the address, else the chip's name. */
function recipientKey(chip: RecipientChip): string {
  return chip.address ?? `name:${chip.label}`;
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
  /** Recipients a notice at Send already named; a warning about them does not hold again. */
  private shown = new Set<string>();
  /** The held press was a scheduled send: "Remove them and send" must not send it now instead. */
  private heldWasScheduled = false;
  private lastKey = '';

  constructor(
    readonly compose: ComposeWindow,
    private readonly settings: () => Settings,
    private readonly statuses: RecipientStatuses,
    private readonly organisation: () => OrgSettings = () => DEFAULT_ORG_SETTINGS,
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
          : choices.track
            ? colleaguesOnlyReason(this.compose, this.settings())
            : null;
    const org = this.organisation();
    const body = choices.massMail ? this.compose.body() : null;
    const mailMergeOptOut = body && !hasUnsubscribeLink(body, this.settings().workerUrl) ? org.mailMergeOptOut : null;
    const checking = this.statuses.problem === null && verdicts.some((verdict) => verdict.kind === 'not-checked');
    return { choices, verdicts, untrackedBecause, heldNotice: this.heldNotice, problem: this.statuses.problem, enforcement: org.optOutEnforcement, mailMergeOptOut, checking };
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
    const key = JSON.stringify([view.verdicts.map((v) => [v.kind, v.chip.address, v.chip.label, v.words]), view.problem, view.enforcement, view.mailMergeOptOut, view.checking]);
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

  /** "Remove them and send": the opted-out recipients go, and Send is pressed for the rest. */
  removeOptedOutAndSend(): void {
    const scheduled = this.heldWasScheduled;
    this.removeOptedOut();
    // A held scheduled send is chosen again by the sender: pressing Send would send it now.
    if (!scheduled) this.compose.pressSend();
  }

  /**
   * The synchronous check at Send, on the states fetched while typing (send-gate.ts decides):
   * returns whether the press goes, what this send records, and whether a mail merge gets the
   * unsubscribe line.
   */
  decide(occasion: SendOccasion = {}): { decision: SendDecision; plan: SendPlan; appendOptOut: boolean } {
    const view = this.view();
    const optedOut = view.verdicts.filter((verdict) => verdict.kind === 'opted-out');
    const unchecked = view.verdicts.filter((verdict) => verdict.kind === 'not-checked' || verdict.kind === 'unknown-address');
    const plan: SendPlan = { track: view.choices.track && view.untrackedBecause === null, mode: view.choices.mode, massMail: view.choices.massMail };
    const org = this.organisation();
    const gate = decideSend({
      enforcement: org.optOutEnforcement,
      mailMergeOptOut: org.mailMergeOptOut,
      optedOut: optedOut.map((verdict) => recipientKey(verdict.chip)),
      unchecked: unchecked.map((verdict) => recipientKey(verdict.chip)),
      alreadyShown: this.shown,
      mailMergeWithoutOptOut: view.mailMergeOptOut !== null,
    });
    if (gate.decision === 'hold') {
      gate.shown.forEach((recipient) => this.shown.add(recipient));
      this.heldWasScheduled = 'scheduledFor' in occasion;
      const names = (verdicts: readonly RecipientVerdict[]) => verdicts.map((verdict) => verdict.chip.address ?? verdict.chip.label).join(', ');
      const optedOutWords = optedOut.map((verdict) => `${verdict.chip.address} (${verdict.words})`).join('; ');
      const sentences: Record<HoldReason, () => string> = {
        'opted-out-blocked': () => t('enforcement.blocked', [optedOutWords]),
        'opted-out': () => t('compose.held', [optedOutWords]),
        unchecked: () => t('enforcement.uncheckedHeld', unchecked.length, [unchecked.length, names(unchecked)]),
        'mail-merge-without-opt-out': () => t('enforcement.mailMergeHeld'),
      };
      this.heldNotice = gate.reasons.map((reason) => sentences[reason]()).join(' ');
      this.notify();
      return { decision: 'hold', plan, appendOptOut: false };
    }
    this.heldNotice = null;
    return { decision: 'send', plan, appendOptOut: gate.appendOptOut };
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
