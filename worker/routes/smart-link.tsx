/** @jsxImportSource hono/jsx */
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { applySmartLinkAction, type PreferenceChoice, type StateChange } from '../../shared/consent/actions.ts';
import type { ContactState, Scope } from '../../shared/consent/state.ts';
import { consentSchema, doNotContactSchema, trackingSchema } from '../../shared/consent/values.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { emailAddress } from '../../shared/schemas/common.ts';
import { truncateIp } from '../../shared/tracking/truncate-ip.ts';
import { confirmConsentRequest, findConsentRequest } from '../consent/consent-requests.ts';
import { contactKey, statesFor } from '../consent/contacts.ts';
import { applyAction, stateAtScope, type ChangeEvidence } from '../consent/ledger.ts';
import { requestOrigin } from '../consent/request-origin.ts';
import { resolveSignatureLink, resolveSmartLink, type SmartLinkTarget } from '../consent/smart-link-target.ts';
import { submitChoice } from '../consent/submit-choice.ts';
import type { AppEnv } from '../env.ts';
import { publicUrl } from '../http/public-url.ts';
import { readForm } from '../http/read-body.ts';
import { negotiateLocale } from '../i18n/negotiate.ts';
import { CurrentChoices, Layout, PreferenceFields, ScopeFieldset, changeWords, pageText, type PageText, type ScopeChoice } from '../pages/smart-link-page.tsx';
import { rawHitFromRequest } from '../tracking/raw-hit.ts';
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

function doneKey(target: SmartLinkTarget, changes: readonly StateChange[]): MessageKey {
  if (changes.length === 0) return 'done.unchanged';
  if (target.action === 'unsubscribe') return target.massMail ? 'done.unsubscribeMass' : 'done.unsubscribe';
  if (target.action === 'preferences') return 'done.changed';
  return `done.${target.action}` as MessageKey;
}

/** The address the page already knows: a message's sole recipient. Anyone else types theirs. */
function knownRecipient(target: SmartLinkTarget): string | null {
  return target.message?.recipients?.length === 1 ? target.message.recipients[0]! : null;
}

/** A signature link acts for the organisation only; a message's link offers its sender's scopes too. */
function scopeChoices(target: SmartLinkTarget, text: PageText): ScopeChoice[] {
  const sender = target.message?.sender;
  return [
    { kind: 'organisation', label: text.tx('scope.organisation', { organisation: target.organisationName }) },
    ...(sender?.teamId && sender.teamName ? [{ kind: 'team' as const, label: text.tx('scope.team', { team: sender.teamName }) }] : []),
    ...(sender ? [{ kind: 'sender' as const, label: text.tx('scope.sender', { senderName: target.senderName }) }] : []),
  ];
}

function scopeFrom(kind: unknown, target: SmartLinkTarget): Scope {
  const sender = target.message?.sender;
  if (kind === 'sender' && sender) return { kind: 'sender', id: sender.accountId };
  if (kind === 'team' && sender?.teamId) return { kind: 'team', id: sender.teamId };
  return { kind: 'organisation', id: '' };
}

/** The exact wording the person saw: the ledger keeps its hash, consent_wordings the text. */
function pageWording(target: SmartLinkTarget, text: PageText): { language: string; text: string } {
  return { language: text.locale, text: [text.t(TITLE[target.action]), text.t(introKey(target), { sender: target.senderName }), text.t(BUTTON[target.action])].join('\n') };
}

