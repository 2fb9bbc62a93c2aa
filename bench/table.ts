/** Benchmark rows: one measurement each, with its unit and target, printed as a table. */
export type BenchRow = {
  area: string;
  name: string;
  value: number;
  unit: string;
  /** Human-readable target, e.g. '< 50 ms' or '≥ 500 /s'; empty when there is none. */
  target: string;
  /** null when there is no target to meet. */
  met: boolean | null;
};

export function percentile(sortedValues: readonly number[], fraction: number): number {
  if (sortedValues.length === 0) return Number.NaN;
  const index = Math.min(sortedValues.length - 1, Math.ceil(fraction * sortedValues.length) - 1);
  return sortedValues[Math.max(0, index)]!;
}

export function summarize(samples: number[]): {
  p50: number;
  p95: number;
  p99: number;
  max: number;
} {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['area', 'measurement', 'value', 'unit', 'target', 'met'];
  const body = rows.map((row) => [
    row.area,
    row.name,
    formatNumber(row.value),
    row.unit,
    row.target,
    row.met === null ? '' : row.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => cells[column]!.length)),
  );
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 1) return value.toFixed(2);
  return value.toFixed(3);
}
