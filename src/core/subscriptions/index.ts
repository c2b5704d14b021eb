/**
 * Subscriptions: what each channel wants, when, and in which time zone.
 */
export { createSubscriptions, MAX_PER_CHANNEL, type Subscriptions, type SubscriptionState, type SubscriptionStatus } from './create-subscriptions.js';
export { parseSubscription, splitFreeText, channelKey, SUBSCRIPTION_DEFAULTS, type Subscription, type SubscriptionSpec, type SubscriptionInput, type SummaryLength } from './subscription.js';
export { parseSchedule, type Schedule } from './schedule-spec.js';
export { parseCron, nextRun, previousRun, runsBetween, type CronExpression } from './cron-expression.js';
export { normaliseTimeZone, isTimeZone, formatInZone } from './time-zone.js';
export { compileFilter, compileTerm, splitTerms, type StoryFilter, type FilterVerdict } from './story-filter.js';
