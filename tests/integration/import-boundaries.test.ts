import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/kiosk-process.ts';

/**
 * The import rules are enforced by `npm run lint` (biome.json overrides). Each case drops a
 * file that breaks one rule into the folder it governs and expects lint to fail on it naming
 * the rule; a file that keeps the rules passes. One Biome run checks them all. The product
 * (main/ outside main/dev/) imports neither central/, emulators/ nor main/dev/; central/ and
 * emulators/ do not import main/; protocol/ imports none of them.
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
  { folder: 'main/app', source: "import { kopecks } from '../../common/money.ts';", rule: null },
  {
    folder: 'main/app',
    source: "import { startCentral } from '../../central/server.ts';",
    rule: 'Product code in main/',
  },
  {
    folder: 'main/sync',
    source: "import { CcnetEmulator } from '../../emulators/ccnet/emulator.ts';",
    rule: 'Product code in main/',
  },
  {
    folder: 'main/app',
    source: "import { createDevHooks } from '../dev/dev-hooks.ts';",
    rule: 'Product code in main/',
  },
  {
    folder: 'main/hosts',
    source: "import { startCentral } from '../../central/server.ts';",
    rule: 'Product code in main/',
  },
  {
    folder: 'main/core',
    source: "import { CcnetEmulator } from '../../emulators/ccnet/emulator.ts';",
    rule: 'main/core/',
  },
  {
    folder: 'main/dev',
    source: "import { startCentral } from '../../central/server.ts';",
    rule: null,
  },
  {
    folder: 'central',
    source: "import { openLedger } from '../main/ledger/ledger.ts';",
    rule: 'do not import main/',
  },
  {
    folder: 'emulators/ccnet',
    source: "import { createCcnetDriver } from '../../main/devices/ccnet/driver.ts';",
    rule: 'do not import main/',
  },
  {
    folder: 'emulators/ccnet',
    source: "import { encodeFrame } from '../../protocol/ccnet/frame.ts';",
    rule: null,
  },
  {
    folder: 'protocol',
    source: "import { openLedger } from '../main/ledger/ledger.ts';",
    rule: 'protocol/',
  },
  {
    folder: 'protocol/ccnet',
    source: "import { CcnetEmulator } from '../../emulators/ccnet/emulator.ts';",
    rule: 'protocol/',
  },
  {
    folder: 'protocol/escpos',
    source: "import { startCentral } from '../../central/server.ts';",
    rule: 'protocol/',
  },
  {
    folder: 'main/devices',
    source: "import { encodeFrame } from '../../protocol/ccnet/frame.ts';",
    rule: null,
  },
  {
    folder: 'platform',
    source: "import { openLedger } from '../main/ledger/ledger.ts';",
    rule: 'platform/',
  },
  {
    folder: 'platform',
    source: "import { startCentral } from '../central/server.ts';",
    rule: 'platform/',
  },
  {
    folder: 'central',
    source: "import { secureDataDir } from '../platform/private-files.ts';",
    rule: null,
  },
  {
    folder: 'main/ledger',
    source: "import { touchPrivateFile } from '../../platform/private-files.ts';",
    rule: null,
  },
] as const;

const fileOf = (index: number) =>
  path.join(repoRoot, cases[index]!.folder, `boundary-probe-${process.pid}-${index}.ts`);

/** Biome's diagnostics for each probe file, by index. */
const diagnostics = new Map<number, string>();

describe('import boundaries', () => {
  beforeAll(() => {
    cases.forEach((probe, index) => {
      writeFileSync(fileOf(index), `${probe.source}\nexport const probe = ${index};\n`);
    });
    const run = spawnSync(
      process.execPath,
      [
        path.join(repoRoot, 'node_modules/@biomejs/biome/bin/biome'),
        'lint',
        '--max-diagnostics=100',
        ...cases.map((_, index) => fileOf(index)),
      ],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    const output = `${run.stdout}${run.stderr}`;
    // Each diagnostic block starts with the file's path relative to the repository.
    const blocks = output.split(/\n(?=\S+\.ts:\d+:\d+ )/);
    cases.forEach((_, index) => {
      const name = path.relative(repoRoot, fileOf(index));
      diagnostics.set(index, blocks.filter((block) => block.startsWith(name)).join('\n'));
    });
  });

  afterAll(() => {
    cases.forEach((_, index) => {
      rmSync(fileOf(index), { force: true });
    });
  });

  it.each(cases.map((probe, index) => ({ ...probe, index })))(
    '$folder: $source',
    ({ index, rule }) => {
      const found = diagnostics.get(index) ?? '';
      if (rule === null) {
        expect(found).not.toContain('noRestrictedImports');
        return;
      }
      expect(found).toContain('noRestrictedImports');
      expect(found).toContain(rule);
    },
  );
});
