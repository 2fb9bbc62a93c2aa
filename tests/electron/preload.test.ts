import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { KioskBridge } from '../../common/contract.ts';
import { listenersPerEventMax } from '../../preload/bridge.ts';

/** What the sandboxed preload can reach: contextBridge and ipcRenderer, both recorded here. */
const mocks = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoke: null as unknown as (channel: string, message: unknown) => Promise<unknown>,
  renderer: null as unknown as import('node:events').EventEmitter,
}));

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const renderer = new Emitter();
  mocks.renderer = renderer;
  return {
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown) => mocks.exposed.set(key, api),
    },
    ipcRenderer: Object.assign(renderer, {
      invoke: (channel: string, message: unknown) => mocks.invoke(channel, message),
    }),
  };
});

await import('../../preload/preload.ts');
const bridge = mocks.exposed.get('kiosk') as KioskBridge;

beforeEach(() => {
  mocks.invoke = async () => ({ ok: true, value: {} });
});

const deliver = (message: unknown) =>
  mocks.renderer.emit('kiosk:event', { sender: 'ipc' }, message);

describe('preload', () => {
  it('exposes exactly window.kiosk = { invoke, on }, frozen', () => {
    expect([...mocks.exposed.keys()]).toEqual(['kiosk']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(typeof bridge.invoke).toBe('function');
    expect(typeof bridge.on).toBe('function');
  });

  it('invoke sends { channel, args } on the one invoke channel and returns the Result', async () => {
    const calls: unknown[] = [];
    mocks.invoke = async (channel, message) => {
      calls.push([channel, message]);
      return { ok: true, value: { language: 'en' } };
    };
    const result = await bridge.invoke('kiosk:setLanguage', { language: 'en' });
    expect(result).toEqual({ ok: true, value: { language: 'en' } });
    expect(calls).toEqual([
      ['kiosk:invoke', { channel: 'kiosk:setLanguage', args: { language: 'en' } }],
    ]);
  });

  it('invoke refuses unknown channels without touching IPC', async () => {
    let called = false;
    mocks.invoke = async () => {
      called = true;
      return { ok: true, value: {} };
    };
    const invoke = bridge.invoke as (channel: string, args: unknown) => Promise<unknown>;
    for (const channel of ['panel:insertNote', 'kiosk:invoke', '__proto__', 'toString', '']) {
      expect(await invoke(channel, {})).toMatchObject({
        ok: false,
        error: { kind: 'unknown-channel' },
      });
    }
    expect(called).toBe(false);
  });

  it('a failed or malformed IPC reply becomes an internal error Result', async () => {
    mocks.invoke = async () => {
      throw new Error('reply was never sent');
    };
    expect(await bridge.invoke('kiosk:getStatus', {})).toMatchObject({
      ok: false,
      error: { kind: 'internal' },
    });
    mocks.invoke = async () => 'not a result';
    expect(await bridge.invoke('kiosk:getStatus', {})).toMatchObject({
      ok: false,
      error: { kind: 'internal' },
    });
  });

  it('on delivers only the payload of its own event, and unsubscribes', () => {
    const received: unknown[][] = [];
    const unsubscribe = bridge.on('kiosk:statusChanged', (...args: unknown[]) => {
      received.push(args);
    });
    deliver({ event: 'kiosk:statusChanged', payload: { language: 'ru' } });
    deliver({ event: 'deposit:changed', payload: { x: 1 } });
    deliver({ event: 'not:an-event', payload: {} });
    deliver('garbage');
    deliver(null);
    // The IPC event object (its `sender` is ipcRenderer) never reaches page code.
    expect(received).toEqual([[{ language: 'ru' }]]);
    unsubscribe();
    deliver({ event: 'kiosk:statusChanged', payload: { language: 'en' } });
    expect(received).toHaveLength(1);
  });

  it('on ignores unknown event names and returns a harmless unsubscribe', () => {
    const on = bridge.on as (event: string, listener: (payload: unknown) => void) => () => void;
    const listener = vi.fn();
    const unsubscribe = on('panel:changed', listener);
    deliver({ event: 'panel:changed', payload: {} });
    expect(listener).not.toHaveBeenCalled();
    expect(() => unsubscribe()).not.toThrow();
  });

  it('a throwing listener does not stop the others', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const good = vi.fn();
    const offBad = bridge.on('kiosk:statusChanged', () => {
      throw new Error('page bug');
    });
    const offGood = bridge.on('kiosk:statusChanged', good);
    deliver({ event: 'kiosk:statusChanged', payload: {} });
    expect(good).toHaveBeenCalledTimes(1);
    offBad();
    offGood();
    error.mockRestore();
  });

  it('bounds the listeners per event', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const offs = Array.from({ length: listenersPerEventMax }, () =>
      bridge.on('kiosk:statusChanged', () => {}),
    );
    const extra = vi.fn();
    bridge.on('kiosk:statusChanged', extra);
    deliver({ event: 'kiosk:statusChanged', payload: {} });
    expect(extra).not.toHaveBeenCalled();
    for (const off of offs) off();
    error.mockRestore();
  });

  it('installs one IPC listener however many page listeners there are', () => {
    expect(mocks.renderer.listenerCount('kiosk:event')).toBe(1);
  });
});
