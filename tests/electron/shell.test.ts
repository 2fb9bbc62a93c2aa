import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import {
  blockedShortcuts,
  globalShortcutAccelerators,
} from '../../main/hosts/electron-security.ts';
import {
  installFatalHandlers,
  reloadDelayMsMax,
  reloadDelayMsMin,
  unresponsiveGraceMs,
} from '../../main/hosts/electron-shell.ts';
import { captureLogger, FakeEvent, type FakeWebContents } from './fake-electron.ts';
import { startShell } from './start-shell.ts';

const hasLog = (lines: { msg: string; level: number }[], msg: string, level?: number) =>
  lines.some((line) => line.msg === msg && (level === undefined || line.level === level));

describe('Electron shell: window and lockdown', () => {
  it('opens one kiosk window with the locked-down webPreferences', async () => {
    const { window, fake } = await startShell();
    expect(fake.windows).toHaveLength(1);
    expect(window?.options).toMatchObject({ kiosk: true, fullscreen: true, show: false });
    expect(window?.options.webPreferences).toEqual({
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
      disableBlinkFeatures: 'Auxclick',
      devTools: false,
      spellcheck: false,
      preload: '/app/dist/preload/preload.cjs',
    });
    expect(window?.loadedUrls).toEqual(['app://kiosk/index.html']);
    window?.webContents.emit('did-finish-load');
    expect(window?.webContents.zoomLimits).toEqual([1, 1]);
  });

  it('allows devtools only outside production', async () => {
    const { window } = await startShell({ isProduction: false });
    expect((window!.options.webPreferences as { devTools: boolean }).devTools).toBe(true);
  });

  it('removes the menu, enforces the sandbox, keeps the display awake, grabs shortcuts', async () => {
    const { fake } = await startShell();
    expect(fake.electron.Menu.applicationMenu).toBeNull();
    expect(fake.electron.app.sandboxEnabled).toBe(true);
    expect(fake.electron.powerSaveBlocker.started).toEqual(['prevent-display-sleep']);
    expect(fake.electron.app.switches).toEqual(['disable-pinch']);
    expect(fake.electron.globalShortcut.registered).toEqual([...globalShortcutAccelerators]);
  });

  it('registers app:// as a privileged secure standard scheme and handles it', async () => {
    const { fake } = await startShell();
    expect(fake.electron.protocol.privileged).toEqual([
      {
        scheme: 'app',
        privileges: {
          standard: true,
          secure: true,
          supportFetchAPI: true,
          corsEnabled: true,
          codeCache: true,
        },
      },
    ]);
    expect([...fake.protocolHandlers.keys()]).toEqual(['app']);
  });

  it('shows the window when ready and refuses to close it unless the app is quitting', async () => {
    const { window, fake, kiosk } = await startShell();
    window?.emit('ready-to-show');
    expect(window?.shows).toBe(1);
    const close = new FakeEvent();
    window?.emit('close', close);
    expect(close.defaultPrevented).toBe(true);

    fake.electron.app.quit();
    await vi.waitFor(() => expect(fake.electron.app.quitted).toBe(true));
    expect(kiosk.close).toHaveBeenCalledTimes(1);
    expect(fake.electron.globalShortcut.unregistered).toBe(true);
    const closeWhileQuitting = new FakeEvent();
    window?.emit('close', closeWhileQuitting);
    expect(closeWhileQuitting.defaultPrevented).toBe(false);
  });
});

describe('Electron shell: single instance', () => {
  it('a second instance quits without opening devices or a window', async () => {
    const { outcome, fake, createKiosk } = await startShell({ lockAvailable: false });
    expect(outcome.kind).toBe('second-instance');
    expect(fake.electron.app.quitCalls).toBe(1);
    expect(createKiosk).not.toHaveBeenCalled();
    expect(fake.windows).toHaveLength(0);
  });

  it('the first instance restores and focuses its window when a second one starts', async () => {
    const { outcome, fake, window } = await startShell();
    expect(outcome.kind).toBe('running');
    window!.minimized = true;
    fake.electron.app.emit('second-instance', new FakeEvent(), [], '/');
    expect(window?.restores).toBe(1);
    expect(window?.focuses).toBe(1);
  });
});

describe('Electron shell: blocked shortcuts', () => {
  const press = (contents: FakeWebContents, input: Record<string, unknown>) => {
    const event = new FakeEvent();
    contents.emit('before-input-event', event, {
      type: 'keyDown',
      key: '',
      control: false,
      meta: false,
      shift: false,
      alt: false,
      ...input,
    });
    return event.defaultPrevented;
  };

  it.each(blockedShortcuts)('blocks $name', async (combo) => {
    const { contents } = await startShell();
    expect(press(contents, combo)).toBe(true);
  });

  it('blocks by physical key, so Ctrl+W is blocked on the Russian layout (key "ц")', async () => {
    const { contents } = await startShell();
    expect(press(contents, { code: 'KeyW', key: 'ц', control: true })).toBe(true);
    expect(press(contents, { code: 'KeyW', key: 'w', meta: true })).toBe(true);
  });

  it('lets ordinary typing through (names are typed on this keyboard)', async () => {
    const { contents } = await startShell();
    for (const input of [
      { code: 'KeyW', key: 'ц' },
      { code: 'KeyR', key: 'К', shift: true },
      { code: 'Digit0', key: '0' },
      { code: 'Backspace', key: 'Backspace' },
      { code: 'Enter', key: 'Enter' },
      { code: 'Minus', key: '-' },
    ]) {
      expect(press(contents, input), JSON.stringify(input)).toBe(false);
    }
  });
});

