/**
 * Driver + emulator wired together for tests, over an in-memory pair or any two ByteLinks
 * (a pty pair via openSerialLink). It records what the host sent and every event the driver
 * delivered, and plays a minimal deposit listener: STACK on escrow, remember stacked notes.
 */
import type { AcceptorEvent, BillAcceptorPort } from '../../common/ports.ts';
import { CcnetEmulator, type CcnetEmulatorOptions } from '../../emulators/ccnet/emulator.ts';
import { createMemoryLinkPair } from '../../protocol/memory-link.ts';
import { commandNames } from '../../protocol/ccnet/codes.ts';
import { type CcnetDriverOptions, createCcnetDriver } from '../../main/devices/ccnet/driver.ts';
import { FrameDecoder } from '../../protocol/ccnet/frame.ts';
import type { ByteLink } from '../../protocol/link.ts';

export const FAST_TIMINGS = {
  initializeMs: 30,
  acceptMs: 20,
  stackMs: 30,
  returnMs: 20,
  rejectMs: 20,
} as const;

export const FAST_DRIVER: CcnetDriverOptions = {
  pollIntervalMs: 10,
  responseTimeoutMs: 80,
  busFreeMs: 1,
  absentAfterMs: 1_500,
  moneyAckWaitMsMax: 200,
};

export type RigOptions = {
  emulator?: CcnetEmulatorOptions;
  driver?: CcnetDriverOptions;
  /** [host side, device side]; default: a fresh in-memory pair. */
  links?: [ByteLink, ByteLink];
  /** Default listener: STACK every escrow. Set false to install your own. */
  autoStack?: boolean;
};

export type Rig = {
  driver: BillAcceptorPort;
  emulator: CcnetEmulator;
  /** Host frames in order: command names, plus 'ACK' / 'NAK'. */
  sent: string[];
  events: AcceptorEvent[];
  /** billType of every `stacked` event, in delivery order. */
  stacked: number[];
  /** Closes the driver (and its link), detaches the emulator and closes the device link. */
  close(): Promise<void>;
};

export function tapCommands(link: ByteLink, sent: string[]): ByteLink {
  const decoder = new FrameDecoder();
  return {
    async write(bytes) {
      for (const frame of decoder.push(bytes, 0)) {
        const code = frame.payload[0]!;
        const name = code === 0 ? 'ACK' : code === 0xff ? 'NAK' : commandNames[code];
        sent.push(name ?? `0x${code.toString(16)}`);
      }
      await link.write(bytes);
    },
    setDataListener: (listener) => link.setDataListener(listener),
    setCloseListener: (listener) => link.setCloseListener(listener),
    close: () => link.close(),
  };
}

export function createRig(options: RigOptions = {}): Rig {
  const [hostLink, deviceLink] = options.links ?? createMemoryLinkPair();
  const sent: string[] = [];
  const emulator = new CcnetEmulator({
    ...options.emulator,
    timings: { ...FAST_TIMINGS, ...options.emulator?.timings },
  });
  emulator.attach(deviceLink);
  const driver = createCcnetDriver(tapCommands(hostLink, sent), {
    ...FAST_DRIVER,
    ...options.driver,
  });
  const events: AcceptorEvent[] = [];
  const stacked: number[] = [];
  if (options.autoStack !== false) {
    driver.setListener(async (event) => {
      events.push(event);
      if (event.kind === 'escrow') await driver.stack();
      if (event.kind === 'stacked') stacked.push(event.billType);
    });
  }
  return {
    driver,
    emulator,
    sent,
    events,
    stacked,
    async close() {
      await driver.close();
      emulator.detach();
      await deviceLink.close();
    },
  };
}

/** Waits until `predicate` holds; throws naming `what` after `timeoutMs` (a hang, not speed). */
export async function until(
  predicate: () => boolean,
  what: string | (() => string),
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for: ${typeof what === 'string' ? what : what()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function sortedNumbers(values: readonly number[]): number[] {
  return [...values].sort((left, right) => left - right);
}
