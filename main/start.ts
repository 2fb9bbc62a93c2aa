/**
 * `npm start`: the demo kiosk. Chooses the host (Electron where its binary exists, else the
 * headless host), prints one line saying which, and runs until SIGINT/SIGTERM.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadDevHooks } from './app/dev-hooks.ts';
import { formatConfigError, loadConfig } from './config.ts';
import { findElectronBinary } from './electron-binary.ts';
import { startHeadlessHost } from './hosts/headless.ts';
import { createKiosk } from './kiosk.ts';
import { RESTART_EXIT_CODE } from './app/remote-command-runner.ts';
import { createLogger } from './log.ts';
import path from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));

async function main(): Promise<number> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    console.error(formatConfigError(loaded.error));
    return 2;
  }
  const config = loaded.value;
  const electron = findElectronBinary();
  if (config.host === 'electron' && electron === null) {
    console.error(
      'KIOSK_HOST=electron, but the Electron binary is not installed: run `npm run electron:fetch`.',
    );
    return 2;
  }
  if (electron !== null && config.host !== 'headless') return runElectron(electron);
  if (electron === null) {
    console.log(
      'Electron binary not installed (download disabled here): running the headless host.',
    );
  }

  const log = createLogger({
    logDir: path.join(config.dataDir, 'logs'),
    level: config.logLevel,
    pretty: true,
  });
  process.on('uncaughtException', (error) => {
    log.fatal({ err: error }, 'uncaught exception: exiting for the service manager to restart');
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 200);
  });
  let kiosk: Awaited<ReturnType<typeof createKiosk>>;
  try {
    // Emulators, embedded central and demo terminal: main/dev/, imported only when configured.
    const dev = await loadDevHooks(config, { demoSetup: process.env.KIOSK_DEMO_SETUP !== '0' });
    if (dev.kind === 'absent') throw new Error(dev.message);
    kiosk = await createKiosk({ config, log, dev: dev.kind === 'loaded' ? dev.hooks : null });
  } catch (error) {
    log.fatal({ err: error }, 'kiosk failed to start');
    console.error(`Kiosk failed to start: ${error instanceof Error ? error.message : error}`);
    return 1;
  }
  for (const notice of kiosk.notices) console.log(notice);
  const host = await startHeadlessHost({
    port: config.httpPort,
    staticDir: path.join(root, 'renderer', 'dist'),
    kiosk,
    panel: kiosk.panel,
    log,
  });
  // The panel line first: whoever waits for the «Kiosk:» line then has both.
  if (host.panelUrl) console.log(`Emulator panel: ${host.panelUrl}`);
  console.log(`Kiosk: ${host.url}`);
  // A restart asked from the console: a clean exit with its own code, which the service
  // manager (systemd Restart=always) answers by starting the kiosk again.
  let exitCode = 0;
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    kiosk.remote.attachHost({
      restart: () => {
        exitCode = RESTART_EXIT_CODE;
        resolve();
      },
    });
  });
  await host.close();
  await kiosk.close();
  log.flush();
  if (exitCode === RESTART_EXIT_CODE) console.log("Restarting at the operator console's request.");
  return exitCode;
}

/**
 * Builds the Electron host (main/hosts/electron-build.ts: tsc → dist/, data files, preload
 * bundle), then runs the binary on the app root (package.json "main" → dist/main/hosts/…).
 */
async function runElectron(binary: string): Promise<number> {
  // The development build: emulators and the embedded central are what `npm start` shows.
  const built = await run(process.execPath, [
    path.join(root, 'main', 'hosts', 'electron-build.ts'),
    '--dev',
  ]);
  if (built !== 0) {
    console.error(`Electron host: build failed (exit ${built}).`);
    return built;
  }
  console.log(`Starting the Electron host (${binary}).`);
  return run(binary, [root]);
}

function run(command: string, args: string[]): Promise<number> {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  return new Promise((resolve) => {
    child.once('error', (error) => {
      console.error(`${command}: ${error.message}`);
      resolve(1);
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

process.exitCode = await main();
