import { readdirSync } from 'node:fs';
import { SerialPort } from 'serialport';
import type { ProbedPort } from '../../common/contract.ts';
import { encodeCommand, FrameDecoder } from '../../protocol/ccnet/frame.ts';
import { probeEscpos } from './escpos/probe.ts';
import type { ByteLink } from '../../protocol/link.ts';
import { answersOnLink } from './link-probe.ts';
import { openSerialLink } from '../../protocol/serial-link.ts';

/**
 * For the first-start wizard: which serial port answers CCNET, which answers ESC/POS status.
 * Each port is opened, asked politely (a CCNET POLL, a DLE EOT 1) and closed again.
 */
const portsMax = 32;
const answerTimeoutMs = 400;
const ccnetPoll = 0x33;

/** `SerialPort.list()` needs udevadm, absent in containers and some kiosks: fall back to /dev. */
export async function listSerialPorts(): Promise<string[]> {
  try {
    const ports = await SerialPort.list();
    if (ports.length > 0) return ports.map((port) => port.path).slice(0, portsMax);
  } catch {
    // Fall through to /dev.
  }
  try {
    return readdirSync('/dev')
      .filter((name) => /^tty(USB|ACM)\d+$/.test(name))
      .map((name) => `/dev/${name}`)
      .slice(0, portsMax);
  } catch {
    return [];
  }
}

/** Does a CCNET validator answer? A POLL gets a CRC-valid frame back from any state. */
export function probeCcnet(link: ByteLink, timeoutMs: number): Promise<boolean> {
  const decoder = new FrameDecoder();
  return answersOnLink(
    link,
    encodeCommand(ccnetPoll),
    (chunk) => decoder.push(chunk, performance.now()).length > 0,
    timeoutMs,
  );
}

async function probeOne(path: string): Promise<ProbedPort> {
  const attempts: { answers: 'ccnet' | 'escpos'; baudRate: number; probe: typeof probeCcnet }[] = [
    { answers: 'ccnet', baudRate: 9600, probe: probeCcnet },
    { answers: 'ccnet', baudRate: 19200, probe: probeCcnet },
    { answers: 'escpos', baudRate: 19200, probe: probeEscpos },
    { answers: 'escpos', baudRate: 9600, probe: probeEscpos },
  ];
  for (const attempt of attempts) {
    let link: ByteLink;
    try {
      link = await openSerialLink(path, attempt.baudRate);
    } catch (error) {
      return {
        path,
        answers: 'none',
        detail: `cannot open: ${error instanceof Error ? error.message : error}`,
      };
    }
    try {
      if (await attempt.probe(link, answerTimeoutMs)) {
        return { path, answers: attempt.answers, detail: `answers at ${attempt.baudRate} baud` };
      }
    } finally {
      await link.close();
    }
  }
  return { path, answers: 'none', detail: 'no CCNET or ESC/POS answer' };
}

export async function probePorts(paths?: readonly string[]): Promise<ProbedPort[]> {
  const candidates = paths ?? (await listSerialPorts());
  const results: ProbedPort[] = [];
  for (const path of candidates.slice(0, portsMax)) results.push(await probeOne(path));
  return results;
}
