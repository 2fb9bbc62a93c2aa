/**
 * Stands in for the `electron` module in a child process (entry.test.ts), so the real entry
 * main/hosts/electron.ts runs end to end in plain Node: config, logger, composition root,
 * shell. It reports what the app does as JSON lines on stdout, plays a renderer (IPC from our
 * page and from a foreign one, an app:// request), then quits.
 */
import { EventEmitter } from 'node:events';

const report = (kind: string, data: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ kind, ...data })}\n`);

class StubEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

type Handler = (event: unknown, message: unknown) => Promise<unknown>;
const ipcHandlers = new Map<string, Handler>();
const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();

const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  getPath: (_name: string) => process.env.STUB_USER_DATA ?? '',
  requestSingleInstanceLock: () => process.env.STUB_LOCK !== 'taken',
  enableSandbox: () => report('sandbox'),
  commandLine: { appendSwitch: (name: string) => report('switch', { name }) },
  whenReady: () => Promise.resolve(),
  quit: () => {
    const event = new StubEvent();
    app.emit('before-quit', event);
    if (event.defaultPrevented) return;
    report('quit');
    process.exit(0);
  },
  exit: (code: number) => {
    report('exit', { code });
    process.exit(code);
  },
});

let nextId = 1;
class WebContents extends EventEmitter {
  readonly id = nextId++;
  setWindowOpenHandler(): void {}
  isDestroyed(): boolean {
    return false;
  }
  send(channel: string, message: unknown): void {
    report('send', { channel, message });
  }
}

class BrowserWindow extends EventEmitter {
  readonly webContents = new WebContents();
  constructor(options: { webPreferences: unknown }) {
    super();
    app.emit('web-contents-created', new StubEvent(), this.webContents);
    report('window', { webPreferences: options.webPreferences });
  }
  isDestroyed = () => false;
  loadURL(url: string): Promise<void> {
    report('load', { url });
    setImmediate(() => {
      playRenderer(this).catch((error: unknown) => {
        report('stub-error', { message: String(error) });
        process.exit(3);
      });
    });
    return Promise.resolve();
  }
}

async function playRenderer(window: BrowserWindow): Promise<void> {
  const invoke = ipcHandlers.get('kiosk:invoke');
  if (!invoke) throw new Error('no kiosk:invoke handler');
  const from = (url: string) => ({
    sender: { id: window.webContents.id },
    senderFrame: { url, parent: null },
  });
  const message = { channel: 'kiosk:getStatus', args: {} };
  report('reply', { reply: await invoke(from('app://kiosk/index.html'), message) });
  report('foreign', { reply: await invoke(from('https://evil.example/'), message) });
  const appHandler = protocolHandlers.get('app');
  if (!appHandler) throw new Error('no app:// handler');
  const response = await appHandler(new Request('app://kiosk/..%2f..%2fpackage.json'));
  report('traversal', { status: response.status });
  app.quit();
}

const electron = {
  app,
  BrowserWindow,
  Menu: { setApplicationMenu: (menu: unknown) => report('menu', { menu }) },
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown) => report('schemes', { schemes }),
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) =>
      protocolHandlers.set(scheme, handler),
  },
  session: {
    defaultSession: Object.assign(new EventEmitter(), {
      setPermissionRequestHandler: () => {},
      setPermissionCheckHandler: () => {},
      setDevicePermissionHandler: () => {},
    }),
  },
  ipcMain: {
    handle: (channel: string, handler: Handler) => ipcHandlers.set(channel, handler),
    removeHandler: (channel: string) => ipcHandlers.delete(channel),
  },
  powerSaveBlocker: { start: (type: string) => report('power', { type }) },
  globalShortcut: { register: () => true, unregisterAll: () => {} },
};

export default electron;
