import { describe, expect, it } from 'vitest';
import { serialPortSettings } from './serial-link.ts';

describe('serialPortSettings', () => {
  it('is CCNET 8N1 without flow control (a pty cannot check this, so we do)', () => {
    expect(serialPortSettings('/dev/ttyUSB0', 9600)).toMatchObject({
      path: '/dev/ttyUSB0',
      baudRate: 9600,
      dataBits: 8,
      parity: 'none',
      stopBits: 1,
      rtscts: false,
      xon: false,
      xoff: false,
    });
    expect(serialPortSettings('/dev/ttyUSB0', 19200).baudRate).toBe(19200);
  });
});
