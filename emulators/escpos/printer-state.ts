/** The emulated printer's sensors and the status bytes they give (docs/protocols/escpos.md §5). */
export type PrinterState = {
  paper: 'ok' | 'near-end' | 'out';
  coverOpen: boolean;
  offline: boolean;
  cutterError: boolean;
};

/** DLE EOT n reply: base 0x12 plus the bits of each fault; null for n outside 1..4. */
export function realtimeReply(state: PrinterState, n: number): number | null {
  const paperOut = state.paper === 'out';
  const faulted = paperOut || state.coverOpen || state.cutterError || state.offline;
  switch (n) {
    case 1:
      return 0x12 | (faulted ? 0x08 : 0);
    case 2:
      return (
        0x12 | (state.coverOpen ? 0x04 : 0) | (paperOut ? 0x20 : 0) | (state.cutterError ? 0x40 : 0)
      );
    case 3:
      return 0x12 | (state.cutterError ? 0x08 : 0);
    case 4:
      return 0x12 | (paperOut ? 0x6c : state.paper === 'near-end' ? 0x0c : 0);
    default:
      return null;
  }
}

/** GS r 1 reply: bits 0–1 near end, bits 2–3 paper end. */
export function paperStatusReply(state: PrinterState): number {
  if (state.paper === 'out') return 0x0f;
  if (state.paper === 'near-end') return 0x03;
  return 0x00;
}

/** Custom kiosk printers' DLE EOT 20 reply: `10 0F` then paper, user, recoverable, fatal bytes. */
export function customFullStatusReply(state: PrinterState): number[] {
  const paper = state.paper === 'out' ? 0x05 : state.paper === 'near-end' ? 0x04 : 0x00;
  const user = state.coverOpen ? 0x02 : 0x00;
  const recoverable = state.offline ? 0x08 : 0x00; // shown as a supply fault: printer stopped
  const unrecoverable = state.cutterError ? 0x01 : 0x00;
  return [0x10, 0x0f, paper, user, recoverable, unrecoverable];
}
