/**
 * Electron main entry (package.json "main" → dist/main/hosts/electron.js). Thin on purpose:
 * config, log and the composition root, then the shell in electron-shell.ts does the rest.
 * Runs only inside Electron; tests cover createElectronShell with a fake `electron` module.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import electron from 'electron';
import { loadDevHooks } from '../app/dev-hooks.ts';
import { formatConfigError, loadConfig } from '../config.ts';
import { createKiosk, type Kiosk } from '../kiosk.ts';
import { createLogger } from '../log.ts';
import { createElectronShell, installFatalHandlers, type ShellKiosk } from './electron-shell.ts';
import { loadElectronUpdater, parseUpdateUrl } from './electron-updates.ts';

const root = findAppRoot(path.dirname(fileURLToPath(import.meta.url)));
const { app } = electron;

const exitSoon = (code: number) => {
  process.exitCode = code;
  // Give pino's transport a moment to write the last line.
  setTimeout(() => app.exit(code), 200);
};

const loaded = loadConfig({ KIOSK_DATA_DIR: app.getPath('userData'), ...process.env });
if (!loaded.ok) {
  console.error(formatConfigError(loaded.error));
  app.exit(2);
} else {
  const config = loaded.value;
  const log = createLogger({ logDir: path.join(config.dataDir, 'logs'), level: config.logLevel });
  installFatalHandlers(process, log, exitSoon);
  const updateUrl = parseUpdateUrl(process.env.KIOSK_UPDATE_URL);
  if (!updateUrl.ok) log.error(updateUrl.error);
  const feedUrl = updateUrl.ok && app.isPackaged ? updateUrl.value : null;

  const shell = createElectronShell(electron, {
    log,
    createKiosk: async () => {
      // Not in a packaged build (electron-build leaves main/dev/ out): there it says so.
      const dev = await loadDevHooks(config, { demoSetup: process.env.KIOSK_DEMO_SETUP !== '0' });
      if (dev.kind === 'absent') throw new Error(dev.message);
      return createKiosk({ config, log, dev: dev.kind === 'loaded' ? dev.hooks : null });
    },
    rendererDir: path.join(root, 'renderer', 'dist'),
    preloadPath: path.join(root, 'dist', 'preload', 'preload.cjs'),
    isProduction: app.isPackaged,
    updates:
      feedUrl === null
        ? null
        : {
            feedUrl,
            // Loaded only when updates are on: electron-updater requires `electron` at load.
            loadUpdater: () => loadElectronUpdater(),
            canRestartNow: (kiosk) => kioskCanRestart(kiosk),
          },
  });
  shell.start().catch((error: unknown) => {
    log.fatal({ err: error }, 'the Electron host failed to start');
    exitSoon(1);
  });
}

/**
 * Until the composition root reports whether a deposit session holds cash, an update waits:
 * restarting mid-deposit is the one thing that must not happen.
 */
function kioskCanRestart(kiosk: ShellKiosk): boolean {
  return (kiosk as Kiosk).canRestartNow();
}

/**
 * The app root (app.asar when packaged): the first directory up with package.json *and*
 * node_modules. This file runs as dist/main/hosts/electron.js (dist/ holds a copy of
 * package.json, see electron-build.ts) and as main/hosts/electron.ts in tests.
 */
function findAppRoot(start: string): string {
  let dir = start;
  for (let level = 0; level < 6; level++) {
    const isRoot = ['package.json', 'node_modules'].every((name) =>
      existsSync(path.join(dir, name)),
    );
    if (isRoot) return dir;
    dir = path.dirname(dir);
  }
  throw new Error(`no app root (package.json + node_modules) above ${start}`);
}
