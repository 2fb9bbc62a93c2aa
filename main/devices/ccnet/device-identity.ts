import type { AcceptorError, AcceptorIdentity } from '../../../common/ports.ts';
import { err, ok, type Result } from '../../../common/result.ts';
import { parseBillTable, parseIdentification } from '../../../protocol/ccnet/bill-table.ts';
import { billTypeMask, billTypesFromMask, Command } from '../../../protocol/ccnet/codes.ts';
import { expectAck } from './driver-options.ts';
import type { Expect, Log } from './transport.ts';

/** One command through the driver's loop, in its turn. */
export type Enqueue = (
  command: number,
  data: Uint8Array,
  expect: Expect,
) => Promise<Result<Uint8Array | null, AcceptorError>>;

const expectIdentification: Expect = { kind: 'data', fits: (payload) => payload.length >= 27 };
/** 6 bytes, or 12 with the BillTable48 option. */
const expectStatus: Expect = {
  kind: 'data',
  fits: (payload) => payload.length === 6 || payload.length === 12,
};
const expectBillTable: Expect = {
  kind: 'data',
  fits: (payload) => payload.length > 0 && payload.length % 5 === 0,
};
const none = new Uint8Array(0);

/**
 * The last step of open(), once the device is idle and disabled: IDENTIFICATION and GET BILL
 * TABLE (required), then GET STATUS and SET SECURITY (optional).
 */
export async function readDeviceIdentity(
  enqueue: Enqueue,
  options: { log: Log; highSecurityBillTypes: readonly number[] },
): Promise<Result<AcceptorIdentity, AcceptorError>> {
  const identification = await enqueue(Command.identification, none, expectIdentification);
  if (!identification.ok) return identification;
  const table = await enqueue(Command.getBillTable, none, expectBillTable);
  if (!table.ok) return table;
  const identity = parseIdentification(identification.value!);
  const bills = parseBillTable(table.value!);
  if (!identity.ok) return err({ kind: 'io', message: identity.error.message });
  if (!bills.ok) return err({ kind: 'io', message: bills.error.message });
  for (const skipped of bills.value.skipped) {
    options.log('warn', 'ccnet: bill table', { skipped });
  }
  await optionalCommands(enqueue, options);
  return ok({ ...identity.value, billTable: bills.value.entries });
}

/**
 * GET STATUS and SET SECURITY: real units differ from the spec here (an FLS answers SET
 * SECURITY with ILLEGAL), so a failure is logged and open() goes on.
 */
async function optionalCommands(
  enqueue: Enqueue,
  options: { log: Log; highSecurityBillTypes: readonly number[] },
): Promise<void> {
  const { log } = options;
  const status = await enqueue(Command.getStatus, none, expectStatus);
  if (status.ok) {
    const bytes = status.value!;
    log('info', 'ccnet: status', {
      enabled: billTypesFromMask(bytes.subarray(0, 3)),
      highSecurity: billTypesFromMask(bytes.subarray(3, 6)),
    });
  } else {
    log('warn', 'ccnet: GET STATUS failed (optional)', { error: status.error });
  }
  const security = options.highSecurityBillTypes;
  if (security.length === 0) return;
  const result = await enqueue(Command.setSecurity, billTypeMask(security), expectAck);
  if (!result.ok) log('warn', 'ccnet: SET SECURITY failed (optional)', { error: result.error });
}
