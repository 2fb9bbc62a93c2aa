/**
 * The roster feed from a CSV file, for facility staff without a registry system
 * (`node central/cli.ts roster-import <file.csv>`): one record a line, the same records and
 * rules as a registry's batch (roster-feed.ts), and an error that names the line and the
 * column for every line that is not applied.
 *
 * The file: UTF-8 (a BOM is fine), a header line, comma- or semicolon-separated (a
 * spreadsheet saved in a Russian locale uses semicolons), fields quoted with "…" when they
 * hold the separator. Columns, in any order:
 *   record_id, version, kind (arrival | transfer | release | correction), person_id,
 *   effective_at (2026-12-01, 01.12.2026 or 2026-12-01T10:30:00+03:00; a date alone is
 *   00:00 Moscow time), facility_id (for a transfer: where from), to_facility_id (transfer),
 *   surname, name, patronymic, birth_date (1985-04-12, 12.04.1985, or 1985 when only the
 *   year is known): the person's columns for arrival and correction only.
 */
import type { RosterRecordResult } from '../common/central-wire-roster.ts';
import { parseRecord } from './roster-feed.ts';

export const CSV_COLUMNS = [
  'record_id',
  'version',
  'kind',
  'person_id',
  'effective_at',
  'facility_id',
  'to_facility_id',
  'surname',
  'name',
  'patronymic',
  'birth_date',
] as const;
const REQUIRED = ['record_id', 'version', 'kind', 'person_id', 'effective_at'] as const;
/** A staff file of a whole facility is thousands of lines; a national one goes by the API. */
export const CSV_LINES_MAX = 200_000;

export type CsvLine = { line: number; record: unknown };
export type CsvProblem = { line: number; message: string };

/** Splits one line into fields (RFC 4180 quoting, without line breaks inside quotes). */
export function splitCsvLine(text: string, separator: string): string[] | null {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let at = 0; at < text.length; at += 1) {
    const char = text[at]!;
    if (quoted) {
      if (char !== '"') field += char;
      else if (text[at + 1] === '"') {
        field += '"';
        at += 1;
      } else quoted = false;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === separator) {
      fields.push(field);
      field = '';
    } else field += char;
  }
  if (quoted) return null;
  fields.push(field);
  return fields.map((value) => value.trim());
}

const MOSCOW = '+03:00';

