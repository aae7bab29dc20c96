import { effectiveState, scopesOf } from '../../shared/consent/state.ts';
import { contactKey, loadPreferences } from './contacts.ts';

/**
 * Messages none of whose hits may be recorded: a recipient chose "Stop tracking me" (also after
 * the message was sent). A pixel cannot tell which recipient opened, so one refusal among several
 * recipients stops recording for the whole message.
 */
export async function messagesWithTrackingRefused(db: D1Database, messageIds: readonly string[]): Promise<Set<string>> {
  if (messageIds.length === 0) return new Set();
  const rows = await db
    .prepare(
      `SELECT m.id, m.account_id, m.recipients, a.team_id FROM messages m JOIN accounts a ON a.id = m.account_id
        WHERE m.id IN (${messageIds.map(() => '?').join(',')})`,
    )
    .bind(...messageIds)
    .all<{ id: string; account_id: string; recipients: string; team_id: string | null }>();
  const messages = rows.results.map((row) => {
    const lists = JSON.parse(row.recipients) as { to: string[]; cc: string[]; bcc: string[] };
    return { id: row.id, scopes: scopesOf({ accountId: row.account_id, teamId: row.team_id }), keys: [...lists.to, ...lists.cc, ...lists.bcc].map(contactKey) };
  });
  const preferences = await loadPreferences(db, [...new Set(messages.flatMap((m) => m.keys))]);
  return new Set(
    messages
      .filter((m) => m.keys.some((key) => effectiveState(preferences.get(key) ?? [], m.scopes).tracking === 'refused'))
      .map((m) => m.id),
  );
}
