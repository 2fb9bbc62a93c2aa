import type * as Electron from 'electron';
import type { Logger } from '../log.ts';

/**
 * The lockdown of everything the renderer could use to leave the kiosk page: preferences,
 * navigation, new windows, webviews, permissions and keyboard shortcuts (docs/reliability.md §7).
 */
export const appScheme = 'app';
export const appHost = 'kiosk';
export const appOrigin = `${appScheme}://${appHost}`;
export const appStartUrl = `${appOrigin}/index.html`;

/** No eval, no inline script, no remote anything: the page talks only through window.kiosk. */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self'",
  "worker-src 'none'",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${appScheme}:` && parsed.host === appHost;
  } catch {
    return false;
  }
}

type KeyCombo = { code: string; control?: boolean; shift?: boolean; alt?: boolean };

/**
 * Shortcuts that close, reload, print, zoom, navigate or open devtools. Matched on the physical
 * key (`code`), because with the Russian layout Ctrl+W arrives as key 'ц'.
 */
export const blockedShortcuts: readonly (KeyCombo & { name: string })[] = [
  { name: 'Alt+F4', code: 'F4', alt: true },
  { name: 'Ctrl+F4', code: 'F4', control: true },
  { name: 'Ctrl+W', code: 'KeyW', control: true },
  { name: 'Ctrl+Shift+W', code: 'KeyW', control: true, shift: true },
  { name: 'Ctrl+Q', code: 'KeyQ', control: true },
  { name: 'Alt+Tab', code: 'Tab', alt: true },
  { name: 'Ctrl+Tab', code: 'Tab', control: true },
  { name: 'F11', code: 'F11' },
  { name: 'F5', code: 'F5' },
  { name: 'Ctrl+F5', code: 'F5', control: true },
  { name: 'Ctrl+R', code: 'KeyR', control: true },
  { name: 'Ctrl+Shift+R', code: 'KeyR', control: true, shift: true },
  { name: 'Ctrl+Shift+I', code: 'KeyI', control: true, shift: true },
  { name: 'Ctrl+Shift+J', code: 'KeyJ', control: true, shift: true },
  { name: 'Ctrl+Shift+C', code: 'KeyC', control: true, shift: true },
  { name: 'F12', code: 'F12' },
  { name: 'Ctrl+P', code: 'KeyP', control: true },
  { name: 'Ctrl+Shift+P', code: 'KeyP', control: true, shift: true },
  { name: 'Ctrl+U', code: 'KeyU', control: true },
  { name: 'Ctrl+S', code: 'KeyS', control: true },
  { name: 'Ctrl+O', code: 'KeyO', control: true },
  { name: 'Ctrl+N', code: 'KeyN', control: true },
  { name: 'Ctrl+T', code: 'KeyT', control: true },
  { name: 'Ctrl+F', code: 'KeyF', control: true },
  { name: 'Ctrl+G', code: 'KeyG', control: true },
  { name: 'Ctrl+=', code: 'Equal', control: true },
  { name: 'Ctrl+-', code: 'Minus', control: true },
  { name: 'Ctrl+0', code: 'Digit0', control: true },
  { name: 'Alt+Left', code: 'ArrowLeft', alt: true },
  { name: 'Alt+Right', code: 'ArrowRight', alt: true },
  { name: 'BrowserBack', code: 'BrowserBack' },
  { name: 'BrowserForward', code: 'BrowserForward' },
  { name: 'BrowserRefresh', code: 'BrowserRefresh' },
];

/** Accelerators also grabbed globally, so they do nothing even while the window lacks focus. */
export const globalShortcutAccelerators: readonly string[] = [
  'Alt+F4',
  'CommandOrControl+W',
  'CommandOrControl+Q',
  'CommandOrControl+R',
  'CommandOrControl+Shift+I',
  'F5',
  'F11',
  'F12',
];

export type KeyInput = Pick<Electron.Input, 'code' | 'key' | 'control' | 'meta' | 'shift' | 'alt'>;

export function blockedShortcutName(input: KeyInput): string | null {
  // Cmd acts as Ctrl; a keyboard with a Super key must not open a second way around the lock.
  const control = input.control || input.meta;
  const code = input.code || keyToCode(input.key);
  for (const combo of blockedShortcuts) {
    if (combo.code !== code) continue;
    if ((combo.control ?? false) !== control) continue;
    if ((combo.shift ?? false) !== input.shift) continue;
    if ((combo.alt ?? false) !== input.alt) continue;
    return combo.name;
  }
  return null;
}

/** Fallback for synthetic input without `code`. */
function keyToCode(key: string): string {
  if (/^[a-z]$/i.test(key)) return `Key${key.toUpperCase()}`;
  if (/^[0-9]$/.test(key)) return `Digit${key}`;
  if (key === '=' || key === '+') return 'Equal';
  if (key === '-') return 'Minus';
  return key;
}

/** Applied to every WebContents the app ever creates (web-contents-created). */
export function hardenContents(contents: Electron.WebContents, log: Logger): void {
  const refuse = (what: string) => (event: { preventDefault(): void; url: string }) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    log.warn({ url: event.url.slice(0, 200) }, `refused ${what}`);
  };
  contents.on('will-navigate', refuse('navigation'));
  contents.on('will-frame-navigate', refuse('frame navigation'));
  contents.on('will-redirect', refuse('redirect'));
  contents.setWindowOpenHandler(({ url }) => {
    log.warn({ url: url.slice(0, 200) }, 'refused window.open');
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('refused webview');
  });
  contents.on('before-input-event', (event, input) => {
    const name = blockedShortcutName(input);
    if (name === null) return;
    event.preventDefault();
    // One line per press: a held key repeats keyDown many times a second.
    if (input.type === 'keyDown' && !input.isAutoRepeat) {
      log.info({ shortcut: name }, 'blocked shortcut');
    }
  });
}

/** Every permission (camera, geolocation, notifications, serial, HID, …) is denied. */
export function lockSession(session: Electron.Session, log: Logger): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log.warn({ permission }, 'denied permission request');
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.on('will-download', (event) => {
    event.preventDefault();
    log.warn('refused download');
  });
}
