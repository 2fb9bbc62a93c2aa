import type * as Electron from 'electron';
import type { Logger } from '../log.ts';
import { RESTART_EXIT_CODE, type RemoteHost } from '../app/remote-command-runner.ts';
import type { Dispatcher } from './dispatch.ts';
import { electronRemoteHost } from './electron-remote.ts';
import { forwardEvents, registerIpc } from './electron-ipc.ts';
import { appSchemePrivileges, createAppProtocolHandler } from './electron-protocol.ts';
import {
  appScheme,
  appStartUrl,
  globalShortcutAccelerators,
  hardenContents,
  lockSession,
} from './electron-security.ts';
import { startUpdates, type Timers, type UpdaterLike } from './electron-updates.ts';
import type { EventSource } from './headless.ts';

/**
 * The Electron host: one locked-down kiosk window over the shared composition root. Everything
 * Electron is reached through the `electron` argument, so tests drive it with a fake module.
 */
export type ElectronModule = typeof import('electron');

export type ShellKiosk = {
  dispatch: Dispatcher;
  events: EventSource;
  close(): Promise<void>;
  /** Remote commands from the console (main/app/remote-command-runner.ts). */
  remote?: { attachHost(host: RemoteHost): void };
};

export type ShellDeps = {
  log: Logger;
  /** Called after the single-instance lock is ours: a second instance must not open devices. */
  createKiosk: () => Promise<ShellKiosk>;
  rendererDir: string;
  preloadPath: string;
  isProduction: boolean;
  /** Null disables auto-update (development, or KIOSK_UPDATE_URL unset). */
  updates: {
    feedUrl: string;
    loadUpdater: () => Promise<UpdaterLike>;
    /** False while a deposit session holds cash. */
    canRestartNow: (kiosk: ShellKiosk) => boolean;
  } | null;
  timers?: Timers;
  now?: () => number;
};

export const unresponsiveGraceMs = 15_000;
export const reloadDelayMsMin = 500;
export const reloadDelayMsMax = 30_000;
const crashWindowMs = 60_000;
const crashesRemembered = 16;

export type StartOutcome =
  | { kind: 'second-instance' }
  | { kind: 'running'; window: Electron.BrowserWindow };

export type ElectronShell = {
  start(): Promise<StartOutcome>;
};

export function createElectronShell(electron: ElectronModule, deps: ShellDeps): ElectronShell {
  const { app, BrowserWindow, Menu, protocol, session, ipcMain } = electron;
  const log = deps.log.child({ host: 'electron' });
  const timers = deps.timers ?? globalThis;
  const now = deps.now ?? Date.now;
  let window: Electron.BrowserWindow | null = null;
  let quitting = false;

  const focusWindow = () => {
    if (window === null || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  return {
    async start() {
      // Must happen before 'ready', so synchronously in the entry's first tick.
      protocol.registerSchemesAsPrivileged([appSchemePrivileges]);
      if (!app.requestSingleInstanceLock()) {
        log.warn('another kiosk instance holds the lock; quitting');
        app.quit();
        return { kind: 'second-instance' };
      }
      app.enableSandbox();
      // A touchscreen: a pinch would zoom the page and leave the payer lost in a corner of it.
      app.commandLine.appendSwitch('disable-pinch');
      Menu.setApplicationMenu(null);
      watchApp(app, log, focusWindow);

      await app.whenReady();
      lockSession(session.defaultSession, log);
      protocol.handle(
        appScheme,
        createAppProtocolHandler(deps.rendererDir, (url, reason) =>
          log.warn({ url: url.slice(0, 200), reason }, 'refused app:// request'),
        ),
      );
      const kiosk = await deps.createKiosk();
      const unregisterIpc = registerIpc({
        ipcMain,
        dispatch: kiosk.dispatch,
        trustedContentsId: () => (window && !window.isDestroyed() ? window.webContents.id : null),
        log,
      });
      electron.powerSaveBlocker.start('prevent-display-sleep');
      grabGlobalShortcuts(electron.globalShortcut, log);
      window = openKioskWindow(BrowserWindow, {
        deps,
        log,
        timers,
        now,
        isQuitting: () => quitting,
        onReadyToShow: focusWindow,
      });
      const stopEvents = forwardEvents(kiosk.events, () => window?.webContents ?? null, log);
      let exitCode = 0;
      kiosk.remote?.attachHost(
        electronRemoteHost(
          () => window,
          () => {
            exitCode = RESTART_EXIT_CODE;
            app.quit();
          },
        ),
      );
      const updates = await startUpdatesSafely(deps, kiosk, log, timers, () => {
        quitting = true;
      });
      onQuit(
        app,
        log,
        () => exitCode,
        async () => {
          quitting = true;
          electron.globalShortcut.unregisterAll();
          updates?.stop();
          stopEvents();
          unregisterIpc();
          await kiosk.close();
        },
      );
      return { kind: 'running', window };
    },
  };
}

/** App-wide listeners: focus on a second start, harden every contents, log dying helpers. */
function watchApp(app: Electron.App, log: Logger, focusWindow: () => void): void {
  app.on('second-instance', () => {
    log.info('second instance started; focusing the kiosk window');
    focusWindow();
  });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, log));
  app.on('child-process-gone', (_event, details) => {
    const level = details.reason === 'clean-exit' ? 'info' : 'error';
    log[level](
      { type: details.type, reason: details.reason, exitCode: details.exitCode },
      'child process gone',
    );
  });
  app.on('window-all-closed', () => app.quit());
}

