import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/kiosk-process.ts';

/**
 * The import rules of DESIGN.md §1 are enforced by `npm run lint` (biome.json overrides). Each
 * case drops a file that breaks one rule into the folder it governs and expects lint to fail
 * naming the rule; a file that keeps the rules passes.
 */
const cases = [
  {
    folder: 'renderer/src',
    source: "import { createKiosk } from '../../main/kiosk.ts';",
    rule: 'main/',
  },
  { folder: 'renderer/src', source: "import { readFileSync } from 'node:fs';", rule: 'no Node' },
  {
    folder: 'common',
    source: "import { openLedger } from '../main/ledger/ledger.ts';",
    rule: 'common/',
  },
  {
    folder: 'main/core',
    source: "import { openLedger } from '../ledger/ledger.ts';",
    rule: 'no I/O',
  },
  { folder: 'main/core', source: "import { readFileSync } from 'node:fs';", rule: 'no I/O' },
  {
    folder: 'main/ledger',
    source: "import { app } from 'electron';",
    rule: 'Electron is used only',
  },
] as const;

function lint(folder: string, source: string): { status: number | null; output: string } {
  const file = path.join(repoRoot, folder, `boundary-probe-${process.pid}.ts`);
  writeFileSync(file, `${source}\nexport const probe = 1;\n`);
  try {
    const run = spawnSync(
      process.execPath,
      [path.join(repoRoot, 'node_modules/@biomejs/biome/bin/biome'), 'lint', file],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(file, { force: true });
  }
}

describe('import boundaries', () => {
  it.each(cases)('$folder: $source', ({ folder, source, rule }) => {
    const result = lint(folder, source);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('noRestrictedImports');
    expect(result.output).toContain(rule);
  });

  it('lets main/ import main/core and common', () => {
    const result = lint('main/app', "import { kopecks } from '../../common/money.ts';");
    expect(result.output).not.toContain('noRestrictedImports');
  });
});
