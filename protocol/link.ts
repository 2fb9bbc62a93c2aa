/**
 * A byte link to a device: a serial port, a raw device file, a pty or an in-memory pair.
 * Drivers speak bytes over it and nothing else, so the same driver runs against hardware,
 * an emulator on a pty, and an emulator in memory.
 */
export interface ByteLink {
  write(bytes: Uint8Array): Promise<void>;
  /** One listener; chunks arrive split and merged arbitrarily, as on a real UART. */
  setDataListener(listener: (chunk: Uint8Array) => void): void;
  /** Called once when the other side goes away (cable pulled, pty closed). */
  setCloseListener(listener: (reason: string) => void): void;
  close(): Promise<void>;
}
