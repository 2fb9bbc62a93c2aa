import { describe, expect, it } from 'vitest';
import { parseDeviceSpec } from './device-spec.ts';

describe('parseDeviceSpec', () => {
  it.each([
    ['emulator', { kind: 'emulator' }],
    ['ccnet:/dev/ttyUSB0', { kind: 'ccnet', path: '/dev/ttyUSB0', baudRate: 9600 }],
    ['ccnet:/dev/ttyUSB0:19200', { kind: 'ccnet', path: '/dev/ttyUSB0', baudRate: 19200 }],
    ['escpos:/dev/ttyUSB1', { kind: 'escpos', path: '/dev/ttyUSB1', baudRate: 19200 }],
    ['escpos:/dev/ttyS0:115200', { kind: 'escpos', path: '/dev/ttyS0', baudRate: 115200 }],
    ['escpos-file:/dev/usb/lp0', { kind: 'escpos-file', path: '/dev/usb/lp0' }],
    ['shtrih:/dev/ttyUSB2', { kind: 'shtrih', path: '/dev/ttyUSB2', baudRate: 115200 }],
    ['shtrih:/dev/ttyS0:4800', { kind: 'shtrih', path: '/dev/ttyS0', baudRate: 4800 }],
    ['fiscal', { kind: 'fiscal' }],
    ['none', { kind: 'none' }],
    ['ccnet:COM3', { kind: 'ccnet', path: 'COM3', baudRate: 9600 }],
    [
      'ccnet:/dev/serial/by-path/pci-0000:00:14.0-usb-0:2:1.0-port0',
      {
        kind: 'ccnet',
        path: '/dev/serial/by-path/pci-0000:00:14.0-usb-0:2:1.0-port0',
        baudRate: 9600,
      },
    ],
  ])('parses %s', (spec, expected) => {
    expect(parseDeviceSpec(spec)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['', 'expected'],
    ['ccnet', 'expected'],
    ['ccnet:', 'missing device path'],
    ['ccnet:/dev/ttyUSB0:115200', 'unsupported baud rate 115200 for ccnet'],
    ['ccnet:ttyUSB0', 'must be absolute'],
    ['id003:/dev/ttyUSB0', 'unknown device kind "id003"'],
    ['escpos-file:', 'missing device path'],
    ['shtrih:/dev/ttyUSB2:300', 'unsupported baud rate 300 for shtrih'],
    ['shtrih:', 'missing device path'],
  ])('refuses %j with a clear message', (spec, message) => {
    const parsed = parseDeviceSpec(spec);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.kind).toBe('invalid-device-spec');
      expect(parsed.error.message).toContain(message);
    }
  });
});
