import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../main/electron-binary.ts';
import { buildPreload } from '../../preload/build.ts';

/**
 * The real Electron host, end to end, where an Electron binary is installed (`npm run
 * electron:fetch`). On our build machines it cannot be downloaded, and the test says so.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const binary = findElectronBinary();
const noDisplay =
  process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;

function run(args: string[]): void {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed (${result.status})`);
}

describe('Electron host home screen (Playwright _electron)', () => {
  it('loads app://kiosk with window.kiosk = { invoke, on } and no Node in the page', async (context) => {
    if (binary === null) {
      context.skip(
        'Electron binary not installed (download denied here): run `npm run electron:fetch`.',
      );
    }
    if (noDisplay) context.skip('No display for Electron: run under xvfb-run.');
    run([path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.electron.json']);
    await buildPreload(root, path.join(root, 'dist', 'preload'));
    if (!existsSync(path.join(root, 'renderer/dist/index.html'))) {
      run([
        path.join(root, 'node_modules/vite/bin/vite.js'),
        'build',
        '--config',
        'renderer/vite.config.ts',
      ]);
    }
    const dataDir = mkdtempSync(path.join(tmpdir(), 'kiosk-electron-'));
    const app = await _electron.launch({
      executablePath: binary!,
      args: [root],
      cwd: root,
      env: {
        ...process.env,
        KIOSK_DATA_DIR: dataDir,
        KIOSK_BILL_ACCEPTOR: 'emulator',
        KIOSK_PRINTER: 'emulator',
      },
    });
    try {
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      expect(page.url()).toBe('app://kiosk/index.html');
      const exposed = await page.evaluate(() => {
        const page = globalThis as unknown as Record<string, unknown>;
        return {
          bridge: Object.keys(page.kiosk as object).sort(),
          node: ['require', 'process', 'module', 'Buffer'].filter((name) => name in page),
        };
      });
      expect(exposed).toEqual({ bridge: ['invoke', 'on'], node: [] });
      const status = await page.evaluate(() =>
        (
          globalThis as unknown as { kiosk: { invoke(c: string, a: unknown): Promise<unknown> } }
        ).kiosk.invoke('kiosk:getStatus', {}),
      );
      expect(status).toMatchObject({ ok: true });
      // The home screen rendered something a payer can read.
      await expect.poll(() => page.locator('#root').textContent()).not.toBe('');
      await page.screenshot({ path: path.join(dataDir, 'home.png') });
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
