/**
 * How old a story is, in the words every adapter shows: "just now", "12 min ago", "3 h ago",
 * "2 d ago", or the date (YYYY-MM-DD) for anything older than 30 days or in the future.
 */
export function formatAge(iso: string, now: Date): string {
  const ms = now.getTime() - Date.parse(iso);
  if (!Number.isFinite(ms)) return '';
  if (ms < 0) return iso.slice(0, 10);
  if (ms < 60_000) return 'just now';
  const min = Math.floor(ms / 60_000);
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ago`;
  const d = Math.floor(h / 24);
  return d <= 30 ? `${d} d ago` : iso.slice(0, 10);
}
