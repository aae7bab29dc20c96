/** @jsxImportSource hono/jsx */
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import type { PreferenceChoice, StateChange } from '../../shared/consent/actions.ts';
import type { ContactState, Scope } from '../../shared/consent/state.ts';
import { consentSchema, doNotContactSchema, trackingSchema } from '../../shared/consent/values.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { emailAddress } from '../../shared/schemas/common.ts';
import { contactKey, statesFor } from '../consent/contacts.ts';
import { applyAction, recordState, stateAtScope, type ChangeEvidence } from '../consent/ledger.ts';
import { resolveSmartLink, type SmartLinkTarget } from '../consent/smart-link-target.ts';
import { mailConfigured, sendOptOutConfirmation } from '../consent/confirmation-email.ts';
import { requestOrigin } from '../consent/request-origin.ts';
import { smartLinkUrl } from '../../shared/consent/smart-link-url.ts';
import { publicUrl } from '../http/public-url.ts';
import { readForm } from '../http/read-body.ts';
import { currentLinkKey } from '../tracking/link-keys.ts';
import type { AppEnv } from '../env.ts';
import { negotiateLocale } from '../i18n/negotiate.ts';
import { Layout, PreferenceFields, ScopeFieldset, pageText, type PageText, type ScopeChoice } from '../pages/smart-link-page.tsx';
import { rawHitFromRequest } from '../tracking/raw-hit.ts';
import { announceConsentChange } from '../stream/announce.ts';
import { eventSinkFor } from '../tracking/sink.ts';

export const smartLink = new Hono<AppEnv>();

const PATH = '/s/:slug/:messageId/:signature';

const TITLE: Record<SmartLinkTarget['action'], MessageKey> = {
  unsubscribe: 'page.title.unsubscribe',
  preferences: 'page.title.preferences',
  grantConsent: 'page.title.grantConsent',
  withdrawConsent: 'page.title.withdrawConsent',
  stopTracking: 'page.title.stopTracking',
};
const BUTTON: Record<SmartLinkTarget['action'], MessageKey> = {
  unsubscribe: 'button.unsubscribe',
  preferences: 'button.save',
  grantConsent: 'button.grantConsent',
  withdrawConsent: 'button.withdrawConsent',
  stopTracking: 'button.stopTracking',
};

function introKey(target: SmartLinkTarget): MessageKey {
  if (target.action === 'unsubscribe') return target.massMail ? 'intro.unsubscribeMass' : 'intro.unsubscribe';
  return `intro.${target.action}` as MessageKey;
}

function doneKey(target: SmartLinkTarget, changes: StateChange[]): MessageKey {
  if (changes.length === 0) return 'done.unchanged';
  if (target.action === 'unsubscribe') return target.massMail ? 'done.unsubscribeMass' : 'done.unsubscribe';
  if (target.action === 'preferences') return 'done.changed';
  return `done.${target.action}` as MessageKey;
}

function scopeChoices(target: SmartLinkTarget, text: PageText): ScopeChoice[] {
  return [
    { kind: 'organisation', label: text.tx('scope.organisation', { organisation: target.organisationName }) },
    ...(target.sender.teamId && target.sender.teamName ? [{ kind: 'team' as const, label: text.tx('scope.team', { team: target.sender.teamName }) }] : []),
    { kind: 'sender', label: text.tx('scope.sender', { senderName: target.senderName }) },
  ];
}

function scopeFrom(kind: unknown, target: SmartLinkTarget): Scope {
  if (kind === 'sender') return { kind: 'sender', id: target.sender.accountId };
  if (kind === 'team' && target.sender.teamId) return { kind: 'team', id: target.sender.teamId };
  return { kind: 'organisation', id: '' };
}

/** The exact wording the person saw: the ledger keeps its hash, consent_wordings the text. */
function pageWording(target: SmartLinkTarget, text: PageText): { language: string; text: string } {
  return { language: text.locale, text: [text.t(TITLE[target.action]), text.t(introKey(target), { sender: target.senderName }), text.t(BUTTON[target.action])].join('\n') };
}

async function evidence(c: Context<AppEnv>, target: SmartLinkTarget, text: PageText, source: ChangeEvidence['source'], action: ChangeEvidence['action']): Promise<ChangeEvidence> {
  return {
    ...(await requestOrigin(c, { accountId: target.sender.accountId, messageId: target.messageId })),
    source,
    action,
    identifiedBy: target.recipients?.length === 1 ? 'sole_recipient' : 'typed_on_shared_link',
    messageId: target.messageId,
    accountId: target.sender.accountId,
    wording: pageWording(target, text),
    note: null,
  };
}

function selfUrl(c: Context<AppEnv>): string {
  return new URL(c.req.url).pathname;
}

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

function renderInvalid(c: Context<AppEnv>, text: PageText) {
  return c.html(
    <Layout text={text} title={text.t('error.linkInvalid')} selfUrl={selfUrl(c)}>
      <h1>{text.t('error.linkInvalid')}</h1>
    </Layout>,
    404,
    SECURITY_HEADERS,
  );
}

