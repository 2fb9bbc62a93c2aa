/**
 * ByteLink over a serial port (`serialport` 13), and the device specs of docs/ARCHITECTURE.md §5
 * (`KIOSK_BILL_ACCEPTOR`, `KIOSK_PRINTER`).
 */
import { SerialPort } from 'serialport';
import { err, ok, type Result } from '../../common/result.ts';
import type { ByteLink } from './link.ts';

/** The port settings CCNET requires (ccnet.md §1): 8N1, no flow control. */
export type SerialPortSettings = {
  path: string;
  baudRate: number;
  dataBits: 8;
  parity: 'none';
  stopBits: 1;
  rtscts: false;
  xon: false;
  xoff: false;
  autoOpen: false;
  /** Keep another process (a second kiosk instance) off the line. */
  lock: true;
};

export function serialPortSettings(path: string, baudRate: number): SerialPortSettings {
  return {
    path,
    baudRate,
    dataBits: 8,
    parity: 'none',
    stopBits: 1,
    rtscts: false,
    xon: false,
    xoff: false,
    autoOpen: false,
    lock: true,
  };
}

/** Opens the port; rejects with a message naming the path when it cannot be opened. */
export async function openSerialLink(path: string, baudRate: number): Promise<ByteLink> {
  const port = new SerialPort(serialPortSettings(path, baudRate));
  await new Promise<void>((resolve, reject) => {
    port.open((error) => {
      if (error) reject(new Error(`serial ${path}: ${error.message}`));
      else resolve();
    });
  });
  return wrapPort(port, path);
}

function wrapPort(port: SerialPort, path: string): ByteLink {
  let onData: (chunk: Uint8Array) => void = () => {};
  let onClose: (reason: string) => void = () => {};
  let closedReason: string | null = null;
  const markClosed = (reason: string) => {
    if (closedReason !== null) return;
    closedReason = reason;
    onClose(reason);
  };
  port.on('data', (chunk: Buffer) => onData(new Uint8Array(chunk)));
  // After open, an error means the line is gone (USB unplugged, pty peer closed: EIO).
  port.on('error', (error: Error) => markClosed(`serial ${path}: ${error.message}`));
  port.on('close', () => markClosed(`serial ${path}: closed`));
  return {
    async write(bytes) {
      if (closedReason !== null) throw new Error(`serial ${path}: write after close`);
      await new Promise<void>((resolve, reject) => {
        port.write(Buffer.from(bytes), (error) => {
          if (error) reject(new Error(`serial ${path}: ${error.message}`));
        });
        port.drain((error) => {
          if (error) reject(new Error(`serial ${path}: ${error.message}`));
          else resolve();
        });
      });
    },
    setDataListener(listener) {
      onData = listener;
    },
    setCloseListener(listener) {
      onClose = listener;
      if (closedReason !== null) listener(closedReason);
    },
    async close() {
      if (!port.isOpen) return;
      closedReason ??= 'closed by us';
      await new Promise<void>((resolve) => port.close(() => resolve()));
    },
  };
}

// ---------------------------------------------------------------- device specs

export type DeviceSpec =
  | { kind: 'ccnet'; path: string; baudRate: number }
  | { kind: 'escpos'; path: string; baudRate: number }
  | { kind: 'escpos-file'; path: string }
  | { kind: 'emulator' };

export type DeviceSpecError = { kind: 'invalid-device-spec'; spec: string; message: string };

const CCNET_BAUD_RATES = [9600, 19200] as const;
const ESCPOS_BAUD_RATES = [9600, 19200, 38400, 57600, 115200] as const;
const BAUD_DEFAULTS = { ccnet: 9600, escpos: 19200 } as const;

/**
 * `ccnet:/dev/ttyUSB0[:9600]`, `escpos:/dev/ttyUSB1[:19200]`, `escpos-file:/dev/usb/lp0`,
 * `emulator`. A trailing `:digits` is the baud rate; paths may contain colons themselves
 * (`/dev/serial/by-path/pci-0000:00:14.0-usb-0:2:1.0-port0`), so only the last part counts.
 */
export function parseDeviceSpec(spec: string): Result<DeviceSpec, DeviceSpecError> {
  const text = spec.trim();
  const fail = (message: string) =>
    err<DeviceSpecError>({ kind: 'invalid-device-spec', spec, message });
  if (text === 'emulator') return ok({ kind: 'emulator' });
  const colonAt = text.indexOf(':');
  if (colonAt < 0) {
    return fail(
      'expected "ccnet:<path>[:baud]", "escpos:<path>[:baud]", "escpos-file:<path>" or "emulator"',
    );
  }
  const scheme = text.slice(0, colonAt);
  const rest = text.slice(colonAt + 1);
  if (scheme === 'escpos-file') {
    const pathCheck = checkPath(rest);
    return pathCheck === null ? ok({ kind: 'escpos-file', path: rest }) : fail(pathCheck);
  }
  if (scheme !== 'ccnet' && scheme !== 'escpos') {
    return fail(`unknown device kind "${scheme}" (ccnet, escpos, escpos-file, emulator)`);
  }
  const baudMatch = /^(.*):(\d+)$/.exec(rest);
  const path = baudMatch ? baudMatch[1]! : rest;
  const baudRate = baudMatch ? Number(baudMatch[2]) : BAUD_DEFAULTS[scheme];
  const pathCheck = checkPath(path);
  if (pathCheck !== null) return fail(pathCheck);
  const allowed: readonly number[] = scheme === 'ccnet' ? CCNET_BAUD_RATES : ESCPOS_BAUD_RATES;
  if (!allowed.includes(baudRate)) {
    return fail(`unsupported baud rate ${baudRate} for ${scheme} (allowed: ${allowed.join(', ')})`);
  }
  return ok({ kind: scheme, path, baudRate });
}

function checkPath(path: string): string | null {
  if (path.length === 0) return 'missing device path';
  if (path.startsWith('/') || /^COM\d+$/i.test(path) || path.startsWith('\\\\.\\')) return null;
  return `device path "${path}" must be absolute (/dev/…) or a COM port`;
}