/** The one kiosk window; its webPreferences are the lockdown checklist (docs/reliability.md §7). */
function openKioskWindow(
  BrowserWindow: ElectronModule['BrowserWindow'],
  options: {
    deps: ShellDeps;
    log: Logger;
    timers: Timers;
    now: () => number;
    isQuitting: () => boolean;
    onReadyToShow: () => void;
  },
): Electron.BrowserWindow {
  const { deps, log } = options;
  const created = new BrowserWindow({
    show: false,
    kiosk: true,
    fullscreen: true,
    frame: false,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    title: 'Kiosk',
    // Written out here (not built elsewhere) so that Electronegativity can read it.
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Middle-click would otherwise try to open links in a new window.
      disableBlinkFeatures: 'Auxclick',
      devTools: !deps.isProduction,
      spellcheck: false,
      preload: deps.preloadPath,
    },
  });
  created.once('ready-to-show', options.onReadyToShow);
  created.webContents.on('did-finish-load', () => {
    created.webContents.setVisualZoomLevelLimits(1, 1).catch((error: unknown) => {
      log.warn({ err: error }, 'could not lock the zoom level');
    });
  });
  created.on('close', (event) => {
    // The payer must not be able to close the only window; quitting goes through app.quit().
    if (!options.isQuitting()) event.preventDefault();
  });
  watchRenderer(created, { log, timers: options.timers, now: options.now });
  created.loadURL(appStartUrl).catch((error: unknown) => {
    log.error({ err: error }, 'loading the renderer failed');
  });
  return created;
}