interface FormProps {
  target: SmartLinkTarget;
  text: PageText;
  email: string | null;
  state: ContactState | null;
  error?: MessageKey;
}

function SmartLinkForm({ target, text, email, state, error }: FormProps) {
  const identifyFirst = target.action === 'preferences' && !state;
  return (
    <>
      <h1>{text.t(TITLE[target.action])}</h1>
      <p>{text.tx(introKey(target), { sender: target.senderName })}</p>
      {email && <p>{text.tx('intro.sentTo', { email })}</p>}
      <form method="post">
        <input type="hidden" name="lang" value={text.locale} />
        {email ? (
          <input type="hidden" name="email" value={email} />
        ) : (
          <>
            <label for="email">{text.t('field.email')}</label>
            <p class="note" id="email-help">{text.t('field.emailHelp')}</p>
            <input id="email" type="email" name="email" required autocomplete="email" aria-describedby="email-help" />
          </>
        )}
        {error && <p class="error" role="alert">{text.t(error)}</p>}
        {identifyFirst ? (
          <input type="hidden" name="step" value="identify" />
        ) : (
          <>
            {target.action === 'preferences' && state && <PreferenceFields text={text} state={state} />}
            <ScopeFieldset text={text} choices={scopeChoices(target, text)} />
          </>
        )}
        <p><button type="submit">{text.t(identifyFirst ? 'button.continue' : BUTTON[target.action])}</button></p>
      </form>
    </>
  );
}

function renderForm(c: Context<AppEnv>, props: FormProps, status: 200 | 400 | 415 | 429 = 200) {
  return c.html(
    <Layout text={props.text} title={props.text.t(TITLE[props.target.action])} selfUrl={selfUrl(c)}>
      <SmartLinkForm {...props} />
    </Layout>,
    status,
    SECURITY_HEADERS,
  );
}

/** GET and HEAD only render: security scanners follow every link, and nothing may change. */
smartLink.on(['GET', 'HEAD'], PATH, async (c) => {
  const { slug, messageId, signature } = c.req.param();
  const text = pageText(negotiateLocale(c.req.query('lang'), c.req.header('accept-language')));
  const target = await resolveSmartLink(c.env.DB, slug, messageId, signature);
  if (!target) return renderInvalid(c, text);
  // The visit is evidence for the sender (a scanner's visit shows as such), never an action.
  const visit = rawHitFromRequest(c, { messageId, accountId: target.sender.accountId, kind: 'click', linkIndex: null, url: `smart-link:${slug}` });
  c.executionCtx.waitUntil(eventSinkFor(c.env).record([visit]).catch((err: unknown) => console.error('smart link visit not written', err)));

  const email = target.recipients?.length === 1 ? target.recipients[0]! : null;
  const state = target.action === 'preferences' && email ? (await statesFor(c.env.DB, [email], target.sender))[0]! : null;
  return renderForm(c, { target, text, email, state });
});

/** Generic signature links that reached a recipient without being completed by the extension. */
smartLink.on(['GET', 'HEAD', 'POST'], '/s/:slug', (c) => renderInvalid(c, pageText(negotiateLocale(c.req.query('lang'), c.req.header('accept-language')))));

const choiceSchema = v.object({
  doNotContact: v.optional(doNotContactSchema),
  consent: v.optional(consentSchema),
  tracking: v.optional(trackingSchema),
});

