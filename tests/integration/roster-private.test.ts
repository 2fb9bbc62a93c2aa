/**
 * A lobby kiosk's disk holds no list of inmates: after the signed roster arrives (and after an
 * offline search of it), no file under the kiosk's data directory — the roster cache, the
 * ledger SQLite file and its WAL included — contains a full name, a name part or a search key
 * of anyone in the terminal's facilities, in any case, in UTF-8. Offline search still finds
 * a person typed exactly (after normalisation) and shows only the masked name.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nameKey } from '../../common/names.ts';
import { startTestCentral, type TestCentral } from '../support/central-harness.ts';
import { type Ledger, openLedger } from '../../main/ledger/ledger.ts';
import { tempDir } from '../support/ledger-support.ts';
import { silentLogger } from '../../main/log.ts';
import { createSyncService, type SyncService } from '../../main/sync/sync-service.ts';

const DEMO_NAMES = [
  'Иванов',
  'Иван',
  'Иванович',
  'Семёнов',
  'Семенов',
  'Пётр',
  'Фёдорович',
  'Римская-Корсакова',
  'Римская',
  'Корсакова',
  'Сергеевна',
  'Каримов',
  'Бахтиёр',
  'Бахтияр',
  'Петров-Водкин',
  'Кузнецов',
];

let central: TestCentral;
let temp: ReturnType<typeof tempDir>;
let ledger: Ledger;
let service: SyncService | null = null;

beforeEach(async () => {
  central = await startTestCentral();
  temp = tempDir('kiosk-roster-private-');
  ledger = openLedger(join(temp.dir, 'ledger.db'));
});
afterEach(async () => {
  await service?.stop();
  service = null;
  ledger.close();
  temp.remove();
  await central.stop();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every spelling a reader could grep for: as written, lower, upper, ё→е, the search key. */
function spellings(name: string): string[] {
  const forms = [name, name.toLowerCase(), name.toUpperCase(), nameKey(name)];
  return [...new Set([...forms, ...forms.map((form) => form.replaceAll('ё', 'е'))])];
}

describe('the roster on a kiosk disk cannot be listed', () => {
  it('holds no readable name after the roster arrives, and still finds an exact name', async () => {
    const terminal = await central.enrolTerminal('roster-private', ['77-sizo-1']);
    service = createSyncService({
      ledger,
      dataDir: temp.dir,
      centralUrl: central.central.url,
      terminalId: terminal.terminalId,
      keys: terminal.keys,
      centralPublicKeyPem: central.central.rosterPublicKeyPem,
      sources: {
        devices: () => ({
          billAcceptor: { adapter: 'e', health: 'ok', code: 'idle', detail: '', sinceMs: 1 },
          printer: { adapter: 'e', health: 'ok', code: 'idle', detail: '', sinceMs: 1 },
        }),
        paper: () => 'ok',
        cassetteNoteCount: () => 0,
      },
      softwareVersion: '0.0.0-test',
      log: silentLogger(),
      searchTimeoutMs: 300,
    });
    expect((await service.roster.refresh()).ok).toBe(true);
    expect(service.roster.status().inmateCount).toBeGreaterThan(5);
    const others = await central.central.db.all<{ surname: string; name: string }>(
      `SELECT surname, name FROM inmates WHERE facility_id = '77-sizo-1'
         AND length(surname) >= 6 LIMIT 300`,
    );
    await central.central.close();
    const offline = await service.searchPayee({
      facilityId: '77-sizo-1',
      surname: 'ИВАНОВ',
      name: 'иван',
      patronymic: 'Ив',
      birthYear: 1985,
    });
    expect(offline).toMatchObject({
      ok: true,
      value: {
        source: 'roster-cache',
        matches: [{ inmateRef: 'idemo000000000001', maskedName: 'Иванов И. И.', exact: true }],
      },
    });

    const needles = [...DEMO_NAMES, ...others.map((row) => `${row.surname}`)].flatMap(spellings);
    const files = filesUnder(temp.dir);
    expect(files.some((file) => file.endsWith('roster.json'))).toBe(true);
    expect(files.some((file) => file.endsWith('ledger.db'))).toBe(true);
    for (const file of files) {
      const text = readFileSync(file).toString('utf8');
      const found = needles.filter((needle) => text.includes(needle));
      expect(found, file).toEqual([]);
    }
  });
});
