/**
 * Collections (инкассации) across the fleet: the list the console shows and its export as CSV
 * (semicolon-separated, UTF-8 with BOM, so a Russian spreadsheet opens it as columns) and as
 * XLSX (exceljs: money as numbers with a ruble format, times as dates). Times are Moscow time,
 * as the operators who count the cash read them.
 */
import ExcelJS from 'exceljs';
import type { CollectionView } from '../../common/console-wire.ts';
import { ApiFailure, apiError } from '../errors.ts';
import type { Accounts } from './accounts.ts';
import type { Gate } from './gate.ts';
import type { FleetStore } from './store-fleet.ts';
import { collectionView, type Views } from './views.ts';

const MOSCOW_OFFSET_MS = 3 * 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;
const EXPORT_ROWS_MAX = 50_000;

/** "2025-03-01 14:05:09" in Moscow time (UTC+3 all year), without time-zone data. */
export function moscowTime(ms: number): string {
  return new Date(ms + MOSCOW_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

export function rublesText(kopecks: number): string {
  const rubles = Math.floor(kopecks / 100);
  return `${rubles},${String(kopecks % 100).padStart(2, '0')}`;
}

function denominations(rows: CollectionView[]): number[] {
  const all = new Set(rows.flatMap((row) => row.notes.map((note) => note.noteKopecks)));
  return [...all].sort((a, b) => a - b);
}

const HEADERS = [
  'Инкассация',
  'Терминал',
  'Регион',
  'Открыта (МСК)',
  'Закрыта (МСК)',
  'Получена (МСК)',
  'Купюр',
  'Сумма, ₽',
  'Платежей',
  'Инкассатор',
];

function csvField(value: string): string {
  // A leading = + - @ would run as a formula in a spreadsheet: quote it as text.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[";\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function collectionsCsv(rows: CollectionView[]): string {
  const notes = denominations(rows);
  const header = [...HEADERS, ...notes.map((note) => `${note / 100} ₽, шт.`)];
  const lines = rows.map((row) => {
    const counts = notes.map(
      (note) => row.notes.find((entry) => entry.noteKopecks === note)?.count ?? 0,
    );
    return [
      row.collectionId,
      row.terminalId,
      row.regionCode ?? '',
      moscowTime(row.openedAtMs),
      moscowTime(row.closedAtMs),
      moscowTime(row.receivedAtMs),
      String(row.noteCount),
      rublesText(row.totalKopecks),
      String(row.transferCount),
      row.operatorName ?? '',
      ...counts.map(String),
    ].map(csvField);
  });
  return `\uFEFF${[header.map(csvField), ...lines].map((line) => line.join(';')).join('\r\n')}\r\n`;
}

export async function collectionsXlsx(rows: CollectionView[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date(0);
  const sheet = workbook.addWorksheet('Инкассации');
  const notes = denominations(rows);
  sheet.addRow([...HEADERS, ...notes.map((note) => `${note / 100} ₽, шт.`)]).font = { bold: true };
  // A Moscow wall-clock time stored as a date without zone, as the CSV shows it.
  const asDate = (ms: number) => new Date(ms + MOSCOW_OFFSET_MS);
  for (const row of rows) {
    sheet.addRow([
      row.collectionId,
      row.terminalId,
      row.regionCode ?? '',
      asDate(row.openedAtMs),
      asDate(row.closedAtMs),
      asDate(row.receivedAtMs),
      row.noteCount,
      row.totalKopecks / 100,
      row.transferCount,
      row.operatorName ?? '',
      ...notes.map((note) => row.notes.find((entry) => entry.noteKopecks === note)?.count ?? 0),
    ]);
  }
  for (const column of [4, 5, 6]) sheet.getColumn(column).numFmt = 'yyyy-mm-dd hh:mm:ss';
  sheet.getColumn(8).numFmt = '#,##0.00';
  sheet.columns.forEach((column) => {
    column.width = 18;
  });
  sheet.getColumn(1).width = 38;
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export type CollectionDeps = {
  gate: Gate;
  accounts: Accounts;
  fleet: FleetStore;
  views: Views;
  nowMs: () => number;
};

type Query = { fromMs?: string; toMs?: string; terminalId?: string; region?: string };

export function registerCollectionRoutes(deps: CollectionDeps): void {
  const { gate, fleet, views } = deps;

  const list = async (actor: import('./accounts.ts').Actor, query: Query, limit: number) => {
    const rows = await views.rowsFor(actor.user);
    const regionOf = new Map(rows.map((row) => [row.terminalId, row.regionCode]));
    const nowMs = deps.nowMs();
    const stored = await fleet.collections({
      terminalId: query.terminalId ?? null,
      fromMs: query.fromMs === undefined ? nowMs - 31 * DAY_MS : Number(query.fromMs),
      toMs: query.toMs === undefined ? nowMs + 1 : Number(query.toMs),
      limit,
    });
    return stored
      .filter((row) => regionOf.has(row.terminalId))
      .flatMap((row) => collectionView(row, regionOf) ?? [])
      .filter((row) => query.region === undefined || row.regionCode === query.region);
  };

  gate.route('GET', '/v1/console/collections', 'collections.read', async (request, _r, actor) => ({
    collections: await list(actor, request.query as Query, 1_000),
  }));

  gate.route(
    'GET',
    '/v1/console/collections/export',
    'collections.read',
    async (request, reply, actor) => {
      const query = request.query as Query & { format: 'csv' | 'xlsx' };
      const rows = await list(actor, query, EXPORT_ROWS_MAX);
      if (rows.length >= EXPORT_ROWS_MAX) {
        throw new ApiFailure(apiError(422, 'too-many-rows', 'narrow the period'));
      }
      await deps.accounts.audit({
        atMs: deps.nowMs(),
        userId: actor.user.userId,
        login: actor.user.login,
        action: 'collections-export',
        target: query.format,
        detail: { rows: rows.length, fromMs: query.fromMs ?? null, toMs: query.toMs ?? null },
        ip: actor.ip,
      });
      const stamp = moscowTime(deps.nowMs()).slice(0, 10);
      const name = `collections-${stamp}.${query.format}`;
      void reply.header('content-disposition', `attachment; filename="${name}"`);
      if (query.format === 'csv') {
        return reply.header('content-type', 'text/csv; charset=utf-8').send(collectionsCsv(rows));
      }
      const type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      return reply.header('content-type', type).send(await collectionsXlsx(rows));
    },
  );
}
