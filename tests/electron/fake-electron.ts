import { EventEmitter } from 'node:events';
import pino from 'pino';
import type { Logger } from '../../main/log.ts';

/**
 * A small stand-in for the `electron` module, faithful where the shell depends on it: events are
 * emitted with an event object whose preventDefault() is observable, a new BrowserWindow fires
 * app 'web-contents-created' for its contents, and app.quit() emits 'before-quit'.
 */
export class FakeEvent {
  defaultPrevented = false;
  constructor(extra: Record<string, unknown> = {}) {
    Object.assign(this, extra);
  }
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

let nextContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  destroyed = false;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly sent: [string, unknown][] = [];
  reloads = 0;
  forcedCrashes = 0;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, message: unknown): void {
    this.sent.push([channel, message]);
  }
  reload(): void {
    this.reloads++;
  }
  forcefullyCrashRenderer(): void {
    this.forcedCrashes++;
  }
  zoomLimits: [number, number] | null = null;
  setVisualZoomLevelLimits(minimum: number, maximum: number): Promise<void> {
    this.zoomLimits = [minimum, maximum];
    return Promise.resolve();
  }
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;

export function createFakeElectron(options: { lockAvailable?: boolean } = {}) {
  const app = Object.assign(new EventEmitter(), {
    lockAvailable: options.lockAvailable ?? true,
    sandboxEnabled: false,
    quitCalls: 0,
    quitted: false,
    isPackaged: true,
    requestSingleInstanceLock: () => app.lockAvailable,
    enableSandbox: () => {
      app.sandboxEnabled = true;
    },
    switches: [] as string[],
    commandLine: {
      appendSwitch: (name: string) => {
        app.switches.push(name);
      },
    },
    whenReady: () => Promise.resolve(),
    quit: () => {
      app.quitCalls++;
      const event = new FakeEvent();
      app.emit('before-quit', event);
      if (!event.defaultPrevented) app.quitted = true;
    },
    exit: (_code: number) => {},
    getPath: (_name: string) => '/tmp/kiosk-user-data',
  });

  const windows: FakeBrowserWindow[] = [];
  class FakeBrowserWindow extends EventEmitter {
    readonly webContents = new FakeWebContents();
    readonly loadedUrls: string[] = [];
    destroyed = false;
    minimized = false;
    shows = 0;
    focuses = 0;
    restores = 0;
    readonly options: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      super();
      this.options = options;
      windows.push(this);
      app.emit('web-contents-created', new FakeEvent(), this.webContents);
    }
    isDestroyed = () => this.destroyed;
    isMinimized = () => this.minimized;
    restore = () => {
      this.restores++;
      this.minimized = false;
    };
    show = () => {
      this.shows++;
    };
    focus = () => {
      this.focuses++;
    };
    loadURL = (url: string) => {
      this.loadedUrls.push(url);
      return Promise.resolve();
    };
  }

  const defaultSession = Object.assign(new EventEmitter(), {
    requestHandler: null as null | ((...args: unknown[]) => void),
    checkHandler: null as null | ((...args: unknown[]) => boolean),
    deviceHandler: null as null | ((...args: unknown[]) => boolean),
    setPermissionRequestHandler(handler: (...args: unknown[]) => void) {
      defaultSession.requestHandler = handler;
    },
    setPermissionCheckHandler(handler: (...args: unknown[]) => boolean) {
      defaultSession.checkHandler = handler;
    },
    setDevicePermissionHandler(handler: (...args: unknown[]) => boolean) {
      defaultSession.deviceHandler = handler;
    },
  });

  const ipcHandlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    Menu: {
      applicationMenu: undefined as unknown,
      setApplicationMenu: (menu: unknown) => {
        electron.Menu.applicationMenu = menu;
      },
    },
    protocol: {
      privileged: [] as unknown[],
      registerSchemesAsPrivileged: (schemes: unknown[]) => {
        electron.protocol.privileged.push(...schemes);
      },
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
        protocolHandlers.set(scheme, handler);
      },
    },
    session: { defaultSession },
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => {
        if (ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
        ipcHandlers.set(channel, handler);
      },
      removeHandler: (channel: string) => ipcHandlers.delete(channel),
    },
    powerSaveBlocker: {
      started: [] as string[],
      start: (type: string) => electron.powerSaveBlocker.started.push(type),
    },
    globalShortcut: {
      registered: [] as string[],
      unregistered: false,
      register: (accelerator: string) => {
        electron.globalShortcut.registered.push(accelerator);
        return true;
      },
      unregisterAll: () => {
        electron.globalShortcut.unregistered = true;
      },
    },
  };
  return { electron, windows, ipcHandlers, protocolHandlers };
}

/** The fake typed as the real module: the shell only touches what the fake provides. */
export function asElectron(fake: FakeElectron): typeof import('electron') {
  return fake.electron as unknown as typeof import('electron');
}

export type LogLine = { level: number; msg: string; [key: string]: unknown };

/** A real pino logger whose lines land in an array (level 30 info, 40 warn, 50 error, 60 fatal). */
export function captureLogger(): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const log = pino({ level: 'trace' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { log, lines };
}

/** Timers the test fires by hand: no waiting, and the requested delays are visible. */
export function manualTimers() {
  let nextId = 1;
  const pending = new Map<number, { callback: () => void; delayMs: number; repeat: boolean }>();
  return {
    pending,
    setTimeout: (callback: () => void, delayMs: number) => {
      pending.set(nextId, { callback, delayMs, repeat: false });
      return nextId++;
    },
    setInterval: (callback: () => void, delayMs: number) => {
      pending.set(nextId, { callback, delayMs, repeat: true });
      return nextId++;
    },
    clearTimeout: (id: unknown) => pending.delete(id as number),
    clearInterval: (id: unknown) => pending.delete(id as number),
    delays: () => [...pending.values()].map((timer) => timer.delayMs),
    /** Runs every one-shot timer due now (and each interval once). */
    runAll: () => {
      for (const [id, timer] of [...pending]) {
        if (!timer.repeat) pending.delete(id);
        timer.callback();
      }
    },
  };
}
