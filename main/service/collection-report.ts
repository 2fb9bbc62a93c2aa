import { formatRublesPlain, type Kopecks } from '../../common/money.ts';
import type { ReceiptDocument, ReceiptLine } from '../../common/ports.ts';
import { formatLocalTime } from '../core/receipt-layout.ts';
import type { CollectionReport } from './deps.ts';

/** Label left, value right on one line; the value wraps under the label when it does not fit. */
function pair(label: string, value: string, widthColumns: number): ReceiptLine[] {
  const gap = widthColumns - label.length - value.length;
  if (gap >= 1) return [{ kind: 'text', text: `${label}${' '.repeat(gap)}${value}` }];
  return [
    { kind: 'text', text: label },
    { kind: 'text', text: value, align: 'right' },
  ];
}

const rub = (value: Kopecks) => `${formatRublesPlain(value)} руб.`;

/**
 * The paper report of one инкассация: per denomination expected vs counted, totals, and the
 * mismatch with its comment. Pure: time is formatted from the offset the caller passes.
 */
export function layoutCollectionReport(
  report: CollectionReport,
  widthColumns: ReceiptDocument['widthColumns'],
  utcOffsetMinutes: number,
): ReceiptDocument {
  const w = widthColumns;
  const lines: ReceiptLine[] = [
    { kind: 'text', text: 'ИНКАССАЦИЯ', align: 'center', bold: true, size: 2 },
    { kind: 'text', text: `Отчёт № ${report.collectionId}`, align: 'center' },
    { kind: 'rule' },
    ...pair('Терминал:', report.terminalId, w),
    // 0: nothing was ever taken before this first collection, so there is no start to print.
    ...pair(
      'С:',
      report.startedAtMs > 0
        ? formatLocalTime(report.startedAtMs, utcOffsetMinutes)
        : 'начала работы',
      w,
    ),
    ...pair('По:', formatLocalTime(report.endedAtMs, utcOffsetMinutes), w),
    ...pair('Роль:', report.role === 'collector' ? 'инкассатор' : 'оператор', w),
    { kind: 'rule' },
    ...pair('Номинал', 'ожид./факт', w),
  ];
  for (const row of report.denominations) {
    lines.push(
      ...pair(
        `${formatRublesPlain(row.noteKopecks)}`,
        `${row.expectedCount} / ${row.countedCount}`,
        w,
      ),
    );
  }
  lines.push(
    { kind: 'rule' },
    ...pair('Ожидается:', rub(report.expectedKopecks), w),
    ...pair('Пересчитано:', rub(report.countedKopecks), w),
  );
  if (report.mismatch) {
    lines.push(
      { kind: 'text', text: 'РАСХОЖДЕНИЕ', bold: true },
      { kind: 'text', text: `Комментарий: ${report.comment}` },
    );
  } else {
    lines.push({ kind: 'text', text: 'Расхождений нет' });
  }
  lines.push(
    { kind: 'feed', lines: 1 },
    { kind: 'text', text: 'Подпись инкассатора: ______________' },
    { kind: 'feed', lines: 2 },
  );
  return { widthColumns: w, lines };
}
