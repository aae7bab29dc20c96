import { effectiveState, scopesOf } from '../../shared/consent/state.ts';
import { contactKey, loadPreferences } from './contacts.ts';

/** What the refusal check reads of a message (`m`) and its sender (`a`): `FROM ${MESSAGES_WITH_SENDERS}`. */
export const REFUSAL_COLUMNS = 'm.id, m.account_id, m.recipients, a.team_id';
export const MESSAGES_WITH_SENDERS = 'messages m JOIN accounts a ON a.id = m.account_id';

export interface RefusalRow {
  id: string;
  account_id: string;
  recipients: string;
  team_id: string | null;
}

/**
 * Messages none of whose hits may be recorded: a recipient chose "Stop tracking me" (also after
 * the message was sent). A pixel cannot tell which recipient opened, so one refusal among several
 * recipients stops recording for the whole message. `rows` are the messages as read with
 * `REFUSAL_COLUMNS` (a caller reads them with its other reads, in one round trip).
 */
export async function messagesRefusingTracking(db: D1Database, rows: readonly RefusalRow[]): Promise<Set<string>> {
  const messages = rows.map((row) => {
    const lists = JSON.parse(row.recipients) as { to: string[]; cc: string[]; bcc: string[] };
    return { id: row.id, scopes: scopesOf({ accountId: row.account_id, teamId: row.team_id }), keys: [...lists.to, ...lists.cc, ...lists.bcc].map(contactKey) };
  });
  const keys = [...new Set(messages.flatMap((m) => m.keys))];
  if (keys.length === 0) return new Set();
  const preferences = await loadPreferences(db, keys);
  return new Set(
    messages
      .filter((m) => m.keys.some((key) => effectiveState(preferences.get(key) ?? [], m.scopes).tracking === 'refused'))
      .map((m) => m.id),
  );
}
