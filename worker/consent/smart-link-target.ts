import { smartLinkActionOfSlug, verifySmartLinkSignature, type SmartLinkAction } from '../../shared/consent/smart-link-url.ts';
import { MESSAGE_ID_PATTERN } from '../../shared/tracking/message-id.ts';
import { currentLinkKey } from '../tracking/link-keys.ts';
import { resolveMessage } from '../tracking/resolve-message.ts';
import type { SenderScope } from './contacts.ts';
import { readOrgSettings } from './org-settings.ts';
import { organisationName, organisationNameOr, shownSenderAddress } from './sender-identity.ts';

/** Everything a Smart Link page needs to know about the link it was opened from. */
export interface SmartLinkTarget {
  action: SmartLinkAction;
  slug: string;
  /**
   * The message and its sender; null for a signature link (`/s/<kind>`, no message), which
   * belongs to the organisation as a whole: it names the organisation and acts at its scope.
   */
  message: {
    id: string;
    sender: SenderScope & { email: string; teamName: string | null };
    /** null until the message is registered (a link clicked within seconds of sending). */
    recipients: string[] | null;
  } | null;
  massMail: boolean;
  /** Shown on the page as "{sender}": the account's address or alias, or the organisation's name. */
  senderName: string;
  organisationName: string;
}

/** Verifies a `/s/<slug>/<message id>/<signature>` link; null for anything not signed by its sender. */
export async function resolveSmartLink(db: D1Database, slug: string, messageId: string, signature: string): Promise<SmartLinkTarget | null> {
  const action = smartLinkActionOfSlug(slug);
  if (!action || !MESSAGE_ID_PATTERN.test(messageId)) return null;
  const owner = await resolveMessage(db, messageId);
  if (!owner) return null;
  const key = owner.key ?? (await currentLinkKey(db, owner.accountId));
  if (!verifySmartLinkSignature(key, slug, messageId, signature)) return null;

  const [[message, account, aliasRows], settings] = await Promise.all([
    db.batch([
      db.prepare('SELECT from_address, recipients, mass_mail FROM messages WHERE id = ?').bind(messageId),
      db.prepare('SELECT a.email, a.team_id, t.name AS team_name FROM accounts a LEFT JOIN teams t ON t.id = a.team_id WHERE a.id = ?').bind(owner.accountId),
      db.prepare('SELECT email FROM account_aliases WHERE account_id = ?').bind(owner.accountId),
    ]),
    readOrgSettings(db),
  ]);
  const m = message?.results[0] as { from_address: string; recipients: string; mass_mail: number } | undefined;
  const a = account?.results[0] as { email: string; team_id: string | null; team_name: string | null } | undefined;
  const accountEmail = a?.email ?? '';
  const aliases = ((aliasRows?.results ?? []) as { email: string }[]).map((row) => row.email);
  const lists = m ? (JSON.parse(m.recipients) as { to: string[]; cc: string[]; bcc: string[] }) : null;
  return {
    action,
    slug,
    message: {
      id: messageId,
      sender: { accountId: owner.accountId, teamId: a?.team_id ?? null, email: accountEmail, teamName: a?.team_name ?? null },
      recipients: lists ? [...new Set([...lists.to, ...lists.cc, ...lists.bcc])] : null,
    },
    massMail: m?.mass_mail === 1,
    senderName: shownSenderAddress(m?.from_address ?? null, accountEmail, aliases),
    organisationName: organisationNameOr(settings.organisationName, accountEmail),
  };
}

/** A signature link `/s/<kind>`: the organisation's, for anyone who types their address. */
export async function resolveSignatureLink(db: D1Database, slug: string, host: string): Promise<SmartLinkTarget | null> {
  const action = smartLinkActionOfSlug(slug);
  if (!action) return null;
  const organisation = await organisationName(db, `@${host}`);
  return { action, slug, message: null, massMail: false, senderName: organisation, organisationName: organisation };
}