smartLink.post(PATH, async (c) => {
  const { slug, messageId, signature } = c.req.param();
  const form = await readForm(c);
  const field = (name: string) => (form.ok ? (form.fields.get(name) ?? undefined) : undefined);
  const text = pageText(negotiateLocale(field('lang') ?? c.req.query('lang'), c.req.header('accept-language')));
  const target = await resolveSmartLink(c.env.DB, slug, messageId, signature);
  if (!target) return renderInvalid(c, text);
  const db = c.env.DB;
  const knownEmail = target.recipients?.length === 1 ? target.recipients[0]! : null;
  // Per link: a script hammering one page is stopped; other recipients' links are unaffected.
  const limited = await c.env.FORM_LIMITER?.limit({ key: `${messageId}:${slug}` });
  if (limited && !limited.success) return renderForm(c, { target, text, email: null, state: null, error: 'error.tooManyRequests' }, 429);
  if (!form.ok) return renderForm(c, { target, text, email: null, state: null, error: 'error.generic' }, form.status);

  // RFC 8058 one-click: a mail client's POST, no page, no cookies.
  if (field('List-Unsubscribe') === 'One-Click') {
    if (!knownEmail) return c.text('This link covers several recipients; open it in a browser to choose.', 400);
    const applied = await applyAction(db, knownEmail, { kind: 'organisation', id: '' }, 'unsubscribe', { massMail: target.massMail }, await evidence(c, target, text, 'one_click', 'unsubscribe'));
    c.executionCtx.waitUntil(announceConsentChange(c.env, applied.ledgerId));
    return c.text('Unsubscribed.', 200, { 'cache-control': 'no-store' });
  }

  const parsedEmail = v.safeParse(emailAddress, knownEmail ?? field('email') ?? '');
  if (!parsedEmail.success) return renderForm(c, { target, text, email: null, state: null, error: 'error.emailInvalid' }, 400);
  const email = parsedEmail.output;
  // Checked against this message's recipients without ever showing them.
  if (!target.recipients) return renderForm(c, { target, text, email: null, state: null, error: 'error.generic' }, 400);
  if (!target.recipients.includes(email)) return renderForm(c, { target, text, email: null, state: null, error: 'error.emailNotRecipient' }, 400);

  const undo = field('undo');
  if (undo) return undoChange(c, target, text, email, undo);

  if (target.action === 'preferences' && field('step') === 'identify') {
    const state = (await statesFor(db, [email], target.sender))[0]!;
    return renderForm(c, { target, text, email, state });
  }
  const choice = v.safeParse(choiceSchema, { doNotContact: field('doNotContact'), consent: field('consent'), tracking: field('tracking') });
  // A preferences form always sends its choices: one without any was not sent by our page.
  const nothingChosen = target.action === 'preferences' && Object.values(choice.success ? choice.output : {}).every((value) => value === undefined);
  if (!choice.success || nothingChosen) return renderForm(c, { target, text, email, state: null, error: 'error.generic' }, 400);
  const scope = scopeFrom(field('scope'), target);
  const applied = await applyAction(db, email, scope, target.action, { massMail: target.massMail, choice: choice.output as PreferenceChoice }, await evidence(c, target, text, 'recipient_page', target.action));
  c.executionCtx.waitUntil(announceConsentChange(c.env, applied.ledgerId));
  const message = doneKey(target, applied.changes);
  const optedOut = applied.changes.some((change) => change.field === 'doNotContact' && change.to !== 'none');
  let confirmed = false;
  if (optedOut && mailConfigured(c.env)) {
    const key = await currentLinkKey(db, target.sender.accountId);
    confirmed = await sendOptOutConfirmation(c.env, email, text.locale, message, smartLinkUrl(publicUrl(c), key, 'grantConsent', target.messageId)).catch((err: unknown) => {
      console.error('confirmation email failed', err);
      return false;
    });
  }
  return renderDone(c, target, text, email, message, applied.ledgerId, confirmed);
});

function renderDone(c: Context<AppEnv>, target: SmartLinkTarget, text: PageText, email: string, message: MessageKey, ledgerId: string | null, confirmationSent = false) {
  const optBack = target.action === 'unsubscribe' || target.action === 'withdrawConsent';
  return c.html(
    <Layout text={text} title={text.t('done.title')} selfUrl={selfUrl(c)}>
      <h1>{text.t('done.title')}</h1>
      <p role="status">{text.t(message)}</p>
      {confirmationSent && <p>{text.tx('done.confirmationEmail', { email })}</p>}
      {ledgerId && (
        <form method="post">
          <p>{text.t('done.undoHint')}</p>
          <input type="hidden" name="lang" value={text.locale} />
          <input type="hidden" name="email" value={email} />
          <input type="hidden" name="undo" value={ledgerId} />
          <button type="submit" class="secondary">{text.t(optBack ? 'button.optBackIn' : 'button.undo')}</button>
        </form>
      )}
    </Layout>,
    200,
    SECURITY_HEADERS,
  );
}

/** Undo restores the state before a change made through this same link, and is ledgered too. */
async function undoChange(c: Context<AppEnv>, target: SmartLinkTarget, text: PageText, email: string, ledgerId: string) {
  const db = c.env.DB;
  const row = await db
    .prepare('SELECT scope_kind, scope_id, changes FROM consent_ledger WHERE id = ? AND message_id = ? AND contact_key = ?')
    .bind(ledgerId, target.messageId, contactKey(email))
    .first<{ scope_kind: Scope['kind']; scope_id: string; changes: string }>();
  if (!row) return renderForm(c, { target, text, email: null, state: null, error: 'error.generic' }, 400);
  const scope = { kind: row.scope_kind, id: row.scope_id };
  const current = await stateAtScope(db, contactKey(email), scope);
  const restored = { ...current };
  for (const change of JSON.parse(row.changes) as StateChange[]) Object.assign(restored, { [change.field]: change.from });
  const undone = await recordState(db, email, scope, restored, { ...(await evidence(c, target, text, 'undo', 'undo')), note: `undo of ${ledgerId}` });
  c.executionCtx.waitUntil(announceConsentChange(c.env, undone.ledgerId));
  const optBack = target.action === 'unsubscribe' || target.action === 'withdrawConsent';
  return renderDone(c, target, text, email, optBack ? 'done.optedBackIn' : 'done.undone', null);
}
