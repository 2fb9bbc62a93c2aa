import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPreload } from '../../preload/build.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const outDir = mkdtempSync(path.join(tmpdir(), 'kiosk-preload-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/**
 * The built file is what Electron loads into a sandboxed renderer, where `require` knows only
 * electron's renderer modules. Evaluating it in a bare vm context with such a `require` checks
 * that the bundle is self-contained and still exposes the bridge.
 */
describe('preload bundle', () => {
  it('is one CommonJS file that requires only electron and exposes { invoke, on }', async () => {
    const file = await buildPreload(root, outDir);
    const code = readFileSync(file, 'utf8');
    const required: string[] = [];
    const exposed = new Map<string, unknown>();
    const sent: unknown[] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
      ipcRenderer: {
        on: () => {},
        invoke: async (channel: string, message: unknown) => {
          sent.push([channel, message]);
          return { ok: true, value: { language: 'ru' } };
        },
      },
    };
    const module = { exports: {} };
    const context = vm.createContext({
      module,
      exports: module.exports,
      console,
      require: (name: string) => {
        required.push(name);
        if (name === 'electron') return electron;
        throw new Error(`module not available in a sandboxed preload: ${name}`);
      },
    });
    vm.runInContext(code, context, { filename: file });
    expect(required).toEqual(['electron']);
    const bridge = exposed.get('kiosk') as {
      invoke(channel: string, args: unknown): Promise<unknown>;
    };
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    expect(await bridge.invoke('kiosk:setLanguage', { language: 'ru' })).toEqual({
      ok: true,
      value: { language: 'ru' },
    });
    expect(sent).toEqual([
      ['kiosk:invoke', { channel: 'kiosk:setLanguage', args: { language: 'ru' } }],
    ]);
  });
});
