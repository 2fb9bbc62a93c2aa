/**
 * Benchmark rows: one measurement each, with its unit, its same-run reference (the bare
 * version of the same work, measured on the same machine in the same run) and its target,
 * printed as one table and written to bench/results.json.
 *
 * Why references: absolute milliseconds depend on the disk and on whatever else the machine
 * is doing; the ratio to a bare node:sqlite commit or to a blank Chromium page measured a few
 * seconds apart does not, so a target on the ratio says what our code costs on top.
 */
export type BenchReference = { name: string; value: number };

export type BenchRow = {
  area: string;
  name: string;
  value: number;
  unit: string;
  /** The bare measurement this row is compared with (same unit); null when there is none. */
  reference: BenchReference | null;
  /** value ÷ reference.value; null without a reference. */
  ratio: number | null;
  /** Human-readable target, e.g. '< 50 ms', '≥ 500 /s', '≤ 3× ref'; empty when none. */
  target: string;
  /** null when there is no target to meet. */
  met: boolean | null;
};

/** Every bound given must hold; the text is generated from the same numbers. */
export type BenchTarget = {
  below?: number;
  atLeast?: number;
  ratioAtMost?: number;
  ratioAtLeast?: number;
};

export function benchRow(fields: {
  area: string;
  name: string;
  value: number;
  unit: string;
  reference?: BenchRow | null;
  target?: BenchTarget;
}): BenchRow {
  const { area, name, value, unit } = fields;
  const reference = fields.reference ?? null;
  if (reference !== null && reference.unit !== unit) {
    throw new Error(`bench: ${name} (${unit}) compared with ${reference.name} (${reference.unit})`);
  }
  const ratio = reference === null ? null : value / reference.value;
  const target = fields.target ?? {};
  const texts: string[] = [];
  const checks: boolean[] = [];
  if (target.ratioAtMost !== undefined) {
    if (ratio === null) throw new Error(`bench: ${name} has a ratio target but no reference`);
    texts.push(`≤ ${target.ratioAtMost}× ref`);
    checks.push(ratio <= target.ratioAtMost);
  }
  if (target.ratioAtLeast !== undefined) {
    if (ratio === null) throw new Error(`bench: ${name} has a ratio target but no reference`);
    texts.push(`≥ ${target.ratioAtLeast}× ref`);
    checks.push(ratio >= target.ratioAtLeast);
  }
  if (target.below !== undefined) {
    texts.push(`< ${target.below} ${unit}`);
    checks.push(value < target.below);
  }
  if (target.atLeast !== undefined) {
    texts.push(`≥ ${target.atLeast} ${unit}`);
    checks.push(value >= target.atLeast);
  }
  return {
    area,
    name,
    value,
    unit,
    reference: reference === null ? null : { name: reference.name, value: reference.value },
    ratio,
    target: texts.join(', '),
    met: checks.length === 0 ? null : checks.every(Boolean),
  };
}

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
  const header = ['area', 'measurement', 'value', 'unit', 'reference', 'ratio', 'target', 'met'];
  const body = rows.map((row) => [
    row.area,
    row.name,
    formatNumber(row.value),
    row.unit,
    row.reference === null ? '' : `${row.reference.name} = ${formatNumber(row.reference.value)}`,
    row.ratio === null ? '' : `${formatNumber(row.ratio)}×`,
    row.target,
    row.met === null ? '' : row.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => cells[column]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 1) return value.toFixed(2);
  return value.toFixed(3);
}
