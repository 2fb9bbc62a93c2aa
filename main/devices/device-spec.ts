import { err, ok, type Result } from '../../common/result.ts';

/**
 * The device-spec strings of `KIOSK_BILL_ACCEPTOR`, `KIOSK_PRINTER` and `KIOSK_FISCAL`. Which
 * kinds each variable accepts is main/config.ts's business: `fiscal` (the printer is the fiscal
 * registrar) only makes sense for the printer, `none` only for the fiscal registrar.
 */
export type DeviceSpec =
  | { kind: 'ccnet'; path: string; baudRate: number }
  | { kind: 'escpos'; path: string; baudRate: number }
  | { kind: 'escpos-file'; path: string }
  | { kind: 'shtrih'; path: string; baudRate: number }
  | { kind: 'emulator' }
  | { kind: 'fiscal' }
  | { kind: 'none' };

export type DeviceSpecError = { kind: 'invalid-device-spec'; spec: string; message: string };

type SerialKind = 'ccnet' | 'escpos' | 'shtrih';
const BAUD_RATES: Record<SerialKind, readonly number[]> = {
  ccnet: [9600, 19200],
  escpos: [9600, 19200, 38400, 57600, 115200],
  // The rates a Shtrih-M ККТ can be set to (table 21); kiosk models ship at 115200.
  shtrih: [2400, 4800, 9600, 19200, 38400, 57600, 115200],
};
const BAUD_DEFAULTS: Record<SerialKind, number> = { ccnet: 9600, escpos: 19200, shtrih: 115200 };
const WORDS = ['emulator', 'fiscal', 'none'] as const;

/**
 * `ccnet:/dev/ttyUSB0[:9600]`, `escpos:/dev/ttyUSB1[:19200]`, `escpos-file:/dev/usb/lp0`,
 * `shtrih:/dev/ttyUSB2[:115200]`, `emulator`, `fiscal`, `none`. A trailing `:digits` is the
 * baud rate; paths may contain colons themselves
 * (`/dev/serial/by-path/pci-0000:00:14.0-usb-0:2:1.0-port0`), so only the last part counts.
 */
export function parseDeviceSpec(spec: string): Result<DeviceSpec, DeviceSpecError> {
  const text = spec.trim();
  const fail = (message: string) =>
    err<DeviceSpecError>({ kind: 'invalid-device-spec', spec, message });
  const word = WORDS.find((each) => each === text);
  if (word !== undefined) return ok({ kind: word });
  const colonAt = text.indexOf(':');
  if (colonAt < 0) {
    return fail(
      'expected "ccnet:<path>[:baud]", "escpos:<path>[:baud]", "escpos-file:<path>", ' +
        '"shtrih:<path>[:baud]", "emulator", "fiscal" or "none"',
    );
  }
  const scheme = text.slice(0, colonAt);
  const rest = text.slice(colonAt + 1);
  if (scheme === 'escpos-file') {
    const pathCheck = checkPath(rest);
    return pathCheck === null ? ok({ kind: 'escpos-file', path: rest }) : fail(pathCheck);
  }
  if (scheme !== 'ccnet' && scheme !== 'escpos' && scheme !== 'shtrih') {
    return fail(`unknown device kind "${scheme}" (ccnet, escpos, escpos-file, shtrih, emulator)`);
  }
  const baudMatch = /^(.*):(\d+)$/.exec(rest);
  const path = baudMatch ? baudMatch[1]! : rest;
  const baudRate = baudMatch ? Number(baudMatch[2]) : BAUD_DEFAULTS[scheme];
  const pathCheck = checkPath(path);
  if (pathCheck !== null) return fail(pathCheck);
  const allowed = BAUD_RATES[scheme];
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
