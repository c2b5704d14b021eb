/**
 * A per-host concurrency limit, so that polling many feeds of one publisher never opens more
 * than a few connections to it at once (politeness, and protection against being rate-limited).
 */

/** Hands out slots per host; waiting callers are served in arrival order. */
export interface HostLimiter {
  /** Waits for a free slot for `host` and returns the function that frees it. Rejects if `signal` aborts first. */
  acquire(host: string, signal?: AbortSignal): Promise<() => void>;
  /** Requests currently running for `host`. */
  active(host: string): number;
}

interface HostState {
  active: number;
  waiting: { grant: () => void }[];
}

/** Creates a limiter allowing `perHost` concurrent requests per host (at least 1). */
export function createHostLimiter(perHost: number): HostLimiter {
  const limit = Math.max(1, Math.floor(perHost));
  const hosts = new Map<string, HostState>();

  const release = (host: string, state: HostState): (() => void) => {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = state.waiting.shift();
      if (next) {
        next.grant();
        return;
      }
      state.active--;
      if (state.active === 0) hosts.delete(host);
    };
  };

  return {
    acquire(host, signal) {
      const key = host.toLowerCase();
      let state = hosts.get(key);
      if (!state) {
        state = { active: 0, waiting: [] };
        hosts.set(key, state);
      }
      const s = state;
      if (s.active < limit) {
        s.active++;
        return Promise.resolve(release(key, s));
      }
      return new Promise((resolve, reject) => {
        const entry = {
          grant: () => {
            signal?.removeEventListener('abort', onAbort);
            // The slot passes from the releasing request to this one; `active` stays the same.
            resolve(release(key, s));
          },
        };
        const onAbort = () => {
          const i = s.waiting.indexOf(entry);
          if (i >= 0) s.waiting.splice(i, 1);
          reject(signal?.reason ?? new Error('aborted'));
        };
        if (signal?.aborted) {
          onAbort();
          return;
        }
        signal?.addEventListener('abort', onAbort, { once: true });
        s.waiting.push(entry);
      });
    },
    active(host) {
      return hosts.get(host.toLowerCase())?.active ?? 0;
    },
  };
}
