/**
 * Schema steps of the feed registry (sources, polling state). Append only.
 */
export const FEED_MIGRATIONS: { name: string; sql: string }[] = [];
