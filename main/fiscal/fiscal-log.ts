/** pino's call shape (a pino logger is passed as is; tests pass a recorder). */
export type FiscalLog = {
  info(detail: object, message: string): void;
  warn(detail: object, message: string): void;
  error(detail: object, message: string): void;
};

/** What the operator must act on (also logged as an error and shown in the status). */
export type FiscalAlert = {
  kind: 'receipt-held' | 'fn-changed' | 'total-mismatch' | 'terms-unreadable' | 'shift-failed';
  transferId: string | null;
  message: string;
  atMs: number;
};

export function describeFiscalError(error: { kind: string; code?: number; message?: string }) {
  const code = error.code === undefined ? '' : ` ${error.code}`;
  return `${error.kind}${code}${error.message === undefined ? '' : `: ${error.message}`}`;
}
