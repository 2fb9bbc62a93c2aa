import { describe, expect, it } from 'vitest';
import { CcnetEmulator } from '../../emulators/ccnet/emulator.ts';
import { EscposEmulator } from '../../emulators/escpos/emulator.ts';
import { openPtyPair } from '../../tests/support/pty.ts';
import { openSerialLink } from '../../protocol/serial-link.ts';
import { probePorts } from './port-discovery.ts';

describe('port discovery over real ptys', () => {
  it('tells the CCNET acceptor from the ESC/POS printer and from a silent port', async () => {
    const acceptorPair = await openPtyPair();
    const printerPair = await openPtyPair();
    const silentPair = await openPtyPair();
    const acceptorDevice = await openSerialLink(acceptorPair.b, 9600);
    const printerDevice = await openSerialLink(printerPair.b, 19200);
    const acceptor = new CcnetEmulator();
    acceptor.attach(acceptorDevice);
    new EscposEmulator(printerDevice);
    try {
      const found = await probePorts([acceptorPair.a, printerPair.a, silentPair.a]);
      expect(found.map((port) => port.answers)).toEqual(['ccnet', 'escpos', 'none']);
      expect(found[0]?.path).toBe(acceptorPair.a);
    } finally {
      acceptor.detach();
      await acceptorDevice.close();
      await printerDevice.close();
      await acceptorPair.close();
      await printerPair.close();
      await silentPair.close();
    }
  });
});
