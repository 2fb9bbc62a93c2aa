import { describe, expect, it } from 'vitest';
import { ok } from '../../common/result.ts';
import { maskPhone } from '../../common/wallet.ts';
import { outboxTransportOf } from './central-adapters.ts';
import type { CentralClient } from './central-client.ts';
import type { OutgoingRecipient, OutgoingTransfer } from './outgoing-transfer.ts';

const accountId = 'p0123456789abcdef0123';
const transfer = (transferId: string, recipient: OutgoingRecipient): OutgoingTransfer => ({
  transferId,
  recipient,
  acceptedKopecks: 100_000,
  creditedKopecks: 100_000,
  commissionKopecks: 0,
  kioskCreatedAtMs: 1,
  payerAccountId: accountId,
});

describe('wallet top-ups in the outbox', () => {
  it('masks the phone a wallet is shown by', () => {
    expect(maskPhone('+79161234567')).toBe('+7 *** ***-45-67');
  });

  it('sends top-ups to the wallet endpoint and transfers to the batch, answers in order', async () => {
    const calls: string[] = [];
    const client = {
      createTransfers: async (items: readonly { transferId: string }[]) => {
        calls.push(`batch:${items.map((item) => item.transferId).join(',')}`);
        return ok(
          items.map((item) => ({
            transferId: item.transferId,
            httpStatus: 201,
            code: null,
            message: null,
            replayed: false,
            transfer: null,
          })),
        );
      },
      creditWalletTopUp: async (body: {
        topUpId: string;
        accountId: string;
        amountKopecks: number;
      }) => {
        calls.push(`wallet:${body.topUpId}:${body.accountId}:${body.amountKopecks}`);
        return ok({ topUpId: body.topUpId, amountKopecks: body.amountKopecks });
      },
    } as unknown as CentralClient;
    const answer = await outboxTransportOf(client).sendBatch([
      transfer('t1', { kind: 'inmate', inmateRef: 'idemo000000000001' }),
      transfer('t2', { kind: 'wallet', accountId }),
      transfer('t3', { kind: 'inmate', inmateRef: 'idemo000000000002' }),
    ]);
    expect(calls).toEqual(['batch:t1,t3', `wallet:t2:${accountId}:100000`]);
    expect(answer.ok && answer.value.map((item) => item.transferId)).toEqual(['t1', 't2', 't3']);
  });
});
