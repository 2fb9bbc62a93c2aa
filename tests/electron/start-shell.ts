import { vi } from 'vitest';
import { ok } from '../../common/result.ts';
import { createEventBus } from '../../main/event-bus.ts';
import type { Dispatcher } from '../../main/hosts/dispatch.ts';
import { createElectronShell, type ShellDeps } from '../../main/hosts/electron-shell.ts';
import {
  asElectron,
  captureLogger,
  createFakeElectron,
  type FakeWebContents,
  manualTimers,
} from './fake-electron.ts';

/** Starts the real shell over the fake electron module, with a recording kiosk. */
export type Overrides = Partial<ShellDeps> & { lockAvailable?: boolean; dispatch?: Dispatcher };

export async function startShell(overrides: Overrides = {}) {
  const fake = createFakeElectron({ lockAvailable: overrides.lockAvailable ?? true });
  const { log, lines } = captureLogger();
  const timers = manualTimers();
  const events = createEventBus(() => {});
  const dispatch = vi.fn<Dispatcher>(
    overrides.dispatch ?? (async (channel, args) => ok({ echoed: { channel, args } })),
  );
  const kiosk = { dispatch, events, close: vi.fn(async () => {}) };
  const createKiosk = vi.fn(async () => kiosk);
  let nowMs = 1_000_000;
  const shell = createElectronShell(asElectron(fake), {
    log,
    createKiosk,
    rendererDir: '/app/renderer/dist',
    preloadPath: '/app/dist/preload/preload.cjs',
    isProduction: true,
    updates: null,
    timers,
    now: () => nowMs,
    ...overrides,
  });
  const outcome = await shell.start();
  const window = fake.windows[0];
  return {
    fake,
    outcome,
    window,
    contents: window?.webContents as FakeWebContents,
    lines,
    timers,
    events,
    kiosk,
    createKiosk,
    advanceMs: (deltaMs: number) => {
      nowMs += deltaMs;
    },
  };
}
