import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The evaluation data folder: NEWSDESK_SHARED_DATA, or ../shared/data beside the checkout. */
export const SHARED_DATA = process.env.NEWSDESK_SHARED_DATA ?? resolve(process.cwd(), '../shared/data');

/**
 * Path of a part of the evaluation data, or undefined (with a console note saying which
 * suite is skipped and why) when it is absent, e.g. on a clone without ../shared.
 */
export function sharedData(part: string, suite: string): string | undefined {
  const dir = join(SHARED_DATA, part);
  if (existsSync(dir)) return dir;
  console.warn(`skipped: ${suite} needs evaluation data at ${dir} (set NEWSDESK_SHARED_DATA to its folder)`);
  return undefined;
}
