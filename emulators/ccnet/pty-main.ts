/**
 * The CCNET emulator as its own process, on a pty (or any serial path):
 *
 *   node emulators/ccnet/pty-main.ts <ptyPath> ['<options JSON>']
 *
 * Crash tests run the kiosk in one child process and this in another, so the cassette (ground
 * truth) survives a SIGKILL of the kiosk. Options JSON is optional:
 * `{"timings":{"initializeMs":50,…},"repeatUntilAck":true,"ackDeadlineMs":null,"faults":{…}}`.
 *
 * Protocol: JSON lines. Every stdin line is one request; `id` (any JSON value) is echoed back.
 *   {"id":1,"cmd":"insertNote","noteKopecks":10000}
 *   {"cmd":"insertUnknownNote"}            {"cmd":"insertNewSeries","noteKopecks":10000}
 *   {"cmd":"jam","where":"validator"|"cassette"}   {"cmd":"clearJam"}
 *   {"cmd":"removeCassette"}   {"cmd":"insertCassette"}
 *   {"cmd":"powerCycle","at":"now"|"escrow"|"stacking","offMs":0}
 *   {"cmd":"setFaults","faults":{"dropRate":0.1,"corruptRate":0,"splitRate":0,
 *                                "delayMs":0,"delayRate":0,"seed":1}}
 *   {"cmd":"setRepeatUntilAck","repeat":false}
 *   {"cmd":"cassette"}   {"cmd":"collectCassette"} (empties it; reply has what was in it)
 *   {"cmd":"snapshot"}   {"cmd":"exit"}
 * Every stdout line is one message:
 *   {"type":"ready","path":"/dev/pts/4"}                       once, when answering on the pty
 *   {"type":"reply","id":1,"ok":true[, "cassette":{…}|"snapshot":{…}]}
 *                                      (cassette and collectCassette reply with "cassette")
 *   {"type":"reply","id":1,"ok":false,"error":"…"}            bad line or refused request
 *   {"type":"note","event":{"kind":"stacked","noteId":3,"noteKopecks":10000,"billType":4,…}}
 *   {"type":"cassette","notes":[{"billType":4,"noteKopecks":10000}],"totalKopecks":10000}
 *                                                              after every note into the cassette
 *   {"type":"phase","phase":"idling"}                          when the device state changes
 * It exits 0 on `exit`, on stdin end and on SIGTERM; 1 if the pty cannot be opened.
 */
import { z } from 'zod';
import { openSerialLink } from '../../protocol/serial-link.ts';
import { runEmulatorMain, serveControl, writeEvent as write } from '../pty-control.ts';
import { CcnetEmulator } from './emulator.ts';

const faultsSchema = z
  .object({
    dropRate: z.number().min(0).max(1),
    corruptRate: z.number().min(0).max(1),
    splitRate: z.number().min(0).max(1),
    delayMs: z.number().int().min(0).max(60_000),
    delayRate: z.number().min(0).max(1),
    seed: z.number().int(),
  })
  .partial()
  .strict();

const duration = z.number().int().min(0).max(120_000);

const optionsSchema = z
  .object({
    timings: z
      .object({
        initializeMs: duration,
        acceptMs: duration,
        stackMs: duration,
        returnMs: duration,
        rejectMs: duration,
        escrowTimeoutMs: duration,
        holdMs: duration,
      })
      .partial()
      .strict()
      .optional(),
    repeatUntilAck: z.boolean().optional(),
    cassetteCapacity: z.number().int().positive().max(100_000).optional(),
    ackDeadlineMs: z.number().int().positive().nullable().optional(),
    faults: faultsSchema.optional(),
  })
  .strict();

const requestSchema = z.discriminatedUnion('cmd', [
  z.object({ cmd: z.literal('insertNote'), noteKopecks: z.number().int().positive() }),
  z.object({ cmd: z.literal('insertUnknownNote') }),
  z.object({ cmd: z.literal('insertNewSeries'), noteKopecks: z.number().int().positive() }),
  z.object({ cmd: z.literal('jam'), where: z.enum(['validator', 'cassette']) }),
  z.object({ cmd: z.literal('clearJam') }),
  z.object({ cmd: z.literal('removeCassette') }),
  z.object({ cmd: z.literal('insertCassette') }),
  z.object({
    cmd: z.literal('powerCycle'),
    at: z.enum(['now', 'escrow', 'stacking']).default('now'),
    offMs: z.number().int().min(0).max(60_000).default(0),
  }),
  z.object({ cmd: z.literal('setFaults'), faults: faultsSchema }),
  z.object({ cmd: z.literal('setRepeatUntilAck'), repeat: z.boolean() }),
  z.object({ cmd: z.literal('cassette') }),
  z.object({ cmd: z.literal('collectCassette') }),
  z.object({ cmd: z.literal('snapshot') }),
  z.object({ cmd: z.literal('exit') }),
]);

type Request = z.infer<typeof requestSchema>;

function perform(emulator: CcnetEmulator, request: Request): Record<string, unknown> {
  switch (request.cmd) {
    case 'insertNote':
      emulator.insertNote(request.noteKopecks);
      return {};
    case 'insertUnknownNote':
      emulator.insertUnknownNote();
      return {};
    case 'insertNewSeries':
      emulator.insertNewSeries(request.noteKopecks);
      return {};
    case 'jam':
      emulator.jam(request.where);
      return {};
    case 'clearJam':
      emulator.clearJam();
      return {};
    case 'removeCassette':
      emulator.removeCassette();
      return {};
    case 'insertCassette':
      emulator.insertCassette();
      return {};
    case 'powerCycle':
      emulator.powerCycle(request.at, request.offMs);
      return {};
    case 'setFaults':
      emulator.setFaults(request.faults);
      return {};
    case 'setRepeatUntilAck':
      emulator.setRepeatUntilAck(request.repeat);
      return {};
    case 'cassette':
      return { cassette: emulator.cassette() };
    case 'collectCassette':
      return { cassette: emulator.collectCassette() };
    case 'snapshot':
      return { snapshot: emulator.snapshot() };
    case 'exit':
      return {};
  }
}

function parseOptions(text: string | undefined) {
  if (text === undefined) return {};
  const parsed = optionsSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`options: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

async function main(): Promise<void> {
  const [path, optionsText] = process.argv.slice(2);
  if (!path) throw new Error('usage: node emulators/ccnet/pty-main.ts <ptyPath> [optionsJson]');
  const { faults, ...options } = parseOptions(optionsText);
  const emulator = new CcnetEmulator(options);
  if (faults) emulator.setFaults(faults);
  const link = await openSerialLink(path, 9600);
  let lastPhase = '';
  emulator.onDidChange((change) => {
    if (change.kind === 'note') {
      write({ type: 'note', event: change.event });
      if (change.event.kind === 'stacked') write({ type: 'cassette', ...emulator.cassette() });
    } else if (change.snapshot.phase !== lastPhase) {
      lastPhase = change.snapshot.phase;
      write({ type: 'phase', phase: lastPhase });
    }
  });
  emulator.attach(link);
  await serveControl({
    ready: { path },
    schema: requestSchema,
    perform: (request) => perform(emulator, request),
    shutdown: async () => {
      emulator.detach();
      await link.close();
    },
  });
}

runEmulatorMain('ccnet emulator', main);
