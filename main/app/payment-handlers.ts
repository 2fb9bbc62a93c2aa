import type { IpcError } from '../../common/contract.ts';
import type { paymentCommands } from '../../common/contract.ts';
import { err } from '../../common/result.ts';
import type { HandlersFor } from '../hosts/dispatch.ts';

/** Handlers of the payer's journey. Each service plugs its part in; absent parts say so. */
export type PaymentHandlers = HandlersFor<typeof paymentCommands>;

const unavailable = (what: string) => () =>
  err<IpcError>({ kind: 'unavailable', message: `${what} is not available on this kiosk yet.` });

export function unavailablePaymentHandlers(): PaymentHandlers {
  return {
    'catalog:regions': unavailable('The facility list'),
    'catalog:facilities': unavailable('The facility list'),
    'payee:search': unavailable('Search'),
    'payment:terms': unavailable('Payment'),
    'deposit:start': unavailable('Payment'),
    'deposit:get': unavailable('Payment'),
    'deposit:pay': unavailable('Payment'),
    'deposit:cancel': unavailable('Payment'),
    'session:touch': unavailable('Payment'),
    'receipt:sms': unavailable('SMS receipt'),
    'receipt:last': unavailable('Receipt'),
  };
}
