/**
 * The staff CSV import: the file's forms (semicolons, quotes, Russian dates, a BOM) become
 * the same records as a registry's batch, every bad line is named with its column, and the
 * CLI (a real child process on the running server's database) applies the good lines.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCentral, type TestCentral } from '../tests/support/central-harness.ts';
import { parseBirthDate, parseRosterCsv, parseWhen, splitCsvLine } from './roster-feed-csv.ts';

const HEADER =
  'record_id;version;kind;person_id;effective_at;facility_id;to_facility_id;surname;name;patronymic;birth_date';

describe('parsing the staff CSV', () => {
  it('reads quotes, semicolons, Russian dates and a BOM', () => {
    expect(splitCsvLine('a;"b;c";"say ""hi""";', ';')).toEqual(['a', 'b;c', 'say "hi"', '']);
    expect(splitCsvLine('a,"b', ',')).toBeNull();
    expect(parseWhen('01.12.2026')).toBe(Date.parse('2026-12-01T00:00:00+03:00'));
    expect(parseWhen('2026-12-01T10:30:00Z')).toBe(Date.parse('2026-12-01T10:30:00Z'));
    expect(parseBirthDate('12.04.1985')).toEqual({ birthYear: 1985, birthMonth: 4, birthDay: 12 });
    expect(parseBirthDate('1985')).toEqual({ birthYear: 1985, birthMonth: 0, birthDay: 0 });
    expect(parseBirthDate('31.02.1985')).toMatch(/expected/);
    const text = `\uFEFF${HEADER}\nA1;1;arrival;P1;01.12.2026;77-sizo-1;;Орлов;"Иван";;12.04.1985\n`;
    const { lines, problems } = parseRosterCsv(text);
    expect(problems).toEqual([]);
    expect(lines[0]).toMatchObject({
      line: 2,
      record: { kind: 'arrival', recordId: 'A1', person: { surname: 'Орлов', patronymic: '' } },
    });
  });

  it('names the line and the column of every bad line', () => {
    const text = [
      HEADER,
      'A1;1;arrival;P1;2026-13-01;77-sizo-1;;Орлов;Иван;;1985',
      'A2;x;arrival;P2;2026-12-01;77-sizo-1;;Орлов;Иван;;1985',
      'A3;1;arrival;P3;2026-12-01;77-sizo-1;;Орлов;Иван;;1985-02-30',
      'A4;1;arrival;P4;2026-12-01;77 sizo;;Орлов;Иван;;1985',
      'A5;1;arrival;P5;2026-12-01;77-sizo-1;;Орл0в;Иван;;1985',
      'A6;1;arrival;P6;2026-12-01;77-sizo-1',
      'A7;1;escape;P7;2026-12-01;77-sizo-1;;;;;1985',
    ].join('\r\n');
    const messages = parseRosterCsv(text).problems.map((p) => `${p.line} ${p.message}`);
    expect(messages).toHaveLength(7);
    expect(messages[0]).toMatch(/^2 effective_at: expected/);
    expect(messages[1]).toMatch(/^3 version:/);
    expect(messages[2]).toMatch(/^4 birth_date: expected/);
    expect(messages[3]).toMatch(/^5 facility_id:/);
    expect(messages[4]).toMatch(/^6 surname:/);
    expect(messages[5]).toBe('7 6 fields, the header has 11');
    expect(messages[6]).toMatch(/^8 kind:/);
  });

  it('refuses a header it does not know, naming the columns', () => {
    const { problems } = parseRosterCsv('record_id,version,kind,familia\n');
    expect(problems[0]?.message).toBe('header: missing person_id, effective_at; unknown familia');
  });
});

describe('roster-import on the running server’s database', () => {
  let server: TestCentral;
  beforeAll(async () => {
    server = await startTestCentral({ demo: false });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('applies the good lines, reports each line, and exits 1 when one is bad', async () => {
    const file = join(server.dataDir, 'roster.csv');
    const rows = [
      HEADER,
      'B1;1;arrival;Q1;01.12.2026;77-sizo-1;;Орлов;Иван;Ильич;12.04.1985',
      'B2;1;arrival;Q2;01.12.2026;77-sizo-1;;Титов;Глеб;;1990',
      'B3;1;transfer;Q1;02.12.2026;77-sizo-1;77-sizo-2;;;;',
      'B4;1;release;Q9;02.12.2026;77-sizo-1;;;;;',
    ];
    writeFileSync(file, `${rows.join('\n')}\n`);
    const run = promisify(execFile);
    const node = join(process.cwd(), 'node_modules/.bin/node');
    const env = {
      ...process.env,
      CENTRAL_DATA_DIR: server.dataDir,
      CENTRAL_DATABASE_URL: server.databaseUrl ?? '',
    };
    const failed = await run(node, ['central/cli.ts', 'roster-import', file], { env }).then(
      () => null,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toMatch(/^line 2: applied i[0-9a-z]{16}$/m);
    expect(failed?.stdout).toMatch(/^line 4: applied/m);
    expect(failed?.stderr).toContain('line 5: rejected: unknown-person');
    expect(failed?.stderr).toContain('3 of 4 lines taken');
    const moved = await server.central.db.get<{ facility_id: string }>(
      'SELECT facility_id FROM inmates WHERE person_id = ?',
      'Q1',
    );
    expect(moved?.facility_id).toBe('77-sizo-2');
    // The same file again changes nothing: every good line is a duplicate.
    const again = await run(node, ['central/cli.ts', 'roster-import', file], { env }).catch(
      (error: { stdout: string }) => error,
    );
    expect(again.stdout.match(/duplicate/g)).toHaveLength(3);
  });
});
