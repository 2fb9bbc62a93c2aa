/**
 * The error codes the emulated ККТ answers with (docs/protocols/shtrih-emulator.md, "Errors"):
 * ФН errors below 0x30 pass through from the fiscal storage, the rest are the ККТ's own.
 */
export const DeviceError = {
  ok: 0x00,
  /** ФН: wrong state for this command (no shift, no document). */
  fnState: 0x02,
  /** ФН failure: the storage does not answer sensibly. */
  fnFailure: 0x03,
  /** ФН: its validity period is over. */
  fnExpired: 0x05,
  /** ФН: no requested data (a document number it never issued). */
  fnNoData: 0x08,
  /** ФН: crypto resource exhausted, fiscal mode must be closed. */
  fnExhausted: 0x12,
  /** ФН: storage resource exhausted: the OFD queue is older than 30 days, or memory is full. */
  fnStorageExhausted: 0x14,
  /** ФН: the shift lasted more than 24 hours. */
  fnShiftExpired: 0x16,
  badParameters: 0x33,
  notSupported: 0x37,
  shiftNotOpen: 0x3d,
  paymentsBelowTotal: 0x45,
  receiptOpen: 0x4a,
  shiftOver24h: 0x4e,
  wrongPassword: 0x4f,
  printingPrevious: 0x50,
  waitingContinuePrint: 0x58,
  noReceiptPaper: 0x6b,
  notInSubmode: 0x72,
  notInMode: 0x73,
} as const;

export type DeviceErrorCode = (typeof DeviceError)[keyof typeof DeviceError];
