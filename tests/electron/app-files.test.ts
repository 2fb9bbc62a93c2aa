import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { electronAppFiles } from '../../main/hosts/electron-build.ts';

/**
 * What a packaged kiosk carries of the repository: electron-build compiles what is reachable
 * from the Electron entry and the preload and stages the data folders, and electron-builder
 * packs that output whole. No central server, no emulator and no demo or other development
 * code may be in it; the development build (npm start's Electron run) has them.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const devOnly = (file: string) =>
  file.startsWith('central/') || file.startsWith('emulators/') || file.startsWith('main/dev/');

describe('the Electron app file list', () => {
  it('holds the kiosk (entry, composition root, drivers, protocol) and no dev-only file', () => {
    const files = electronAppFiles(root);
    expect(files).toEqual(
      expect.arrayContaining([
        'main/hosts/electron.ts',
        'main/kiosk.ts',
        'main/devices/ccnet/driver.ts',
        'protocol/ccnet/frame.ts',
        'preload/preload.ts',
        'package.json',
      ]),
    );
    expect(files.filter(devOnly)).toEqual([]);
    expect(files.filter((file) => /demo/i.test(file))).toEqual([]);
  });

  it('the development build adds the emulators, the embedded central and the demo setup', () => {
    const files = electronAppFiles(root, { dev: true });
    expect(files).toEqual(
      expect.arrayContaining([
        'main/dev/dev-hooks.ts',
        'main/dev/demo-setup.ts',
        'central/server.ts',
        'central/openapi.yaml',
        'emulators/ccnet/emulator.ts',
      ]),
    );
  });
});
