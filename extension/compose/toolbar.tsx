import { render } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { SMART_LINK_ACTIONS, type SmartLinkAction } from '../../shared/consent/smart-link-url.ts';
import type { TrackMode } from '../storage.ts';
import type { ComposeSession, ComposeView } from './compose-session.ts';
import { t } from '../ui/i18n.ts';
import { hasOptOutWarnings, OptOutWarnings } from './opt-out-warnings.tsx';
import { smartLinkLabel } from './smart-link-insert.ts';
import { TOOLBAR_CSS, TOOLBAR_HOST_ATTRIBUTE } from './toolbar-style.ts';

const MENU_HEIGHT_PX = 200;
const ACTIONS = Object.keys(SMART_LINK_ACTIONS) as SmartLinkAction[];
const MODES: { mode: TrackMode; words: () => string }[] = [
  { mode: 'opens-and-clicks', words: () => t('compose.mode.opensAndClicks') },
  { mode: 'opens-only', words: () => t('compose.mode.opensOnly') },
  { mode: 'clicks-only', words: () => t('compose.mode.clicksOnly') },
];

export interface ToolbarActions {
  insertSmartLink(action: SmartLinkAction): void;
}

// Keeps the editor's focus and selection when our controls are pressed with the mouse.
const keepEditorFocus = (event: MouseEvent) => event.preventDefault();

function SmartLinksMenu({ onPick }: { onPick: (action: SmartLinkAction) => void }) {
  const [open, setOpen] = useState(false);
  // Gmail's toolbar is at the bottom of a compose, Outlook's at the top: open where there is room.
  const [below, setBelow] = useState(false);
  const toggle = (next: boolean) => {
    if (next) setBelow((button.current?.getBoundingClientRect().top ?? 0) < MENU_HEIGHT_PX);
    setOpen(next);
  };
  const button = useRef<HTMLButtonElement>(null);
  const items = useRef<(HTMLButtonElement | null)[]>([]);
  useEffect(() => {
    if (open) items.current[0]?.focus();
  }, [open]);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const onMenuKey = (event: KeyboardEvent, index: number) => {
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (step !== 0) {
      event.preventDefault();
      items.current[(index + step + ACTIONS.length) % ACTIONS.length]?.focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  };
  return (
    <span class="menu-anchor">
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onMouseDown={keepEditorFocus}
        onClick={() => toggle(!open)}
        onKeyDown={(event) => event.key === 'ArrowDown' && (event.preventDefault(), toggle(true))}
      >
        {t('compose.smartLinks')}
      </button>
      {open && (
        <div role="menu" aria-label={t('compose.smartLinks')} class={below ? 'menu below' : 'menu'}>
          {ACTIONS.map((action, index) => (
            <button
              key={action}
              ref={(el) => void (items.current[index] = el)}
              type="button"
              role="menuitem"
              tabIndex={-1}
              onMouseDown={keepEditorFocus}
              onKeyDown={(event) => onMenuKey(event, index)}
              onClick={() => {
                setOpen(false);
                onPick(action);
              }}
            >
              {smartLinkLabel(action)}
            </button>
          ))}
        </div>
      )}
    </span>
  );
}

function Warnings({ view, session, actions }: { view: ComposeView; session: ComposeSession; actions: ToolbarActions }) {
  const unknown = view.verdicts.filter((verdict) => verdict.kind === 'unknown-address');
  if (!hasOptOutWarnings(view) && unknown.length === 0 && !view.heldNotice && !view.problem && !view.untrackedBecause) return null;
  return (
    <div class="warnings">
      {view.heldNotice && <p role="alert" class="held">{view.heldNotice}</p>}
      <OptOutWarnings view={view} session={session} addUnsubscribe={() => actions.insertSmartLink('unsubscribe')} />
      {unknown.length > 0 && (
        <p class="note">{t('compose.cannotCheck', [unknown.map((verdict) => verdict.chip.label).join(', ')])}</p>
      )}
      {view.untrackedBecause && <p class="note" role="status">{view.untrackedBecause}</p>}
      {view.problem && <p class="note">{view.problem}</p>}
    </div>
  );
}

function Toolbar({ session, actions }: { session: ComposeSession; actions: ToolbarActions }) {
  const [view, setView] = useState(() => session.view());
  // Subscribed at once (a layout effect), and caught up, so no change made right after mounting is missed.
  useLayoutEffect(() => {
    const unsubscribe = session.subscribe(() => setView(session.view()));
    setView(session.view());
    return unsubscribe;
  }, [session]);
  const { choices } = view;
  return (
    <div class="toolbar" aria-busy={view.checking}>
      <div class="row">
        <SmartLinksMenu onPick={(action) => actions.insertSmartLink(action)} />
        <button
          type="button"
          role="switch"
          aria-checked={choices.track}
          class="switch"
          onMouseDown={keepEditorFocus}
          onClick={() => session.choose({ track: !choices.track })}
        >
          <span class="knob" aria-hidden="true" />
          {t('compose.track')}
        </button>
        <select
          aria-label={t('compose.whatToTrack')}
          disabled={!choices.track}
          value={choices.mode}
          onChange={(event) => session.choose({ mode: event.currentTarget.value as TrackMode })}
        >
          {MODES.map(({ mode, words }) => (
            <option key={mode} value={mode}>
              {words()}
            </option>
          ))}
        </select>
        <label class="merge">
          <input type="checkbox" checked={choices.massMail} onChange={(event) => session.choose({ massMail: event.currentTarget.checked })} />
          {t('compose.mailMerge')}
        </label>
      </div>
      <Warnings view={view} session={session} actions={actions} />
    </div>
  );
}

/**
 * Mounts the toolbar in its own shadow root, so that the webmail's styles cannot reach it and
 * ours cannot leak out. Preact builds the DOM with DOM APIs, as Gmail's Trusted Types require.
 */
export function mountToolbar(doc: Document, session: ComposeSession, actions: ToolbarActions): HTMLElement {
  const host = doc.createElement('div');
  host.setAttribute(TOOLBAR_HOST_ATTRIBUTE, '');
  const shadow = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = TOOLBAR_CSS;
  const mount = doc.createElement('div');
  shadow.append(style, mount);
  // Keys typed in our controls are ours: the webmail must not take Space or Enter for Send.
  for (const type of ['keydown', 'keypress', 'keyup'] as const) host.addEventListener(type, (event) => event.stopPropagation());
  render(<Toolbar session={session} actions={actions} />, mount);
  return host;
}

export function unmountToolbar(host: HTMLElement): void {
  const mount = host.shadowRoot?.lastElementChild;
  if (mount) render(null, mount);
  host.remove();
}
