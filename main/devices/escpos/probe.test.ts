import { describe, expect, it } from 'vitest';
import { EscposEmulator } from '../../../emulators/escpos/emulator.ts';
import { createMemoryLinkPair } from '../../../protocol/memory-link.ts';
import { probeEscpos } from './probe.ts';

describe('probeEscpos', () => {
  it('finds a printer that answers DLE EOT, even one out of paper', async () => {
    const [host, device] = createMemoryLinkPair();
    const emulator = new EscposEmulator(device);
    emulator.setState({ paper: 'out' });
    expect(await probeEscpos(host, 1_000)).toBe(true);
  });

  it('says no when nothing answers or the answer is not a status byte', async () => {
    const [host, device] = createMemoryLinkPair();
    device.setDataListener(() => void device.write(Uint8Array.from([0x02, 0x03, 0x06])));
    expect(await probeEscpos(host, 50)).toBe(false);
  });
});
