/**
 * Plain-text tables for benchmark output: one header row, right-aligned numbers.
 */

/** A cell: text is left-aligned, numbers right-aligned. */
export type Cell = string | number | undefined;

function show(c: Cell): string {
  if (c === undefined) return '';
  if (typeof c === 'number') {
    if (!Number.isFinite(c)) return String(c);
    if (Number.isInteger(c)) return c.toLocaleString('en-US');
    return Math.abs(c) >= 100 ? c.toFixed(0) : Math.abs(c) >= 10 ? c.toFixed(1) : c.toFixed(2);
  }
  return c;
}

/** Formats rows under `headers` as an aligned text table. */
export function formatTable(headers: string[], rows: Cell[][]): string {
  const text = rows.map((r) => r.map(show));
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((r) => (r[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.every((r) => r[i] === undefined || typeof r[i] === 'number'));
  const line = (cells: string[]) =>
    cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...text.map(line)].join('\n');
}

/** Prints a titled table to stdout. */
export function printTable(title: string, headers: string[], rows: Cell[][]): void {
  process.stdout.write(`\n${title}\n${formatTable(headers, rows)}\n`);
}
