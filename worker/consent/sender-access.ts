import { splitChange } from '../../shared/consent/actions.ts';
import type { ContactState, Scope, ScopeKind } from '../../shared/consent/state.ts';
import type { Sender } from '../env.ts';
import { ApiError } from '../http/errors.ts';

/**
 * Which stored choices a sender may see, as SQL over `contact_preferences p` (or any table with
 * `scope_kind` and `scope_id`): admins every scope; a sender the organisation's, their team's and
 * their own.
 */
export function visibility(sender: Sender, table = 'p'): { sql: string; params: string[] } {
  if (sender.role === 'admin') return { sql: '1 = 1', params: [] };
  return {
    sql: `(${table}.scope_kind = 'organisation' OR (${table}.scope_kind = 'team' AND ${table}.scope_id = ?) OR (${table}.scope_kind = 'sender' AND ${table}.scope_id = ?))`,
    params: [sender.teamId ?? '', sender.accountId],
  };
}

/** The scope of that kind this sender acts in; a sender outside any team cannot choose team. */
export function scopeFor(sender: Sender, kind: ScopeKind): Scope {
  if (kind === 'sender') return { kind, id: sender.accountId };
  if (kind === 'team') {
    if (!sender.teamId) throw new ApiError(400, 'invalid_request', 'You are not in a team; choose the organisation or yourself.', 'scope');
    return { kind, id: sender.teamId };
  }
  return { kind: 'organisation', id: '' };
}

/** Any change that lets more email (or tracking) through is an opt-in: it needs evidence of consent. */
export function loosens(before: ContactState, after: ContactState): boolean {
  return splitChange(before, after).permissive.length > 0;
}

export function requireAdmin(sender: Sender, what: string): void {
  if (sender.role !== 'admin') throw new ApiError(403, 'forbidden', `Only an admin can ${what}.`);
}
