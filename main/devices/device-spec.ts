import { err, ok, type Result } from '../../common/result.ts';

/** The device-spec strings of `KIOSK_BILL_ACCEPTOR` and `KIOSK_PRINTER`. */
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
