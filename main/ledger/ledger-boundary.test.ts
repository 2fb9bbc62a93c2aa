import { readdirSync, readFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLedger } from './ledger.ts';
import { tempDir } from '../../tests/support/ledger-support.ts';

/**
 * The ledger owns all SQL: product code outside main/ledger/ reaches the kiosk's database only
 * through the Ledger's functions. A grep over the source (kept in this folder so it travels
 * with the rule): no product file outside main/ledger/ imports node:sqlite (central/ has its
 * own database), the ledger's connection module or its test-only access. Tests, benches and
 * harnesses may use the raw connection to corrupt or count rows on purpose.
 */
const repoRoot = path.resolve(import.meta.dirname, '../..');
const productFolders = ['main', 'common', 'renderer', 'preload', 'emulators', 'central'];
const skippedFolders = new Set(['node_modules', 'dist']);

function sourceFiles(folder: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (skippedFolders.has(entry.name)) continue;
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.tsx?$/.test(entry.name)) out.push(full);
  }
  return out;
}

const isTestCode = (file: string) =>
  /\.test\.tsx?$/.test(file) || /(^|\/)test-[a-z-]+\.ts$/.test(file);

/** What a file outside main/ledger/ must not import; `where` is its repo-relative path. */
function ledgerBoundaryProblems(where: string, source: string): string[] {
  const specifiers = [...source.matchAll(/\b(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map(
    (match) => match[1]!,
  );
  const problems: string[] = [];
  for (const specifier of specifiers) {
    const resolved = specifier.startsWith('.')
      ? path.posix.normalize(path.posix.join(path.posix.dirname(where), specifier))
      : specifier;
    if (resolved === 'main/ledger/db.ts' || resolved === 'main/ledger/test-access.ts') {
      problems.push(`${where} imports ${resolved}`);
    }
    if (specifier === 'node:sqlite' && where.startsWith('main/')) {
      problems.push(`${where} opens SQLite itself`);
    }
  }
  return problems;
}

describe('the ledger owns all SQL', () => {
  it('no product file outside main/ledger/ reaches the raw database', () => {
    const problems = productFolders
      .flatMap((folder) => sourceFiles(path.join(repoRoot, folder)))
      .map((file) => path.relative(repoRoot, file).split(path.sep).join('/'))
      .filter((where) => !where.startsWith('main/ledger/') && !isTestCode(where))
      .flatMap((where) =>
        ledgerBoundaryProblems(where, readFileSync(path.join(repoRoot, where), 'utf8')),
      );
    expect(problems).toEqual([]);
  });

  it('the check catches each kind of breach (probes)', () => {
    expect(
      ledgerBoundaryProblems('main/app/x.ts', "import { statement } from '../ledger/db.ts';"),
    ).toHaveLength(1);
    expect(
      ledgerBoundaryProblems(
        'main/sync/x.ts',
        "import { connectionOf } from '../ledger/test-access.ts';",
      ),
    ).toHaveLength(1);
    expect(
      ledgerBoundaryProblems('main/service/x.ts', "import { DatabaseSync } from 'node:sqlite';"),
    ).toHaveLength(1);
    expect(
      ledgerBoundaryProblems('central/x.ts', "import { DatabaseSync } from 'node:sqlite';"),
    ).toEqual([]);
    expect(
      ledgerBoundaryProblems('main/app/x.ts', "import { openLedger } from '../ledger/ledger.ts';"),
    ).toEqual([]);
  });

  it('the Ledger object hands out no connection', () => {
    const temp = tempDir();
    const ledger = openLedger(path.join(temp.dir, 'ledger.db'));
    try {
      const values = (value: unknown): unknown[] =>
        value !== null && typeof value === 'object'
          ? Object.values(value).flatMap((inner) => [inner, ...values(inner)])
          : [];
      expect(values(ledger).some((value) => value instanceof DatabaseSync)).toBe(false);
      expect('db' in ledger).toBe(false);
    } finally {
      ledger.close();
      temp.remove();
    }
  });
});
