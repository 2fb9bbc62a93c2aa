/**
 * ByteLink over a serial port (npm `serialport` 13): the kiosk's drivers and the emulators on a
 * pty open their ends the same way.
 */
import { SerialPort } from 'serialport';
import type { ByteLink } from './link.ts';

/** The port settings CCNET requires (§1.1: 8 data bits, no parity, 1 stop, no flow control). */
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
