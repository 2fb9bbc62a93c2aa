/**
 * Benchmark: inmate search latency on 1 000 000 generated inmates (the searcher itself, as
 * the HTTP route calls it) and end-to-end signed transfer creation over HTTP.
 *   node central/bench-search.ts [--count 1000000] [--searches 2000] [--transfers 400]
 * Prints JSON; benchSearch() is what `npm run bench` calls.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { assert } from '../common/assert.ts';
import { enrolBenchTerminal } from './bench-terminal.ts';
import { openCentralDb, statement } from './db.ts';
import { generateInmates, seedReferenceData } from './generate.ts';
import { createRng, type Rng } from '../common/prng.ts';
import { createSearcher, type SearchQuery } from './search.ts';
import { startCentral } from './server.ts';
import { uuidV7 } from '../tests/support/central-harness.ts';

export type SearchBenchResult = { p50Ms: number; p99Ms: number; transfersPerSecond: number };

export type SearchBenchOptions = {
  inmateCount?: number;
  searchCount?: number;
  transferCount?: number;
  /** Parallel HTTP requests while creating transfers. */
  concurrency?: number;
};

export type Inmate = {
  ref: string;
  facility_id: string;
  surname: string;
  name: string;
  patronymic: string;
  birth_year: number;
};

const CYRILLIC = 'абвгдежзиклмнопрстуфхцчшщыэюя';
const TO_QWERTY = new Map(
  [...'йцукенгшщзхъфывапролджэячсмитьбю'].map((letter, index) => [
    letter,
    "qwertyuiop[]asdfghjkl;'zxcvbnm,."[index]!,
  ]),
);

/** What a visitor might type for this person: exact, a typo, the EN layout, a short patronymic. */
export function typedQuery(inmate: Inmate, rng: Rng): SearchQuery {
  const base = { facilityId: inmate.facility_id, birthYear: inmate.birth_year };
  const variant = rng.int(4);
  if (variant === 1 && inmate.surname.length > 4) {
    const at = 1 + rng.int(inmate.surname.length - 2);
    const surname = `${inmate.surname.slice(0, at)}${rng.pick([...CYRILLIC])}${inmate.surname.slice(at + 1)}`;
    return { ...base, surname, name: inmate.name };
  }
  if (variant === 2) {
    const qwerty = (text: string) =>
      [...text.toLowerCase()].map((c) => TO_QWERTY.get(c) ?? c).join('');
    return { ...base, surname: qwerty(inmate.surname), name: qwerty(inmate.name) };
  }
  if (variant === 3) {
    return {
      ...base,
      surname: inmate.surname,
      name: inmate.name,
      patronymic: inmate.patronymic.slice(0, 3),
    };
  }
  return { ...base, surname: inmate.surname, name: inmate.name, patronymic: inmate.patronymic };
}

function percentile(sorted: readonly number[], fraction: number): number {
  assert(sorted.length > 0, 'percentile of nothing');
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

async function transfersPerSecond(
  dataDir: string,
  inmates: readonly Inmate[],
  count: number,
  concurrency: number,
): Promise<number> {
  const central = await startCentral({ dataDir, port: 0, host: '127.0.0.1', demo: false });
  try {
    const terminalId = 'bench-kiosk';
    const client = await enrolBenchTerminal(
      central.url,
      terminalId,
      await central.issueEnrolmentCode(terminalId),
    );
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let index = next++; index < count; index = next++) {
        const inmate = inmates[index % inmates.length]!;
        const status = await client.createTransfer({
          transferId: uuidV7(),
          inmateRef: inmate.ref,
          depositedKopecks: 103_000,
          amountKopecks: 100_000,
          commissionKopecks: 3_000,
          kioskCreatedAtMs: Date.now(),
        });
        assert(status === 201, `bench: transfer answered ${status}`);
      }
    };
    const startedMs = performance.now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    return count / ((performance.now() - startedMs) / 1000);
  } finally {
    await central.close();
  }
}

export async function benchSearch(options: SearchBenchOptions = {}): Promise<SearchBenchResult> {
  const inmateCount = options.inmateCount ?? 1_000_000;
  const searchCount = options.searchCount ?? 2_000;
  const dataDir = mkdtempSync(join(tmpdir(), 'central-bench-'));
  try {
    const { db } = await openCentralDb(dataDir);
    await seedReferenceData(db);
    await generateInmates(db, { count: inmateCount, includeFixed: false });
    const rng = createRng(7);
    const sample = statement(
      db,
      'SELECT ref, facility_id, surname, name, patronymic, birth_year FROM inmates WHERE rowid = ?',
    );
    const inmates: Inmate[] = [];
    for (let index = 0; index < searchCount; index += 1) {
      inmates.push((await sample.get<Inmate>(1 + rng.int(inmateCount)))!);
    }
    const search = createSearcher(db);
    const latenciesMs: number[] = [];
    let found = 0;
    for (const inmate of inmates) {
      const query = typedQuery(inmate, rng);
      const startedMs = performance.now();
      const result = await search(query);
      latenciesMs.push(performance.now() - startedMs);
      if (result.ok && result.value.some((match) => match.inmateRef === inmate.ref)) found += 1;
    }
    await db.close();
    // A fast search that misses people is no search: fail the bench loudly.
    assert(found / searchCount >= 0.9, `bench: search found only ${found}/${searchCount}`);
    latenciesMs.sort((a, b) => a - b);
    const rate = await transfersPerSecond(
      dataDir,
      inmates,
      options.transferCount ?? 400,
      options.concurrency ?? 8,
    );
    const round = (value: number) => Math.round(value * 1000) / 1000;
    return {
      p50Ms: round(percentile(latenciesMs, 0.5)),
      p99Ms: round(percentile(latenciesMs, 0.99)),
      transfersPerSecond: Math.round(rate),
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '1000000' },
      searches: { type: 'string', default: '2000' },
      transfers: { type: 'string', default: '400' },
    },
  });
  const result = await benchSearch({
    inmateCount: Number(values.count),
    searchCount: Number(values.searches),
    transferCount: Number(values.transfers),
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
