/**
 * Who may change a workspace's Newsdesk setup: workspace admins and owners (from `users.info`)
 * and the people on the configured allow-list (SLACK_ADMIN_USERS). Answers are cached briefly
 * so a burst of commands costs one API call; a failed lookup refuses (fails closed).
 */
import type { Clock, Log } from '../../core/ports.js';
import type { SlackCalls } from './slack-call.js';
import { safeError } from './slack-log.js';

/** Decides whether a user can manage. */
export interface Permissions {
  canManage(teamId: string, userId: string): Promise<boolean>;
}

/** How long a users.info answer is trusted (5 minutes). */
export const PERMISSION_TTL_MS = 5 * 60_000;

interface UserInfo {
  user?: { is_admin?: boolean; is_owner?: boolean; is_primary_owner?: boolean };
}

/** Creates the permission check. */
export function createPermissions(deps: { calls: SlackCalls; adminUsers: string[]; clock: Clock; log: Log; redact: (t: string) => string; ttlMs?: number }): Permissions {
  const allow = new Set(deps.adminUsers.map((u) => u.trim()).filter(Boolean));
  const ttl = deps.ttlMs ?? PERMISSION_TTL_MS;
  const cache = new Map<string, { value: boolean; until: number }>();
  return {
    async canManage(teamId, userId) {
      if (allow.has(userId)) return true;
      const key = `${teamId}:${userId}`;
      const now = deps.clock.now().getTime();
      const hit = cache.get(key);
      if (hit && hit.until > now) return hit.value;
      try {
        const res = await deps.calls.call<UserInfo>('users.info', { user: userId });
        const value = Boolean(res.user?.is_admin || res.user?.is_owner || res.user?.is_primary_owner);
        cache.set(key, { value, until: now + ttl });
        if (cache.size > 5000) cache.delete(cache.keys().next().value!);
        return value;
      } catch (err) {
        deps.log.warn({ teamId, userId, err: safeError(err, deps.redact) }, 'users.info failed; treating the user as not an admin');
        return false;
      }
    },
  };
}
