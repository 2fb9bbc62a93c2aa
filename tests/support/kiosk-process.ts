import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export type KioskProcess = {
  url: string;
  panelUrl: string | null;
  origin: string;
  token: string;
  dataDir: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<number | null>;
};

/**
 * Starts `node main/start.ts` (the same entry as `npm start`) as a child process on a free port
 * and waits for the line with its URL.
 */
export async function startKioskProcess(
  env: Record<string, string> = {},
  options: { dataDir?: string; timeoutMs?: number } = {},
): Promise<KioskProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'kiosk-test-'));
  const child = spawn(process.execPath, ['main/start.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      KIOSK_HOST: 'headless',
      KIOSK_HTTP_PORT: '0',
      KIOSK_DATA_DIR: dataDir,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const timeoutMs = options.timeoutMs ?? 60_000;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kiosk did not start:\n${output}`)), timeoutMs);
    const check = () => {
      const match = /Kiosk: (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kiosk exited with ${code}:\n${output}`));
    });
  });
  const parsed = new URL(url);
  const panelMatch = /Emulator panel: (http:\/\/\S+)/.exec(output);
  return {
    url,
    panelUrl: panelMatch?.[1] ?? null,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    dataDir,
    child,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        // A kiosk a test killed has a signal and no exit code; it will not exit again.
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve(child.exitCode);
          return;
        }
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}
