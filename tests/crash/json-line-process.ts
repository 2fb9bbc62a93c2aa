import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export type JsonMessage = Record<string, unknown> & { type?: string };

/**
 * A child process that speaks JSON lines on stdin/stdout. Every message is kept (bounded) so a
 * test can wait for one that already arrived.
 */
export type JsonLineProcess = {
  readonly child: ChildProcess;
  /** The newest kept messages (at most messagesMax: the oldest are dropped). */
  readonly messages: JsonMessage[];
  /** How many messages were ever kept: the index to pass as `sinceIndex` before a request. */
  received(): number;
  send(message: Record<string, unknown>): void;
  /**
   * Resolves with the first kept message from `sinceIndex` (a count from received(), so it stays
   * right after old messages were dropped) on that fits.
   */
  waitFor(
    predicate: (message: JsonMessage) => boolean,
    what: string,
    timeoutMs: number,
    sinceIndex?: number,
  ): Promise<JsonMessage>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  isAlive(): boolean;
  stderr(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
};

const messagesMax = 20_000;
const stderrCharsMax = 20_000;

export function spawnJsonLines(
  args: readonly string[],
  env: Record<string, string>,
  cwd: string,
  /** Which messages to keep; the rest are parsed and dropped (the emulator's cassette lines
   * grow with every note: keeping them all costs memory and time). */
  keep: (message: JsonMessage) => boolean = () => true,
): JsonLineProcess {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const messages: JsonMessage[] = [];
  /** Messages dropped from the front: messages[i] is message number dropped + i. */
  let dropped = 0;
  const watchers = new Set<() => void>();
  let stderr = '';
  let alive = true;
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    stderr = (stderr + text).slice(-stderrCharsMax);
  });
  child.stdin?.on('error', () => {}); // writing to a killed child: EPIPE is expected
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => {
    let message: JsonMessage;
    try {
      message = JSON.parse(line) as JsonMessage;
    } catch {
      message = { type: 'unparsed', line: line.slice(0, 500) };
    }
    if (!keep(message)) return;
    messages.push(message);
    if (messages.length > messagesMax) {
      const excess = messages.length - messagesMax;
      messages.splice(0, excess);
      dropped += excess;
    }
    for (const watcher of [...watchers]) watcher();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      alive = false;
      for (const watcher of [...watchers]) watcher();
      resolve({ code, signal });
    });
  });
  return {
    child,
    messages,
    exited,
    isAlive: () => alive,
    received: () => dropped + messages.length,
    stderr: () => stderr,
    send(message) {
      if (alive) child.stdin?.write(`${JSON.stringify(message)}\n`);
    },
    waitFor(predicate, what, timeoutMs, sinceIndex = 0) {
      return new Promise((resolve, reject) => {
        let next = Math.min(sinceIndex, dropped + messages.length);
        const check = () => {
          for (next = Math.max(next, dropped); next < dropped + messages.length; next += 1) {
            const message = messages[next - dropped]!;
            if (predicate(message)) {
              done();
              resolve(message);
              return;
            }
          }
          if (!alive) {
            done();
            reject(new Error(`process exited while waiting for ${what}; stderr: ${stderr}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`timed out waiting for ${what}; stderr: ${stderr.slice(-2_000)}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          watchers.delete(check);
        };
        watchers.add(check);
        check();
      });
    },
    async kill(signal) {
      if (!alive) return;
      child.kill(signal);
      await exited;
    },
  };
}
