import { splitChange } from '../../shared/consent/actions.ts';
import { scopesOf, type ContactState, type Scope, type ScopeKind } from '../../shared/consent/state.ts';
import type { Sender } from '../env.ts';
import { ApiError } from '../http/errors.ts';

/**
 * The scopes whose stored choices a sender may see: admins every scope (null); a sender the
 * organisation's, their team's and their own, the scopes that apply when they write.
 */
export function visibleScopes(sender: Sender): readonly Scope[] | null {
  return sender.role === 'admin' ? null : scopesOf(sender);
}

export function mayView(sender: Sender, scope: Scope): boolean {
  return visibleScopes(sender)?.some((s) => s.kind === scope.kind && s.id === scope.id) ?? true;
}

/** `visibleScopes` as SQL over `contact_preferences p` (or any table with `scope_kind` and `scope_id`). */
export function visibility(sender: Sender, table = 'p'): { sql: string; params: string[] } {
  const scopes = visibleScopes(sender);
  if (!scopes) return { sql: '1 = 1', params: [] };
  return {
    sql: `(${scopes.map(() => `(${table}.scope_kind = ? AND ${table}.scope_id = ?)`).join(' OR ')})`,
    params: scopes.flatMap((scope) => [scope.kind, scope.id]),
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
