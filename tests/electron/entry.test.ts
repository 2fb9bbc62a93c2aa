import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildElectron } from '../../main/hosts/electron-build.ts';

/**
 * The real entry (main/hosts/electron.ts) in a child Node process with `electron` replaced by
 * electron-stub.ts: proves the wiring — config with userData as the data dir, the real
 * composition root behind IPC, the sender check, the app:// handler — without a binary.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const userData = mkdtempSync(path.join(tmpdir(), 'kiosk-entry-'));
// Under dist/ (ignored by git, lint and vitest), so that node_modules and package.json resolve.
const compiled = path.join(root, 'dist', `electron-test-${process.pid}`);
afterAll(() => {
  rmSync(userData, { recursive: true, force: true });
  rmSync(compiled, { recursive: true, force: true });
});

type Line = { kind: string; [key: string]: unknown };

function runEntry(
  env: Record<string, string>,
  entry = path.join(root, 'main/hosts/electron.ts'),
): Promise<{ code: number | null; lines: Line[]; stderr: string }> {
  const hook = path.join(root, 'tests/electron/electron-stub-hook.ts');
  const cleanEnv = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('KIOSK_')),
  );
  const child = spawn(process.execPath, ['--import', hook, entry], {
    cwd: root,
    env: { ...cleanEnv, STUB_USER_DATA: userData, KIOSK_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => {
    child.on('close', (code) => {
      const lines = stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Line);
      resolve({ code, lines, stderr });
    });
  });
}

describe('Electron entry (stubbed electron, real composition root)', () => {
  it('starts the kiosk, answers our page, refuses a foreign one, and quits cleanly', async () => {
    const { code, lines, stderr } = await runEntry({});
    const kinds = lines.map((line) => line.kind);
    expect(code, stderr).toBe(0);
    expect(kinds).toEqual(
      expect.arrayContaining(['schemes', 'sandbox', 'menu', 'power', 'window']),
    );
    expect(lines.find((line) => line.kind === 'load')).toMatchObject({
      url: 'app://kiosk/index.html',
    });
    expect(lines.find((line) => line.kind === 'window')).toMatchObject({
      webPreferences: {
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        devTools: true,
        preload: path.join(root, 'dist', 'preload', 'preload.cjs'),
      },
    });
    const reply = lines.find((line) => line.kind === 'reply')?.reply as {
      ok: boolean;
      value?: { softwareVersion?: unknown };
    };
    expect(reply.ok, JSON.stringify(reply)).toBe(true);
    expect(typeof reply.value?.softwareVersion).toBe('string');
    expect(lines.find((line) => line.kind === 'foreign')).toMatchObject({
      reply: { ok: false, error: { kind: 'forbidden' } },
    });
    expect(lines.find((line) => line.kind === 'traversal')).toMatchObject({ status: 403 });
    expect(kinds.at(-1)).toBe('quit');
    // Without KIOSK_DATA_DIR the data (and logs) go to Electron's userData directory.
    expect(existsSync(path.join(userData, 'logs'))).toBe(true);
  });

  it('a second instance quits before opening anything', async () => {
    const { code, lines } = await runEntry({ STUB_LOCK: 'taken' });
    expect(code).toBe(0);
    const kinds = lines.map((line) => line.kind);
    expect(kinds).toContain('quit');
    expect(kinds).not.toContain('window');
    expect(kinds).not.toContain('power');
  });

  it('a bad configuration exits with code 2 and says which variable', async () => {
    const { code, lines, stderr } = await runEntry({ KIOSK_HTTP_PORT: 'abc' });
    expect(lines.find((line) => line.kind === 'exit')).toMatchObject({ code: 2 });
    expect(code).toBe(2);
    expect(stderr).toContain('KIOSK_HTTP_PORT');
  });

  it('the built output (electron-build.ts: tsc + data files + preload) runs the same way', async () => {
    // npm start's Electron run: the development build, emulators and embedded central included.
    const built = await buildElectron(root, compiled, { dev: true });
    expect(built.ok).toBe(true);
    expect(existsSync(path.join(compiled, 'preload', 'preload.cjs'))).toBe(true);
    const entry = path.join(compiled, 'main/hosts/electron.js');
    const { code, lines, stderr } = await runEntry({}, entry);
    expect(code, stderr).toBe(0);
    expect(lines.find((line) => line.kind === 'reply')).toMatchObject({ reply: { ok: true } });
    // The app root is still the project (package.json + node_modules), not the output folder.
    expect(lines.find((line) => line.kind === 'window')).toMatchObject({
      webPreferences: { preload: path.join(root, 'dist', 'preload', 'preload.cjs') },
    });

    // Without main/dev/ (as in a packaged kiosk), emulated devices are refused by name.
    rmSync(path.join(compiled, 'main', 'dev'), { recursive: true, force: true });
    const packaged = await runEntry({}, entry);
    expect(packaged.lines.find((line) => line.kind === 'exit')).toMatchObject({ code: 1 });
    const logDir = path.join(userData, 'logs');
    const logged = readdirSync(logDir).map((name) => readFileSync(path.join(logDir, name), 'utf8'));
    expect(logged.join('')).toContain('not part of this build');
  });
});
