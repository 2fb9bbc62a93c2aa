/**
 * The emulator's controls as JSON requests, checked with zod: what pty-main.ts reads from its
 * stdin, one request per line, and what an emulator panel can send. `perform` runs one request
 * and returns the reply's fields; a request that does not parse never reaches the emulator.
 */
import { z } from 'zod';
import type { ShtrihEmulator } from './emulator.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const ms = z
  .number()
  .int()
  .min(0)
  .max(24 * 3_600_000);

export const linkFaultsSchema = z
  .object({
    dropAcks: z.number().int().min(0).max(1_000),
    corruptReplies: z.number().int().min(0).max(1_000),
    replyDelayMs: z.number().int().min(0).max(600_000),
    trailingFf: z.boolean(),
  })
  .partial()
  .strict();

export const controlRequestSchema = z.discriminatedUnion('cmd', [
  z.object({ cmd: z.literal('setPaper'), present: z.boolean() }),
  z.object({ cmd: z.literal('paperRunsOutAfter'), lines: z.number().int().min(0).max(10_000) }),
  z.object({ cmd: z.literal('setCover'), open: z.boolean() }),
  z.object({ cmd: z.literal('busyFor'), ms }),
  z.object({ cmd: z.literal('setPrintingMs'), ms }),
  z.object({
    cmd: z.literal('setFnFault'),
    fault: z.enum(['none', 'failure', 'exhausted', 'memory-full', 'expired']),
  }),
  z.object({ cmd: z.literal('setFnWarnings'), bits: z.number().int().min(0).max(0xff) }),
  z.object({ cmd: z.literal('setFnValidUntil'), day }),
  z.object({ cmd: z.literal('setFnCapacity'), documents: z.number().int().min(1).max(1e7) }),
  z.object({ cmd: z.literal('setOfdLink'), link: z.enum(['up', 'down']) }),
  z.object({
    cmd: z.literal('advanceClock'),
    ms: z
      .number()
      .int()
      .min(-400 * 86_400_000)
      .max(400 * 86_400_000),
  }),
  z.object({
    cmd: z.literal('setOperatorPassword'),
    operator: z.number().int().min(1).max(30),
    password: z.number().int().min(0).max(0xffffffff),
  }),
  z.object({
    cmd: z.literal('injectError'),
    errorCode: z.number().int().min(1).max(0xff),
    command: z.number().int().min(0).max(0xffff).optional(),
    times: z.number().int().min(1).max(1_000).optional(),
  }),
  z.object({ cmd: z.literal('setLinkFaults'), faults: linkFaultsSchema }),
  z.object({ cmd: z.literal('powerOff') }),
  z.object({ cmd: z.literal('powerOn') }),
  z.object({ cmd: z.literal('reboot') }),
  z.object({ cmd: z.literal('powerLossAfterNextCommand') }),
  z.object({ cmd: z.literal('status') }),
  z.object({ cmd: z.literal('documents') }),
  z.object({ cmd: z.literal('document'), fdNumber: z.number().int().min(1) }),
  z.object({ cmd: z.literal('tape'), last: z.number().int().min(1).max(500).optional() }),
  z.object({ cmd: z.literal('exit') }),
]);

export type ControlRequest = z.infer<typeof controlRequestSchema>;

/** Runs one control; controls that only act return `{}`. */
export function perform(
  emulator: ShtrihEmulator,
  request: ControlRequest,
): Record<string, unknown> {
  switch (request.cmd) {
    case 'setPaper':
      emulator.setPaper(request.present);
      return {};
    case 'paperRunsOutAfter':
      emulator.paperRunsOutAfter(request.lines);
      return {};
    case 'setCover':
      emulator.setCover(request.open);
      return {};
    case 'busyFor':
      emulator.busyFor(request.ms);
      return {};
    case 'setPrintingMs':
      emulator.setPrintingMs(request.ms);
      return {};
    case 'setFnFault':
      emulator.setFnFault(request.fault);
      return {};
    case 'setFnWarnings':
      emulator.setFnWarnings(request.bits);
      return {};
    case 'setFnValidUntil':
      emulator.setFnValidUntil(request.day);
      return {};
    case 'setFnCapacity':
      emulator.setFnCapacity(request.documents);
      return {};
    case 'setOfdLink':
      emulator.setOfdLink(request.link);
      return {};
    case 'advanceClock':
      emulator.advanceClock(request.ms);
      return {};
    case 'setOperatorPassword':
      emulator.setOperatorPassword(request.operator, request.password);
      return {};
    default:
      return performMore(emulator, request);
  }
}

function performMore(emulator: ShtrihEmulator, request: ControlRequest): Record<string, unknown> {
  switch (request.cmd) {
    case 'injectError':
      emulator.injectError(request.errorCode, {
        ...(request.command === undefined ? {} : { command: request.command }),
        ...(request.times === undefined ? {} : { times: request.times }),
      });
      return {};
    case 'setLinkFaults':
      emulator.setLinkFaults(request.faults);
      return {};
    case 'powerOff':
      emulator.powerOff();
      return {};
    case 'powerOn':
      emulator.powerOn();
      return {};
    case 'reboot':
      emulator.reboot();
      return {};
    case 'powerLossAfterNextCommand':
      emulator.powerLossAfterNextCommand();
      return {};
    case 'status':
      return { status: emulator.status() };
    case 'documents':
      return { documents: emulator.documents() };
    case 'document':
      return { document: emulator.document(request.fdNumber) };
    case 'tape':
      return { tape: emulator.tape().slice(-(request.last ?? 20)) };
    default:
      return {};
  }
}