/** Milliseconds since the epoch, or a message saying what was expected. */
export function parseWhen(text: string): number | string {
  const russian = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text);
  const iso = russian === null ? text : `${russian[3]}-${russian[2]}-${russian[1]}`;
  const dated = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00${MOSCOW}` : iso;
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(dated) ? Date.parse(dated) : Number.NaN;
  if (!Number.isFinite(ms) || ms < 0) {
    return `expected 2026-12-01, 01.12.2026 or 2026-12-01T10:30:00+03:00, got '${text}'`;
  }
  return ms;
}

/** Year, month and day of birth, or a message. */
export function parseBirthDate(
  text: string,
): { birthYear: number; birthMonth: number; birthDay: number } | string {
  const year = /^(\d{4})$/.exec(text);
  if (year !== null) return { birthYear: Number(year[1]), birthMonth: 0, birthDay: 0 };
  const russian = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const [y, m, d] =
    iso !== null
      ? [iso[1], iso[2], iso[3]]
      : russian !== null
        ? [russian[3], russian[2], russian[1]]
        : [];
  const date = new Date(`${y}-${m}-${d}T00:00:00Z`);
  if (y === undefined || Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(d)) {
    return `expected 1985-04-12, 12.04.1985 or 1985, got '${text}'`;
  }
  return { birthYear: Number(y), birthMonth: Number(m), birthDay: Number(d) };
}

function recordOf(cells: Record<string, string>): unknown {
  const when = parseWhen(cells.effective_at ?? '');
  if (typeof when === 'string') return { problem: `effective_at: ${when}` };
  const version = /^\d{1,10}$/.test(cells.version ?? '') ? Number(cells.version) : Number.NaN;
  if (!Number.isSafeInteger(version)) return { problem: `version: expected a whole number ≥ 1` };
  const base = {
    recordId: cells.record_id,
    version,
    kind: cells.kind,
    personId: cells.person_id,
    effectiveAtMs: when,
  };
  if (cells.kind === 'transfer') {
    return { ...base, fromFacilityId: cells.facility_id, toFacilityId: cells.to_facility_id };
  }
  if (cells.kind === 'release') return { ...base, facilityId: cells.facility_id };
  const birth = parseBirthDate(cells.birth_date ?? '');
  if (typeof birth === 'string') return { problem: `birth_date: ${birth}` };
  const person = {
    surname: cells.surname,
    name: cells.name,
    patronymic: cells.patronymic ?? '',
    ...birth,
  };
  if (cells.kind === 'correction') return { ...base, person };
  return { ...base, facilityId: cells.facility_id, person };
}

/** zod paths of a record, as the CSV's column names. */
const COLUMN_OF: Record<string, string> = {
  recordId: 'record_id',
  personId: 'person_id',
  effectiveAtMs: 'effective_at',
  facilityId: 'facility_id',
  fromFacilityId: 'facility_id',
  toFacilityId: 'to_facility_id',
  'person.surname': 'surname',
  'person.name': 'name',
  'person.patronymic': 'patronymic',
  'person.birthYear': 'birth_date',
  'person.birthDay': 'birth_date',
  'person.birthMonth': 'birth_date',
};

function readLine(
  row: string,
  line: number,
  names: readonly string[],
  separator: string,
): CsvLine | CsvProblem {
  const fields = splitCsvLine(row, separator);
  if (fields === null) return { line, message: 'a quote is not closed' };
  if (fields.length !== names.length) {
    return { line, message: `${fields.length} fields, the header has ${names.length}` };
  }
  const cells = Object.fromEntries(names.map((name, at) => [name, fields[at]!]));
  const record = recordOf(cells) as { problem?: string };
  if (record.problem !== undefined) return { line, message: record.problem };
  const parsed = parseRecord(record);
  if (!('problem' in parsed)) return { line, record: parsed.record };
  const [path = '', ...rest] = parsed.problem.split(': ');
  return { line, message: `${COLUMN_OF[path] ?? path}: ${rest.join(': ')}` };
}

/** The file as records (line numbers kept) and the lines that are not records. */
export function parseRosterCsv(text: string): { lines: CsvLine[]; problems: CsvProblem[] } {
  const rows = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = rows[0] ?? '';
  const separator =
    (header.match(/;/g)?.length ?? 0) > (header.match(/,/g)?.length ?? 0) ? ';' : ',';
  const names = (splitCsvLine(header, separator) ?? []).map((name) => name.toLowerCase());
  const missing = REQUIRED.filter((name) => !names.includes(name));
  const unknown = names.filter((name) => !(CSV_COLUMNS as readonly string[]).includes(name));
  if (missing.length > 0 || unknown.length > 0) {
    const parts = [
      missing.length > 0 ? `missing ${missing.join(', ')}` : '',
      unknown.length > 0 ? `unknown ${unknown.join(', ')}` : '',
    ].filter(Boolean);
    return { lines: [], problems: [{ line: 1, message: `header: ${parts.join('; ')}` }] };
  }
  if (rows.length - 1 > CSV_LINES_MAX) {
    return { lines: [], problems: [{ line: 1, message: `more than ${CSV_LINES_MAX} lines` }] };
  }
  const lines: CsvLine[] = [];
  const problems: CsvProblem[] = [];
  rows.slice(1).forEach((row, index) => {
    if (row.trim() === '') return;
    const read = readLine(row, index + 2, names, separator);
    if ('message' in read) problems.push(read);
    else lines.push(read);
  });
  return { lines, problems };
}

/** One line of the import's report. */
export function reportLine(line: number, result: RosterRecordResult): string {
  if (result.outcome !== 'rejected') {
    const ref = result.inmateRef === undefined ? '' : ` ${result.inmateRef}`;
    return `line ${line}: ${result.outcome}${ref}`;
  }
  return `line ${line}: rejected: ${result.error?.code ?? '?'}: ${result.error?.message ?? ''}`;
}
