import { t } from '../ui/i18n.ts';
import type { ComposeSession, ComposeView } from './compose-session.ts';

// Keeps the editor's focus and selection when our controls are pressed with the mouse.
const keepEditorFocus = (event: MouseEvent) => event.preventDefault();

/** Whether the compose has anything for OptOutWarnings to say. */
export function hasOptOutWarnings(view: ComposeView): boolean {
  return view.verdicts.some((verdict) => verdict.kind === 'opted-out') || view.mailMergeOptOut !== null;
}

/**
 * The recipients who opted out, struck through with the reason, and what may be done about them:
 * under the organisation's `block` rule only "Remove them and send", else removing them (or
 * pressing Send again). Below, a mail merge without an Unsubscribe link: the line Send will add, or
 * (under `hold`) a way to add the link.
 */
export function OptOutWarnings({ view, session, addUnsubscribe }: { view: ComposeView; session: ComposeSession; addUnsubscribe: () => void }) {
  const optedOut = view.verdicts.filter((verdict) => verdict.kind === 'opted-out');
  const blocked = view.enforcement === 'block';
  return (
    <>
      {optedOut.length > 0 && (
        <div class="banner" role="status">
          <span>{t('compose.optedOut')}</span>
          <ul>
            {optedOut.map((verdict) => (
              <li key={verdict.chip.address}>
                <s>{verdict.chip.address}</s> <span class="why">{verdict.words}</span>
              </li>
            ))}
          </ul>
          <button
            type="button"
            data-remove={blocked ? 'and-send' : 'only'}
            onMouseDown={keepEditorFocus}
            onClick={() => (blocked ? session.removeOptedOutAndSend() : session.removeOptedOut())}
          >
            {blocked ? t('enforcement.removeAndSend') : t('compose.removeOptedOut')}
          </button>
        </div>
      )}
      {view.mailMergeOptOut === 'append' && <p class="note" role="status">{t('enforcement.mailMergeAppend')}</p>}
      {view.mailMergeOptOut === 'hold' && (
        <p class="note" role="status">
          {t('enforcement.mailMergeNeedsLink')}{' '}
          <button type="button" onMouseDown={keepEditorFocus} onClick={addUnsubscribe}>
            {t('enforcement.addUnsubscribe')}
          </button>
        </p>
      )}
    </>
  );
}
