/**
 * Builds what the Electron host runs, into dist/ (or `outDir`):
 * 1. tsc -p tsconfig.electron.json: main/, common/, central/, emulators/ as reachable from the
 *    entry and the preload, as .js;
 * 2. the data files that code reads next to itself via import.meta.url (package.json for the
 *    version, central/openapi.yaml, assets/fonts/… for the printer emulator): mirrored into
 *    the output so the same relative paths work there;
 * 3. the sandboxed preload as one CommonJS file (preload/build.ts).
 * Run: `node main/hosts/electron-build.ts` (main/start.ts runElectron and `npm run dist` do).
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { err, ok, type Result } from '../../common/result.ts';
import { buildPreload } from '../../preload/build.ts';

export type BuildError = { kind: 'tsc-failed'; exitCode: number | null };

/** Folders whose non-TypeScript files are mirrored; compiled code may read them relative. */
const dataFolders = ['main', 'common', 'central', 'emulators', 'assets'] as const;

export async function buildElectron(
  root: string,
  outDir: string = path.join(root, 'dist'),
): Promise<Result<{ typeErrors: boolean }, BuildError>> {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const exitCode = await run(
    process.execPath,
    [tsc, '-p', 'tsconfig.electron.json', '--outDir', outDir],
    root,
  );
  // tsc exits 2 when it found type errors but still emitted everything; `npm run typecheck` is
  // the gate for those (as for the headless host, which runs the sources directly).
  if (exitCode !== 0 && exitCode !== 2) return err({ kind: 'tsc-failed', exitCode });
  stageDataFiles(root, outDir);
  await buildPreload(root, path.join(outDir, 'preload'));
  return ok({ typeErrors: exitCode === 2 });
}

/** Copies package.json and every non-.ts file of the data folders to the same place in outDir. */
export function stageDataFiles(root: string, outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  cpSync(path.join(root, 'package.json'), path.join(outDir, 'package.json'));
  for (const folder of dataFolders) {
    cpSync(path.join(root, folder), path.join(outDir, folder), {
      recursive: true,
      filter: (source) => {
        const name = path.basename(source);
        if (name === 'node_modules' || name === 'dist') return false;
        return !/\.(ts|tsx)$/.test(name);
      },
    });
  }
}

function run(command: string, args: string[], cwd: string): Promise<number | null> {
  const child = spawn(command, args, { cwd, stdio: 'inherit' });
  return new Promise((resolve) => {
    child.once('error', () => resolve(null));
    child.once('exit', (code) => resolve(code));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const built = await buildElectron(root);
  if (!built.ok) {
    console.error(`Electron build: tsc failed (exit ${built.error.exitCode}).`);
    process.exitCode = 1;
  } else if (built.value.typeErrors) {
    console.warn('Electron build: type errors above; the emitted JavaScript is used anyway.');
  }
}
