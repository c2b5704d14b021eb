/**
 * Schema steps of subscriptions, the delivery outbox and scheduler leases. Append only.
 */
export const SCHEDULE_MIGRATIONS: { name: string; sql: string }[] = [];
