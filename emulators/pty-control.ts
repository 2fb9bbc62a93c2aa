/**
 * The control channel an emulator process on a pty shares with the test or tool that started
 * it: one JSON request a line on stdin, each answered by one `{"type":"reply","id",…}` line on
 * stdout; the emulator's own events are other lines on stdout (`writeEvent`). A bad line gets
 * an error reply naming what is wrong and the emulator keeps running.
 */
import { createInterface } from 'node:readline';
import { z } from 'zod';

export function writeEvent(message: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

type Reply = { reply: Record<string, unknown>; exit: boolean };

function handleLine<Request extends { cmd: string }>(
  line: string,
  schema: z.ZodType<Request>,
  perform: (request: Request) => Record<string, unknown>,
): Reply {
  let id: unknown = null;
  try {
    const json: unknown = JSON.parse(line);
    if (json && typeof json === 'object' && 'id' in json) id = json.id;
    const request = schema.safeParse(json);
    if (!request.success) {
      return { reply: { id, ok: false, error: z.prettifyError(request.error) }, exit: false };
    }
    const result = perform(request.data);
    return { reply: { id, ok: true, ...result }, exit: request.data.cmd === 'exit' };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { reply: { id, ok: false, error: message }, exit: false };
  }
}

/**
 * Announces `ready`, then answers requests until stdin closes, an `exit` request or SIGTERM;
 * each of those ends in `shutdown`. `afterEach` runs after every request (the Shtrih emulator
 * saves its state there, as a power cut may come at any time).
 */
export async function serveControl<Request extends { cmd: string }>(options: {
  ready: Record<string, unknown>;
  schema: z.ZodType<Request>;
  perform: (request: Request) => Record<string, unknown>;
  afterEach?: () => void;
  shutdown: () => Promise<void>;
}): Promise<void> {
  const stop = async () => {
    await options.shutdown();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  writeEvent({ type: 'ready', ...options.ready });
  const lines = createInterface({ input: process.stdin });
  lines.on('close', () => void stop());
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const handled = handleLine(line, options.schema, options.perform);
    options.afterEach?.();
    writeEvent({ type: 'reply', ...handled.reply });
    if (handled.exit) await stop();
  }
}

/** Runs an emulator process's main; a failure is one line on stderr and exit code 1. */
export function runEmulatorMain(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
