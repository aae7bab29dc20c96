import { browser } from '#imports';
import type { Landmark } from '../../shared/schemas/landmark-failures.ts';
import type { ComposeWindow, MailClientAdapter } from '../mail-clients/adapter.ts';
import type { LandmarkFailureReport } from '../messages.ts';
import { t } from '../ui/i18n.ts';

/**
 * How long a new compose may lack a landmark before it counts: webmail builds a compose in steps
 * (Gmail adds the bottom toolbar a moment after the body).
 */
export const LANDMARK_GRACE_MS = 3000;

const CLIENT_NAMES: Record<MailClientAdapter['name'], string> = { gmail: 'Gmail', outlook: 'Outlook' };
const LANDMARK_WORDS: Record<Landmark, () => string> = {
  body: () => t('landmarks.body'),
  send: () => t('landmarks.send'),
  recipients: () => t('landmarks.recipients'),
};

/** What the toolbar says when a compose lacks landmarks. */
export function landmarkProblemWords(client: MailClientAdapter['name'], missing: readonly Landmark[]): string {
  return t('landmarks.untracked', [CLIENT_NAMES[client], missing.map((landmark) => LANDMARK_WORDS[landmark]()).join(', ')]);
}

// The build is read from the page's scripts once per document: a page keeps its build.
const builds = new WeakMap<Document, string | null>();

/**
 * Checks a compose's landmarks; when some are missing, the toolbar says so (the message goes out
 * untracked) and the Worker is told which, with the webmail's build: once per kind and page, as
 * a broken build breaks every compose alike. Returns the missing ones.
 */
export function checkLandmarks(
  adapter: MailClientAdapter,
  compose: ComposeWindow,
  setProblem: (words: string | null) => void,
  reported: Set<string>,
): Landmark[] {
  const missing = compose.missingLandmarks();
  setProblem(missing.length > 0 ? landmarkProblemWords(adapter.name, missing) : null);
  if (missing.length === 0) return missing;
  const doc = compose.root.ownerDocument;
  const build = builds.has(doc) ? builds.get(doc)! : adapter.build(doc);
  builds.set(doc, build);
  const key = `${adapter.name}|${missing.join(',')}|${build ?? ''}`;
  if (!reported.has(key)) {
    reported.add(key);
    const report: LandmarkFailureReport = { type: 'landmark-failure', failure: { client: adapter.name, landmarks: missing, build } };
    browser.runtime.sendMessage(report).catch((err: unknown) => console.warn('[smart-links] landmark failure not reported', err));
  }
  return missing;
}