/** Renderer crash → log + reload (backing off when it keeps crashing); hang → grace → reload. */
export function watchRenderer(
  window: Electron.BrowserWindow,
  options: { log: Logger; timers: Timers; now: () => number },
): void {
  const { log, timers } = options;
  const contents = window.webContents;
  const crashes: number[] = [];
  let pendingReload: unknown = null;
  let hang: unknown = null;

  const scheduleReload = (why: string) => {
    if (pendingReload !== null) return;
    const nowMs = options.now();
    crashes.push(nowMs);
    if (crashes.length > crashesRemembered) crashes.shift();
    const recent = crashes.filter((at) => nowMs - at < crashWindowMs).length;
    const delayMs = Math.min(reloadDelayMsMax, reloadDelayMsMin * 2 ** Math.max(0, recent - 1));
    log.warn({ why, delayMs, recentCrashes: recent }, 'reloading the renderer');
    pendingReload = timers.setTimeout(() => {
      pendingReload = null;
      if (!window.isDestroyed()) contents.reload();
    }, delayMs);
  };

  contents.on('render-process-gone', (_event, details) => {
    log.error({ reason: details.reason, exitCode: details.exitCode }, 'renderer process gone');
    if (hang !== null) timers.clearTimeout(hang);
    hang = null;
    scheduleReload(`render-process-gone: ${details.reason}`);
  });
  contents.on('did-fail-load', (_event, errorCode, errorDescription, url, isMainFrame) => {
    if (!isMainFrame) return;
    log.error({ errorCode, errorDescription, url: url.slice(0, 200) }, 'renderer failed to load');
    scheduleReload('did-fail-load');
  });
  window.on('unresponsive', () => {
    log.warn({ graceMs: unresponsiveGraceMs }, 'renderer unresponsive');
    if (hang !== null) return;
    hang = timers.setTimeout(() => {
      hang = null;
      if (window.isDestroyed()) return;
      log.error('renderer still unresponsive after the grace period; restarting it');
      // A hung renderer cannot run reload(): kill its process, then reload in a new one.
      contents.forcefullyCrashRenderer();
      scheduleReload('unresponsive');
    }, unresponsiveGraceMs);
  });
  window.on('responsive', () => {
    if (hang === null) return;
    timers.clearTimeout(hang);
    hang = null;
    log.info('renderer responsive again');
  });
}

/** An uncaught error in main exits non-zero: the service manager restarts a clean process. */
export function installFatalHandlers(
  target: {
    on(
      event: 'uncaughtException' | 'unhandledRejection',
      listener: (error: unknown) => void,
    ): unknown;
  },
  log: Logger,
  exit: (code: number) => void,
): void {
  const fatal = (error: unknown) => {
    log.fatal({ err: error }, 'fatal error in the main process: exiting for a restart');
    exit(1);
  };
  target.on('uncaughtException', fatal);
  target.on('unhandledRejection', fatal);
}

function grabGlobalShortcuts(globalShortcut: Electron.GlobalShortcut, log: Logger): void {
  for (const accelerator of globalShortcutAccelerators) {
    let registered = false;
    try {
      registered = globalShortcut.register(accelerator, () => {
        log.info({ shortcut: accelerator }, 'blocked global shortcut');
      });
    } catch (error) {
      log.warn({ err: error, accelerator }, 'global shortcut rejected');
    }
    // Another program may hold it; before-input-event still blocks it inside our window.
    if (!registered) log.warn({ accelerator }, 'global shortcut not registered');
  }
}

async function startUpdatesSafely(
  deps: ShellDeps,
  kiosk: ShellKiosk,
  log: Logger,
  timers: Timers,
  beforeInstall: () => void,
): Promise<{ stop(): void } | null> {
  if (deps.updates === null) {
    log.info('auto-update disabled (no KIOSK_UPDATE_URL or not packaged)');
    return null;
  }
  const { feedUrl, loadUpdater, canRestartNow } = deps.updates;
  try {
    const updater = await loadUpdater();
    return startUpdates({
      updater,
      feedUrl,
      canRestartNow: () => canRestartNow(kiosk),
      beforeInstall,
      log,
      timers,
    });
  } catch (error) {
    // Updates are a convenience; a kiosk that takes payments without them is still useful.
    log.error({ err: error }, 'auto-update could not start');
    return null;
  }
}

/** Closes the kiosk (devices, ledger) before the process goes, once. */
function onQuit(
  app: Electron.App,
  log: Logger,
  exitCode: () => number,
  close: () => Promise<void>,
): void {
  let state: 'running' | 'closing' | 'closed' = 'running';
  app.on('before-quit', (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    close()
      .catch((error: unknown) => log.error({ err: error }, 'closing the kiosk failed'))
      .finally(() => {
        state = 'closed';
        // A restart from the console exits with its own code once everything is closed.
        if (exitCode() === 0) app.quit();
        else app.exit(exitCode());
      });
  });
}
