import type { Logger } from '../log.ts';

/**
 * Auto-update from the central server's generic feed (electron-updater). An update downloads in
 * the background and is installed only when `canRestartNow()` says no deposit session holds
 * cash; until then it is retried, never forced.
 */
export type UpdaterLike = {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
};

export type Timers = {
  setTimeout(callback: () => void, delayMs: number): unknown;
  setInterval(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
  clearInterval(handle: unknown): void;
};

type UpdaterModule = { default?: { autoUpdater?: unknown }; autoUpdater?: unknown };

/**
 * electron-updater's `autoUpdater`. The package is CommonJS and defines it with an arrow getter
 * that Node's ESM named-export detection misses, so `import { autoUpdater }` is undefined from
 * our ESM main: it is read from `default` (module.exports).
 */
export async function loadElectronUpdater(
  importModule: () => Promise<UpdaterModule> = () => import('electron-updater'),
): Promise<UpdaterLike> {
  const module = await importModule();
  const updater = module.default?.autoUpdater ?? module.autoUpdater;
  if (typeof updater !== 'object' || updater === null) {
    throw new Error('electron-updater: autoUpdater not found');
  }
  return updater as UpdaterLike;
}

export const updateCheckIntervalMs = 24 * 60 * 60 * 1000;
export const installRetryDelayMs = 60 * 1000;

export type UpdateOptions = {
  updater: UpdaterLike;
  feedUrl: string;
  /** False while a deposit session holds cash (or anything else must not be interrupted). */
  canRestartNow: () => boolean;
  /**
   * Called just before quitAndInstall, which closes the windows *before* 'before-quit': the
   * shell must stop refusing to close its window by then.
   */
  beforeInstall?: () => void;
  log: Logger;
  timers: Timers;
};

/** Parses KIOSK_UPDATE_URL: null when unset, an error when it is not an http(s) URL. */
export function parseUpdateUrl(
  value: string | undefined,
): { ok: true; value: string | null } | { ok: false; error: string } {
  if (value === undefined || value.trim() === '') return { ok: true, value: null };
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('protocol');
    return { ok: true, value: url.href };
  } catch {
    return {
      ok: false,
      error: `KIOSK_UPDATE_URL=${JSON.stringify(value)}: expected an http(s) URL`,
    };
  }
}

export function startUpdates(options: UpdateOptions): { stop(): void } {
  const { updater, log, timers } = options;
  let retry: unknown = null;
  let installing = false;
  updater.autoDownload = true;
  // Quitting is a crash or an operator action; an update must not ride along with it.
  updater.autoInstallOnAppQuit = false;
  updater.setFeedURL({ provider: 'generic', url: options.feedUrl });

  const check = () => {
    updater.checkForUpdates().catch((error: unknown) => {
      log.warn({ err: error }, 'update check failed');
    });
  };
  const tryInstall = (version: string) => {
    retry = null;
    if (installing) return;
    let allowed = false;
    try {
      allowed = options.canRestartNow();
    } catch (error) {
      log.error({ err: error }, 'canRestartNow threw; treating as busy');
    }
    if (!allowed) {
      log.info({ version }, 'update ready; waiting until no session holds cash');
      retry = timers.setTimeout(() => tryInstall(version), installRetryDelayMs);
      return;
    }
    installing = true;
    log.info({ version }, 'installing update and restarting');
    options.beforeInstall?.();
    updater.quitAndInstall(true, true);
  };

  updater.on('error', (error) => log.warn({ err: error }, 'updater error'));
  updater.on('update-downloaded', (info) => {
    if (retry !== null) timers.clearTimeout(retry);
    tryInstall(info.version);
  });
  check();
  const daily = timers.setInterval(check, updateCheckIntervalMs);
  return {
    stop() {
      timers.clearInterval(daily);
      if (retry !== null) timers.clearTimeout(retry);
    },
  };
}
