/**
 * Builds what the Electron host runs, into dist/ (or `outDir`):
 * 1. tsc -p tsconfig.electron.json: what is reachable from the entry and the preload (main/,
 *    common/, protocol/, platform/), as .js. main/dev/ is loaded by a path computed at run time
 *    (main/app/dev-hooks.ts), so it is not reachable and a packaged kiosk carries no emulator,
 *    central server or demo data. `--dev` (npm start's Electron run) adds main/dev/ and what
 *    it reaches (tsconfig.electron-dev.json);
 * 2. the data files that code reads next to itself via import.meta.url (package.json for the
 *    version; with --dev also central/openapi.yaml and assets/fonts/… for the printer
 *    emulator): mirrored into the output so the same relative paths work there;
 * 3. the sandboxed preload as one CommonJS file (preload/build.ts).
 * Run: `node main/hosts/electron-build.ts [--dev]` (main/start.ts runElectron and `npm run
 * dist` do).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { err, ok, type Result } from '../../common/result.ts';
import { buildPreload } from '../../preload/build.ts';

export type BuildError = { kind: 'tsc-failed'; exitCode: number | null };

export type BuildOptions = { dev?: boolean };

/** Folders whose non-TypeScript files are mirrored; compiled code may read them relative. */
const dataFolders = {
  product: ['main', 'common', 'protocol', 'platform'],
  dev: ['central', 'emulators', 'assets'],
};

const projectOf = (options: BuildOptions) =>
  options.dev ? 'tsconfig.electron-dev.json' : 'tsconfig.electron.json';

const foldersOf = (options: BuildOptions) =>
  options.dev ? [...dataFolders.product, ...dataFolders.dev] : dataFolders.product;

export async function buildElectron(
  root: string,
  outDir: string = path.join(root, 'dist'),
  options: BuildOptions = {},
): Promise<Result<{ typeErrors: boolean }, BuildError>> {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const exitCode = await run(
    process.execPath,
    [tsc, '-p', projectOf(options), '--outDir', outDir],
    root,
  );
  // tsc exits 2 when it found type errors but still emitted everything; `npm run typecheck` is
  // the gate for those (as for the headless host, which runs the sources directly).
  if (exitCode !== 0 && exitCode !== 2) return err({ kind: 'tsc-failed', exitCode });
  stageDataFiles(root, outDir, options);
  await buildPreload(root, path.join(outDir, 'preload'));
  return ok({ typeErrors: exitCode === 2 });
}

/** Copies package.json and every non-.ts file of the data folders to the same place in outDir. */
export function stageDataFiles(root: string, outDir: string, options: BuildOptions = {}): void {
  mkdirSync(outDir, { recursive: true });
  cpSync(path.join(root, 'package.json'), path.join(outDir, 'package.json'));
  for (const folder of foldersOf(options)) {
    cpSync(path.join(root, folder), path.join(outDir, folder), {
      recursive: true,
      filter: (source) => isDataFile(path.relative(root, source)),
    });
  }
}

function isDataFile(source: string): boolean {
  const parts = source.split(path.sep);
  if (parts.includes('node_modules') || parts.includes('dist')) return false;
  return !/\.(ts|tsx)$/.test(source);
}

/**
 * The files a build puts into the app, relative to the repository: the sources tsc compiles
 * (as `tsc --listFilesOnly` names them) and the data files staged beside them. electron-builder
 * packs dist/ whole, so this is what a packaged kiosk carries of the repository.
 */
export function electronAppFiles(root: string, options: BuildOptions = {}): string[] {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const listed = spawnSync(process.execPath, [tsc, '-p', projectOf(options), '--listFilesOnly'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (listed.status !== 0) throw new Error(`tsc --listFilesOnly: ${listed.stderr}`);
  const compiled = listed.stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.includes(`${path.sep}node_modules${path.sep}`))
    .map((file) => path.relative(root, file));
  const data = foldersOf(options).flatMap((folder) =>
    readdirSync(path.join(root, folder), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
      .filter(isDataFile),
  );
  return [...compiled, 'package.json', ...data];
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
  const built = await buildElectron(root, undefined, { dev: process.argv.includes('--dev') });
  if (!built.ok) {
    console.error(`Electron build: tsc failed (exit ${built.error.exitCode}).`);
    process.exitCode = 1;
  } else if (built.value.typeErrors) {
    console.warn('Electron build: type errors above; the emitted JavaScript is used anyway.');
  }
}
