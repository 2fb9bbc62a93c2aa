/**
 * Runs emulators/ccnet/pty-main.ts as a child process on a pty path (crash tests: the kiosk
 * and the device are separate processes, so the cassette survives a SIGKILL of the kiosk).
 *
 *   const device = startCcnetEmulatorProcess(pty.b, { timings: { initializeMs: 30 } });
 *   await device.ready;
 *   await device.request({ cmd: 'insertNote', noteKopecks: 10_000 });
 *   const { cassette } = await device.request({ cmd: 'cassette' });
 *   await device.stop();
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Node 24 (runs .ts directly). `vitest` may itself run on an older system node when started
 * as `node_modules/.bin/vitest`, so prefer the project's own binary.
 */
export function node24Path(): string {
  const local = resolve(ROOT, 'node_modules/.bin/node');
  return existsSync(local) ? local : process.execPath;
}

export type EmulatorMessage = Record<string, unknown> & { type: string };

export type CcnetEmulatorProcess = {
  child: ChildProcess;
  /** Every stdout line so far, parsed. */
  messages: EmulatorMessage[];
  /** Resolves on the `ready` line; rejects if the process exits first. */
  ready: Promise<void>;
  /** Sends one request and resolves with its reply (`{ok, …}`); rejects after 10 s. */
  request(body: Record<string, unknown>): Promise<EmulatorMessage>;
  /** Ends stdin (the emulator exits 0) and waits for the exit; SIGKILL after 3 s. */
  stop(): Promise<void>;
};

const REPLY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 3_000;

export function startCcnetEmulatorProcess(
  ptyPath: string,
  options: object = {},
): CcnetEmulatorProcess {
  const child = spawn(
    node24Path(),
    [resolve(ROOT, 'emulators/ccnet/pty-main.ts'), ptyPath, JSON.stringify(options)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const messages: EmulatorMessage[] = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    messages.push(JSON.parse(line) as EmulatorMessage);
    for (const waiter of waiters) waiter();
  });
  const waitFor = (match: (message: EmulatorMessage) => boolean, what: string) =>
    new Promise<EmulatorMessage>((resolvePromise, reject) => {
      const check = () => {
        const found = messages.find(match);
        if (found) return finish(() => resolvePromise(found));
        if (child.exitCode !== null)
          finish(() => reject(new Error(`emulator exited before ${what}`)));
      };
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        child.off('exit', check);
        settle();
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`emulator: no ${what}`))),
        REPLY_TIMEOUT_MS,
      );
      waiters.add(check);
      child.on('exit', check);
      check();
    });
  let nextId = 1;
  return {
    child,
    messages,
    ready: waitFor((message) => message.type === 'ready', 'ready line').then(() => {}),
    request(body) {
      const id = `r${nextId++}`;
      child.stdin!.write(`${JSON.stringify({ ...body, id })}\n`);
      return waitFor((message) => message.type === 'reply' && message.id === id, `reply ${id}`);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolvePromise) => child.once('exit', resolvePromise));
      child.stdin!.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