describe('Electron shell: denied requests', () => {
  const navigate = (contents: FakeWebContents, eventName: string, url: string) => {
    const event = new FakeEvent({ url });
    contents.emit(eventName, event, url);
    return event.defaultPrevented;
  };

  it.each(['will-navigate', 'will-redirect', 'will-frame-navigate'])(
    '%s: refuses any URL outside app://kiosk, allows app://kiosk',
    async (eventName) => {
      const { contents, lines } = await startShell();
      for (const url of [
        'https://evil.example/',
        'file:///etc/passwd',
        'app://other/index.html',
        'javascript:alert(1)',
        'not a url',
      ]) {
        expect(navigate(contents, eventName, url), url).toBe(true);
      }
      expect(navigate(contents, eventName, 'app://kiosk/index.html')).toBe(false);
      expect(lines.some((line) => line.msg.startsWith('refused'))).toBe(true);
    },
  );

  it('denies window.open', async () => {
    const { contents } = await startShell();
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({
      action: 'deny',
    });
    expect(contents.windowOpenHandler?.({ url: 'app://kiosk/index.html' })).toEqual({
      action: 'deny',
    });
  });

  it('prevents attaching a webview', async () => {
    const { contents } = await startShell();
    const event = new FakeEvent();
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });

  it('hardens any other web contents created later', async () => {
    const { fake, contents } = await startShell();
    const Contents = contents.constructor as new () => FakeWebContents;
    const other = new Contents();
    fake.electron.app.emit('web-contents-created', new FakeEvent(), other);
    expect(navigate(other, 'will-navigate', 'https://evil.example/')).toBe(true);
    expect(other.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({
      action: 'deny',
    });
  });

  it('denies every permission request, check and device', async () => {
    const { fake } = await startShell();
    const session = fake.electron.session.defaultSession;
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'hid']) {
      const callback = vi.fn();
      session.requestHandler?.({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
      expect(session.checkHandler?.(null, permission, 'app://kiosk', {})).toBe(false);
    }
    expect(session.deviceHandler?.({ deviceType: 'serial' })).toBe(false);
    const download = new FakeEvent();
    session.emit('will-download', download, {}, {});
    expect(download.defaultPrevented).toBe(true);
  });
});

describe('Electron shell: crash and hang handling', () => {
  it('reloads the renderer after it crashes, and logs it', async () => {
    const { contents, timers, lines } = await startShell();
    contents.emit('render-process-gone', new FakeEvent(), { reason: 'crashed', exitCode: 139 });
    expect(hasLog(lines, 'renderer process gone', 50)).toBe(true);
    expect(contents.reloads).toBe(0);
    expect(timers.delays()).toEqual([reloadDelayMsMin]);
    timers.runAll();
    expect(contents.reloads).toBe(1);
  });

  it('backs off when the renderer keeps crashing, up to a bound', async () => {
    const { contents, timers } = await startShell();
    const delays: number[] = [];
    for (let crash = 0; crash < 10; crash++) {
      contents.emit('render-process-gone', new FakeEvent(), { reason: 'oom', exitCode: 1 });
      delays.push(...timers.delays());
      timers.runAll();
    }
    expect(contents.reloads).toBe(10);
    expect(delays.slice(0, 4)).toEqual([500, 1000, 2000, 4000]);
    expect(Math.max(...delays)).toBe(reloadDelayMsMax);
  });

  it('reloads after a failed main-frame load', async () => {
    const { contents, timers } = await startShell();
    contents.emit('did-fail-load', new FakeEvent(), -6, 'ERR_FILE_NOT_FOUND', 'app://kiosk/', true);
    timers.runAll();
    expect(contents.reloads).toBe(1);
  });

  it('a hung renderer is killed and reloaded after the grace period', async () => {
    const { window, contents, timers, lines } = await startShell();
    window?.emit('unresponsive');
    expect(hasLog(lines, 'renderer unresponsive', 40)).toBe(true);
    expect(timers.delays()).toEqual([unresponsiveGraceMs]);
    timers.runAll();
    expect(contents.forcedCrashes).toBe(1);
    timers.runAll();
    expect(contents.reloads).toBe(1);
  });

  it('a renderer that recovers within the grace period is left alone', async () => {
    const { window, contents, timers, lines } = await startShell();
    window?.emit('unresponsive');
    window?.emit('responsive');
    timers.runAll();
    expect(contents.forcedCrashes).toBe(0);
    expect(contents.reloads).toBe(0);
    expect(hasLog(lines, 'renderer responsive again')).toBe(true);
  });

  it('logs a child process that died', async () => {
    const { fake, lines } = await startShell();
    fake.electron.app.emit('child-process-gone', new FakeEvent(), {
      type: 'GPU',
      reason: 'crashed',
      exitCode: 1,
    });
    expect(hasLog(lines, 'child process gone', 50)).toBe(true);
  });

  it('a fatal error in main logs and exits non-zero for the service manager', () => {
    const { log, lines } = captureLogger();
    const target = new EventEmitter();
    const exit = vi.fn();
    installFatalHandlers(target, log, exit);
    target.emit('uncaughtException', new Error('boom'));
    expect(exit).toHaveBeenCalledWith(1);
    target.emit('unhandledRejection', new Error('later'));
    expect(exit).toHaveBeenCalledTimes(2);
    expect(lines.filter((line) => line.level === 60)).toHaveLength(2);
  });

  it('a kiosk that fails to start rejects start() (the entry then exits non-zero)', async () => {
    await expect(
      startShell({
        createKiosk: async () => {
          throw new Error('database is newer than the code');
        },
      }),
    ).rejects.toThrow('database is newer');
  });
});
