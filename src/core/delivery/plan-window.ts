/**
 * Planning one due digest over its window: the window's stories, what the channel already has,
 * and {@link planDigest}. This is what the scheduler runs for every due subscription, and what
 * `bench/digest.ts` times.
 */
import type { Outbox } from './outbox.js';
import { planDigest, type Plan, type PlanInput } from './plan-digest.js';
import type { WindowStories } from './window-stories.js';

/**
 * Inputs of {@link planWindow}: the window and how the digest is delivered, as for
 * {@link planDigest} but without the stories, which it reads itself.
 */
export type WindowPlanInput = Omit<PlanInput, 'candidates' | 'posted'>;

/** A plan and how many stories its window held. */
export interface WindowPlan {
  plan: Plan;
  /** Stories of the window considered (0: nothing happened in the window). */
  candidates: number;
}

/** Reads the window's stories and plans the digest (pure read; the caller records the plan). */
export function planWindow(deps: { windows: WindowStories; outbox: Pick<Outbox, 'posted'> }, p: WindowPlanInput): WindowPlan {
  const list = p.live ? deps.windows.live(p.windowFrom, p.windowTo) : deps.windows.scheduled(p.windowFrom, p.windowTo);
  const posted = deps.outbox.posted(p.sub.channel, list.map((s) => s.id));
  return { plan: planDigest({ ...p, candidates: list, posted }), candidates: list.length };
}
