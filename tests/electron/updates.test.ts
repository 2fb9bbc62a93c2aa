import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import {
  installRetryDelayMs,
  loadElectronUpdater,
  parseUpdateUrl,
  startUpdates,
  updateCheckIntervalMs,
  type UpdaterLike,
} from '../../main/hosts/electron-updates.ts';
import { captureLogger, FakeEvent, manualTimers } from './fake-electron.ts';
import { startShell } from './start-shell.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

function fakeUpdater() {
  const emitter = new EventEmitter();
  const updater = Object.assign(emitter, {
    autoDownload: false,
    autoInstallOnAppQuit: true,
    feeds: [] as unknown[],
    checks: 0,
    installs: [] as unknown[][],
    setFeedURL: (options: unknown) => updater.feeds.push(options),
    checkForUpdates: async () => {
      updater.checks++;
      return null;
    },
    quitAndInstall: (...args: unknown[]) => updater.installs.push(args),
  });
  return updater;
}

function setup(canRestartNow: () => boolean) {
  const updater = fakeUpdater();
  const timers = manualTimers();
  const { log, lines } = captureLogger();
  startUpdates({
    updater: updater as unknown as UpdaterLike,
    feedUrl: 'https://central.example/updates/',
    canRestartNow,
    log,
    timers,
  });
  return { updater, timers, lines };
}

describe('auto-update', () => {
  it('uses the generic feed, checks on start and daily, never installs on quit', () => {
    const { updater, timers } = setup(() => true);
    expect(updater.feeds).toEqual([
      { provider: 'generic', url: 'https://central.example/updates/' },
    ]);
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    expect(updater.checks).toBe(1);
    expect(timers.delays()).toEqual([updateCheckIntervalMs]);
    timers.runAll();
    expect(updater.checks).toBe(2);
  });

  it('installs a downloaded update at once when no session holds cash', () => {
    const { updater } = setup(() => true);
    updater.emit('update-downloaded', { version: '0.2.0' });
    expect(updater.installs).toEqual([[true, true]]);
  });

  it('waits while a deposit holds cash, retrying until it is safe', () => {
    let holdsCash = true;
    const { updater, timers } = setup(() => !holdsCash);
    updater.emit('update-downloaded', { version: '0.2.0' });
    expect(updater.installs).toEqual([]);
    expect(timers.delays()).toContain(installRetryDelayMs);
    // The daily check interval also fires here; that is harmless.
    timers.runAll();
    expect(updater.installs).toEqual([]);
    holdsCash = false;
    timers.runAll();
    expect(updater.installs).toEqual([[true, true]]);
    timers.runAll();
    expect(updater.installs).toHaveLength(1);
  });

  it('treats a throwing canRestartNow as busy', () => {
    const { updater, lines } = setup(() => {
      throw new Error('bug');
    });
    updater.emit('update-downloaded', { version: '0.2.0' });
    expect(updater.installs).toEqual([]);
    expect(lines.some((line) => line.msg === 'canRestartNow threw; treating as busy')).toBe(true);
  });

  it('logs updater errors and failed checks instead of crashing', async () => {
    const updater = fakeUpdater();
    updater.checkForUpdates = async () => {
      throw new Error('offline');
    };
    const { log, lines } = captureLogger();
    startUpdates({
      updater: updater as unknown as UpdaterLike,
      feedUrl: 'https://central.example/updates/',
      canRestartNow: () => true,
      log,
      timers: manualTimers(),
    });
    updater.emit('error', new Error('bad signature'));
    await vi.waitFor(() => expect(lines.some((l) => l.msg === 'update check failed')).toBe(true));
    expect(lines.some((line) => line.msg === 'updater error')).toBe(true);
  });

  it('parses KIOSK_UPDATE_URL', () => {
    expect(parseUpdateUrl(undefined)).toEqual({ ok: true, value: null });
    expect(parseUpdateUrl(' ')).toEqual({ ok: true, value: null });
    expect(parseUpdateUrl('https://central.example/u/')).toEqual({
      ok: true,
      value: 'https://central.example/u/',
    });
    expect(parseUpdateUrl('ftp://x/').ok).toBe(false);
    expect(parseUpdateUrl('not a url').ok).toBe(false);
  });

  it('the shell passes its kiosk to canRestartNow and survives an updater that fails to load', async () => {
    const updater = fakeUpdater();
    const seen: unknown[] = [];
    const started = await startShell({
      updates: {
        feedUrl: 'https://central.example/updates/',
        loadUpdater: async () => updater as unknown as UpdaterLike,
        canRestartNow: (kiosk) => {
          seen.push(kiosk);
          return false;
        },
      },
    });
    updater.emit('update-downloaded', { version: '0.2.0' });
    expect(seen).toEqual([started.kiosk]);
    expect(updater.installs).toEqual([]);

    const broken = await startShell({
      updates: {
        feedUrl: 'https://central.example/updates/',
        loadUpdater: async () => {
          throw new Error('electron-updater missing');
        },
        canRestartNow: () => true,
      },
    });
    expect(broken.outcome.kind).toBe('running');
    expect(broken.lines.some((line) => line.msg === 'auto-update could not start')).toBe(true);
  });

  it('lets quitAndInstall close the kiosk window (it closes windows before before-quit)', async () => {
    const updater = fakeUpdater();
    const started = await startShell({
      updates: {
        feedUrl: 'https://central.example/updates/',
        loadUpdater: async () => updater as unknown as UpdaterLike,
        canRestartNow: () => true,
      },
    });
    const before = new FakeEvent();
    started.window?.emit('close', before);
    expect(before.defaultPrevented).toBe(true);
    updater.emit('update-downloaded', { version: '0.2.0' });
    expect(updater.installs).toEqual([[true, true]]);
    const during = new FakeEvent();
    started.window?.emit('close', during);
    expect(during.defaultPrevented).toBe(false);
  });

  it('reads autoUpdater from electron-updater default export (ESM cannot see the named one)', async () => {
    const updater = fakeUpdater();
    expect(await loadElectronUpdater(async () => ({ default: { autoUpdater: updater } }))).toBe(
      updater,
    );
    await expect(loadElectronUpdater(async () => ({ default: {} }))).rejects.toThrow(
      'autoUpdater not found',
    );
    // The real package, imported from ESM (with `electron` stubbed): the named export is absent.
    const script = [
      "const m = await import('electron-updater');",
      "console.log(JSON.stringify([Object.keys(m).includes('autoUpdater'),",
      "  Object.keys(m.default).includes('autoUpdater')]));",
    ].join('\n');
    const probe = spawnSync(
      process.execPath,
      [
        '--import',
        path.join(root, 'tests/electron/electron-stub-hook.ts'),
        '--input-type=module',
        '-e',
        script,
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(probe.stdout.trim(), probe.stderr).toBe('[false,true]');
  });
});
