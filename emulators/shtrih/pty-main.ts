/**
 * The Shtrih-M ККТ emulator as its own process, on a pty (or any serial path):
 *
 *   node emulators/shtrih/pty-main.ts <ptyPath> <stateFile> ['<options JSON>']
 *
 * Crash tests run the kiosk in one child process and this in another, so the ФН (every signed
 * document, the counters, an open receipt) survives a SIGKILL of the kiosk. The whole device
 * state is written to <stateFile> (atomically: a temporary file, then rename) after every
 * command and every control, and read back at start, so even this process may be restarted;
 * a test may also read the ground truth straight from that file (`documents`).
 *
 * Options JSON (all optional): `{"baudRate":115200,"printingMs":0,"autoCut":true,
 * "widthColumns":42,"byteTimeoutMs":50,"extendedDocumentReplies":false,"fnNumber":"…",
 * "fnValidUntil":"YYYY-MM-DD",
 * "registration":{…},"linkFaults":{…}}` (registration and ФН fields apply to a new state only).
 *
 * Protocol: JSON lines, as the CCNET emulator's. Every stdin line is one request (control.ts);
 * `id` is echoed back:
 *   {"id":1,"cmd":"setPaper","present":false}     {"cmd":"paperRunsOutAfter","lines":5}
 *   {"cmd":"setCover","open":true}   {"cmd":"busyFor","ms":2000}   {"cmd":"setPrintingMs","ms":300}
 *   {"cmd":"setFnFault","fault":"none"|"failure"|"exhausted"|"memory-full"|"expired"}
 *   {"cmd":"setFnWarnings","bits":8}   {"cmd":"setFnValidUntil","day":"2026-02-01"}
 *   {"cmd":"setFnCapacity","documents":100}   {"cmd":"setOfdLink","link":"down"|"up"}
 *   {"cmd":"advanceClock","ms":86400000}   {"cmd":"setOperatorPassword","operator":30,"password":1}
 *   {"cmd":"injectError","errorCode":80,"command":141,"times":1}
 *   {"cmd":"setLinkFaults","faults":{"dropAcks":1,"corruptReplies":0,"replyDelayMs":0,
 *                                    "trailingFf":false}}
 *   {"cmd":"powerOff"}  {"cmd":"powerOn"}  {"cmd":"reboot"}  {"cmd":"powerLossAfterNextCommand"}
 *   {"cmd":"status"}  {"cmd":"documents"}  {"cmd":"document","fdNumber":2}  {"cmd":"tape","last":5}
 *   {"cmd":"exit"}
 * Every stdout line is one message:
 *   {"type":"ready","path":"/dev/pts/4","stateFile":"…"}        once, when answering on the pty
 *   {"type":"reply","id":1,"ok":true[,"status"|"documents"|"document"|"tape":…]}
 *   {"type":"reply","id":1,"ok":false,"error":"…"}                bad line or refused request
 *   {"type":"document","document":{…}}                             each document the ФН signs
 *   {"type":"power","on":false}
 * It exits 0 on `exit`, on stdin end and on SIGTERM; 1 if the pty or the state file is unusable.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { openSerialLink } from '../../protocol/serial-link.ts';
import { runEmulatorMain, serveControl, writeEvent as write } from '../pty-control.ts';
import { controlRequestSchema, linkFaultsSchema, perform } from './control.ts';
import { ShtrihEmulator, type ShtrihEmulatorOptions } from './emulator.ts';

const optionsSchema = z
  .object({
    baudRate: z.number().int().positive().max(921_600).optional(),
    printingMs: z.number().int().min(0).max(60_000).optional(),
    autoCut: z.boolean().optional(),
    widthColumns: z.number().int().min(24).max(64).optional(),
    byteTimeoutMs: z.number().int().min(1).max(15_000).optional(),
    extendedDocumentReplies: z.boolean().optional(),
    fnNumber: z
      .string()
      .regex(/^\d{16}$/)
      .optional(),
    fnValidUntil: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    registration: z
      .object({
        userName: z.string().min(1),
        userInn: z.string().regex(/^\d{10}$|^\d{12}$/),
        address: z.string().min(1),
        place: z.string().min(1),
        automatNumber: z.string().min(1),
        serialNumber: z.string().regex(/^\d{1,20}$/),
        registrationSequence: z.string().regex(/^\d{10}$/),
        taxSystemsMask: z.number().int().min(1).max(0x3f),
        fnsSite: z.string().min(1),
      })
      .partial()
      .strict()
      .optional(),
    linkFaults: linkFaultsSchema.optional(),
  })
  .strict();

function parseOptions(text: string | undefined) {
  if (text === undefined) return {};
  const parsed = optionsSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`options: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function openEmulator(stateFile: string, options: ShtrihEmulatorOptions): ShtrihEmulator {
  if (!existsSync(stateFile)) return new ShtrihEmulator(options);
  const restored = ShtrihEmulator.fromSavedState(readFileSync(stateFile, 'utf8'), options);
  if (!restored.ok) throw new Error(`state file ${stateFile}: ${restored.error.message}`);
  return restored.value;
}

function saver(emulator: ShtrihEmulator, stateFile: string): () => void {
  const temporary = `${stateFile}.tmp`;
  return () => {
    writeFileSync(temporary, emulator.saveState());
    renameSync(temporary, stateFile);
  };
}

async function main(): Promise<void> {
  const [path, stateFile, optionsText] = process.argv.slice(2);
  if (!path || !stateFile) {
    throw new Error('usage: node emulators/shtrih/pty-main.ts <ptyPath> <stateFile> [optionsJson]');
  }
  const { baudRate, linkFaults, ...options } = parseOptions(optionsText);
  const emulator = openEmulator(stateFile, options);
  const save = saver(emulator, stateFile);
  save();
  emulator.onDidChange((change) => {
    if (change.kind === 'document') write({ type: 'document', document: change.document });
    if (change.kind === 'power') write({ type: 'power', on: change.on });
    if (change.kind === 'command') save();
  });
  const link = await openSerialLink(path, baudRate ?? 115_200);
  emulator.attach(link);
  if (linkFaults) emulator.setLinkFaults(linkFaults);
  await serveControl({
    ready: { path, stateFile },
    schema: controlRequestSchema,
    perform: (request) => perform(emulator, request),
    afterEach: save,
    shutdown: async () => {
      emulator.detach();
      save();
      await link.close();
    },
  });
}

runEmulatorMain('shtrih emulator', main);