async function evidence(c: Context<AppEnv>, target: SmartLinkTarget, text: PageText, source: ChangeEvidence['source'], action: ChangeEvidence['action']): Promise<ChangeEvidence> {
  const message = target.message;
  return {
    ...(await requestOrigin(c, message ? { accountId: message.sender.accountId, messageId: message.id } : null)),
    source,
    action,
    identifiedBy: !message ? 'typed_on_signature_link' : knownRecipient(target) ? 'sole_recipient' : 'typed_on_shared_link',
    messageId: message?.id ?? null,
    accountId: message?.sender.accountId ?? null,
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

function localeOf(c: Context<AppEnv>, field?: string): PageText {
  return pageText(negotiateLocale(field ?? c.req.query('lang'), c.req.header('accept-language')));
}

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
  /** The sole recipient's address; null where the reader types theirs. */
  email: string | null;
  /** Current choices: for a sole recipient's preferences only. */
  state: ContactState | null;
  error?: MessageKey;
}

function SmartLinkForm({ target, text, email, state, error }: FormProps) {
  return (
    <>
      <h1>{text.t(TITLE[target.action])}</h1>
      <p>{text.tx(introKey(target), { sender: target.senderName })}</p>
      {email && <p>{text.tx('intro.sentTo', { email })}</p>}
      <form method="post">
        <input type="hidden" name="lang" value={text.locale} />
        {!email && (
          <>
            <label for="email">{text.t('field.email')}</label>
            <p class="note" id="email-help">{text.t(target.message ? 'field.emailHelp' : 'field.emailHelpSignature')}</p>
            <input id="email" type="email" name="email" required autocomplete="email" aria-describedby="email-help" />
          </>
        )}
        {error && <p class="error" role="alert">{text.t(error)}</p>}
        {target.action === 'preferences' && <PreferenceFields text={text} state={state} />}
        <ScopeFieldset text={text} choices={scopeChoices(target, text)} />
        <p><button type="submit">{text.t(BUTTON[target.action])}</button></p>
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
  const text = localeOf(c);
  const target = await resolveSmartLink(c.env.DB, slug, messageId, signature);
  if (!target?.message) return renderInvalid(c, text);
  // The visit is evidence for the sender (a scanner's visit shows as such), never an action.
  const visit = rawHitFromRequest(c, { messageId, accountId: target.message.sender.accountId, kind: 'click', linkIndex: null, url: `smart-link:${slug}` });
  c.executionCtx.waitUntil(eventSinkFor(c.env).record([visit]).catch((err: unknown) => console.error('smart link visit not written', err)));

  const email = knownRecipient(target);
  const state = target.action === 'preferences' && email ? (await statesFor(c.env.DB, [email], target.message.sender))[0]! : null;
  return renderForm(c, { target, text, email, state });
});

/** The signature links (`/s/unsubscribe`, …): the organisation's page that asks for the address. */
smartLink.on(['GET', 'HEAD'], '/s/:slug', async (c) => {
  const text = localeOf(c);
  const target = await resolveSignatureLink(c.env.DB, c.req.param('slug'), new URL(publicUrl(c)).host);
  if (!target) return renderInvalid(c, text);
  return renderForm(c, { target, text, email: null, state: null });
});

const choiceSchema = v.object({
  doNotContact: v.optional(doNotContactSchema),
  consent: v.optional(consentSchema),
  tracking: v.optional(trackingSchema),
});

type Fields = (name: string) => string | undefined;

/** The form's fields, and what to answer when its body cannot be read (a 400 or 415 page). */
async function formFields(c: Context<AppEnv>): Promise<{ field: Fields; problem: 400 | 415 | null }> {
  const form = await readForm(c);
  return { field: (name) => (form.ok ? (form.fields.get(name) ?? undefined) : undefined), problem: form.ok ? null : form.status };
}

smartLink.post(PATH, async (c) => {
  const { slug, messageId, signature } = c.req.param();
  const { field, problem } = await formFields(c);
  const text = localeOf(c, field('lang'));
  const target = await resolveSmartLink(c.env.DB, slug, messageId, signature);
  if (!target?.message) return renderInvalid(c, text);
  const knownEmail = knownRecipient(target);
  // Per link: a script hammering one page is stopped; other recipients' links are unaffected.
  const limited = await c.env.FORM_LIMITER?.limit({ key: `${messageId}:${slug}` });
  if (limited && !limited.success) return renderForm(c, { target, text, email: null, state: null, error: 'error.tooManyRequests' }, 429);
  if (problem) return renderForm(c, { target, text, email: null, state: null, error: 'error.generic' }, problem);

  // RFC 8058 one-click: a mail client's POST, no page, no cookies.
  if (field('List-Unsubscribe') === 'One-Click') {
    if (!knownEmail) return c.text('This link covers several recipients; open it in a browser to choose.', 400);
    await applyAction(c.env.DB, knownEmail, { kind: 'organisation', id: '' }, 'unsubscribe', { massMail: target.massMail }, await evidence(c, target, text, 'one_click', 'unsubscribe'));
    return c.text('Unsubscribed.', 200, { 'cache-control': 'no-store' });
  }
  return submitPage(c, target, text, field, knownEmail);
});

smartLink.post('/s/:slug', async (c) => {
  const { field, problem } = await formFields(c);
  const text = localeOf(c, field('lang'));
  const target = await resolveSignatureLink(c.env.DB, c.req.param('slug'), new URL(publicUrl(c)).host);
  if (!target) return renderInvalid(c, text);
  // Per network: one address hammering the organisation's links does not stop anyone else's.
  const limited = await c.env.FORM_LIMITER?.limit({ key: `signature:${truncateIp(c.req.header('cf-connecting-ip') ?? null) ?? 'unknown'}` });
  if (limited && !limited.success) return renderForm(c, { target, text, email: null, state: null, error: 'error.tooManyRequests' }, 429);
  if (problem) return renderForm(c, { target, text, email: null, state: null, error: 'error.generic' }, problem);
  return submitPage(c, target, text, field, null);
});

/**
 * A submitted page. The answer depends only on what was typed, never on whether the address got
 * the message: on a shared or signature link a recipient, a Bcc recipient and a stranger see the
 * same page (apart from their own address), so the page confirms nobody's presence.
 */
async function submitPage(c: Context<AppEnv>, target: SmartLinkTarget, text: PageText, field: Fields, knownEmail: string | null) {
  const parsedEmail = v.safeParse(emailAddress, knownEmail ?? field('email') ?? '');
  if (!parsedEmail.success) return renderForm(c, { target, text, email: null, state: null, error: 'error.emailInvalid' }, 400);
  const email = parsedEmail.output;
  const choice = v.safeParse(choiceSchema, { doNotContact: field('doNotContact'), consent: field('consent'), tracking: field('tracking') });
  // A preferences form always sends its choices: one without any was not sent by our page.
  const nothingChosen = target.action === 'preferences' && Object.values(choice.success ? choice.output : {}).every((value) => value === undefined);
  if (!choice.success || nothingChosen) return renderForm(c, { target, text, email: knownEmail, state: null, error: 'error.generic' }, 400);

  const undoId = knownEmail ? field('undo') : undefined;
  const undone = undoId ? await undoneChanges(c.env.DB, target, email, undoId) : null;
  if (undoId && !undone) return renderForm(c, { target, text, email: knownEmail, state: null, error: 'error.generic' }, 400);

  const proof = await evidence(c, target, text, undone ? 'undo' : 'recipient_page', undone ? 'undo' : target.action);
  const scope = undone?.scope ?? scopeFrom(field('scope'), target);
  const result = await submitChoice(c.env, {
    email,
    scope,
    decide: (before) =>
      undone
        ? { ...before, ...Object.fromEntries(undone.changes.map((change) => [change.field, change.from])) }
        : applySmartLinkAction(before, target.action, { massMail: target.massMail, choice: choice.output as PreferenceChoice }),
    evidence: undone ? { ...proof, note: `undo of ${undoId}` } : proof,
    mayWidenAtOnce: knownEmail !== null && proof.senderSignal === null,
    locale: text.locale,
    workerUrl: publicUrl(c),
    words: (changes) => changeWords(text, changes),
    doneKey: (changes) => doneKey(target, changes),
  });
  const optBack = target.action === 'unsubscribe' || target.action === 'withdrawConsent';
  const message: MessageKey | null = undone
    ? optBack ? 'done.optedBackIn' : 'done.undone'
    : result.pending.length > 0 && result.applied.changes.length === 0 ? null : doneKey(target, result.applied.changes);
  return c.html(
    <Layout text={text} title={text.t(result.pending.length > 0 ? 'pending.title' : 'done.title')} selfUrl={selfUrl(c)}>
      <h1>{text.t(result.pending.length > 0 ? 'pending.title' : 'done.title')}</h1>
      {message && <p role="status">{text.t(message)}</p>}
      {result.pending.length > 0 && <p role="status">{text.tx(result.mailSent ? 'pending.mailSent' : 'pending.notSent', { email })}</p>}
      {result.pending.length === 0 && result.mailSent && <p>{text.tx('done.confirmationEmail', { email })}</p>}
      {/* Undo only where the page knew the address: on a shared link it would answer differently per person. */}
      {knownEmail && !undone && result.applied.ledgerId && (
        <form method="post">
          <p>{text.t('done.undoHint')}</p>
          <input type="hidden" name="lang" value={text.locale} />
          <input type="hidden" name="undo" value={result.applied.ledgerId} />
          <button type="submit" class="secondary">{text.t(optBack ? 'button.optBackIn' : 'button.undo')}</button>
        </form>
      )}
    </Layout>,
    200,
    SECURITY_HEADERS,
  );
}

/** The changes of a ledger row made through this same link for this address, to reverse. */
async function undoneChanges(db: D1Database, target: SmartLinkTarget, email: string, ledgerId: string): Promise<{ scope: Scope; changes: StateChange[] } | null> {
  const row = await db
    .prepare("SELECT scope_kind, scope_id, changes FROM consent_ledger WHERE id = ? AND message_id = ? AND contact_key = ? AND status = 'applied'")
    .bind(ledgerId, target.message?.id ?? '', contactKey(email))
    .first<{ scope_kind: Scope['kind']; scope_id: string; changes: string }>();
  return row ? { scope: { kind: row.scope_kind, id: row.scope_id }, changes: JSON.parse(row.changes) as StateChange[] } : null;
}

const CONFIRM_PATH = '/s/confirm/:token';

function confirmWording(text: PageText, email: string, changes: readonly StateChange[]) {
  return { language: text.locale, text: [text.t('confirm.title'), text.t('confirm.intro', { email }), changeWords(text, changes), text.t('confirm.button')].join('\n') };
}

/** A mailed single-use link: the page says what it will confirm; only its POST does. */
smartLink.on(['GET', 'HEAD'], CONFIRM_PATH, async (c) => {
  const request = await findConsentRequest(c.env.DB, c.req.param('token'));
  const text = localeOf(c, c.req.query('lang') ?? request?.language);
  if (!request) return renderInvalid(c, text);
  return c.html(
    <Layout text={text} title={text.t('confirm.title')} selfUrl={selfUrl(c)}>
      <h1>{text.t('confirm.title')}</h1>
      <p>{text.tx('confirm.intro', { email: request.email })}</p>
      <p><strong>{changeWords(text, request.changes)}</strong></p>
      <form method="post">
        <input type="hidden" name="lang" value={text.locale} />
        <p><button type="submit">{text.t('confirm.button')}</button></p>
      </form>
    </Layout>,
    200,
    SECURITY_HEADERS,
  );
});

smartLink.post(CONFIRM_PATH, async (c) => {
  // The form carries only its language: a body that cannot be read falls back to the request's.
  const { field } = await formFields(c);
  const token = c.req.param('token');
  const request = await findConsentRequest(c.env.DB, token);
  const text = localeOf(c, field('lang') ?? request?.language);
  if (!request) return renderInvalid(c, text);
  const origin = await requestOrigin(c, request.accountId && request.messageId ? { accountId: request.accountId, messageId: request.messageId } : null);
  const confirmed = await confirmConsentRequest(c.env.DB, token, origin, confirmWording(text, request.email, request.changes));
  if (!confirmed) return renderInvalid(c, text);
  // The mailbox proved the address: now, and only now, the page may show its choices.
  const state = await stateAtScope(c.env.DB, contactKey(request.email), request.scope);
  return c.html(
    <Layout text={text} title={text.t('done.title')} selfUrl={selfUrl(c)}>
      <h1>{text.t('done.title')}</h1>
      <p role="status">{text.t(confirmed.changes.length > 0 ? (request.action === 'optBackIn' ? 'done.optedBackIn' : 'done.changed') : 'done.unchanged')}</p>
      <CurrentChoices text={text} state={state} />
    </Layout>,
    200,
    SECURITY_HEADERS,
  );
});
