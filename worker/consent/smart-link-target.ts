import { SMART_LINK_ACTIONS, verifySmartLinkSignature, type SmartLinkAction } from '../../shared/consent/smart-link-url.ts';
import { MESSAGE_ID_PATTERN } from '../../shared/tracking/message-id.ts';
import { currentLinkKey } from '../tracking/link-keys.ts';
import { resolveMessage } from '../tracking/resolve-message.ts';
import { senderScope, type SenderScope } from './contacts.ts';

/** Everything a Smart Link page needs to know about the link it was opened from. */
export interface SmartLinkTarget {
  action: SmartLinkAction;
  slug: string;
  messageId: string;
  sender: SenderScope & { email: string; teamName: string | null };
  /** null until the message is registered (a link clicked within seconds of sending). */
  recipients: string[] | null;
  massMail: boolean;
  /** Shown on the page as "{sender}": sender-supplied, escaped when rendered. */
  senderName: string;
  organisationName: string;
}

const ACTION_BY_SLUG = new Map(Object.entries(SMART_LINK_ACTIONS).map(([action, slug]) => [slug as string, action as SmartLinkAction]));

/** Verifies a `/s/<slug>/<message id>/<signature>` link; null for anything not signed by its sender. */
export async function resolveSmartLink(db: D1Database, slug: string, messageId: string, signature: string): Promise<SmartLinkTarget | null> {
  const action = ACTION_BY_SLUG.get(slug);
  if (!action || !MESSAGE_ID_PATTERN.test(messageId)) return null;
  const owner = await resolveMessage(db, messageId);
  if (!owner) return null;
  const key = owner.key ?? (await currentLinkKey(db, owner.accountId));
  if (!verifySmartLinkSignature(key, slug, messageId, signature)) return null;

  const [message, account, org] = await db.batch([
    db.prepare('SELECT from_address, recipients, mass_mail FROM messages WHERE id = ?').bind(messageId),
    db.prepare('SELECT a.email, a.team_id, t.name AS team_name FROM accounts a LEFT JOIN teams t ON t.id = a.team_id WHERE a.id = ?').bind(owner.accountId),
    db.prepare("SELECT value FROM org_settings WHERE key = 'organisation_name'"),
  ]);
  const m = message?.results[0] as { from_address: string; recipients: string; mass_mail: number } | undefined;
  const a = account?.results[0] as { email: string; team_id: string | null; team_name: string | null } | undefined;
  const o = org?.results[0] as { value: string } | undefined;
  const lists = m ? (JSON.parse(m.recipients) as { to: string[]; cc: string[]; bcc: string[] }) : null;
  const scope = await senderScope(db, owner.accountId);
  const senderEmail = m?.from_address ?? a?.email ?? '';
  return {
    action,
    slug,
    messageId,
    sender: { ...scope, email: a?.email ?? senderEmail, teamName: a?.team_name ?? null },
    recipients: lists ? [...new Set([...lists.to, ...lists.cc, ...lists.bcc])] : null,
    massMail: m?.mass_mail === 1,
    senderName: senderEmail,
    organisationName: o?.value ?? senderEmail.split('@')[1] ?? senderEmail,
  };
}
