import { describe, expect, it } from 'vitest';
import { letterQuote } from '../../common/letter.ts';
import { walletRecipient } from '../../common/wallet.ts';
import { letterToPay } from './payment-handlers.ts';

const inmate = {
  inmateRef: 'idemo000000000001',
  maskedName: 'Иванов И. И.',
  birthYear: 1985,
  facilityId: '77-sizo-1',
  facilityName: 'СИЗО-1',
};
const accountId = 'p0123456789abcdef0123';
const deps = (capKopecks: number) => ({
  depositKopecksMax: capKopecks,
  nowMs: Date.parse('2026-11-26T00:00:00Z'),
});

describe('a letter to pay with cash (deposit:start)', () => {
  it('is priced by the shared rule and gets a fresh id', () => {
    const args = { recipient: inmate, text: 'я'.repeat(2_000), replyBlanks: 2 };
    const letter = letterToPay(args, accountId, deps(1_500_000));
    expect(letter.ok && letter.value?.terms).toMatchObject({
      recipient: inmate,
      replyBlanks: 2,
      ...letterQuote(args.text, 2),
    });
    expect(letter.ok && letter.value?.text).toBe(args.text);
  });

  it('is refused without a wallet to go through, to a wallet, or above the cap', () => {
    const args = { recipient: inmate, text: 'Привет', replyBlanks: 0 };
    expect(letterToPay(args, null, deps(1_500_000))).toMatchObject({
      ok: false,
      error: { kind: 'not-logged-in' },
    });
    const toWallet = { ...args, recipient: walletRecipient(accountId, '+7 *** ***-00-00') };
    expect(letterToPay(toWallet, accountId, deps(1_500_000))).toMatchObject({
      ok: false,
      error: { kind: 'bad-request' },
    });
    const price = letterQuote(args.text, 0).priceKopecks;
    expect(letterToPay(args, accountId, deps(price - 1))).toMatchObject({
      ok: false,
      error: { kind: 'letter-over-cap' },
    });
    expect(letterToPay(args, accountId, deps(price)).ok).toBe(true);
    expect(letterToPay(undefined, accountId, deps(price))).toEqual({ ok: true, value: null });
  });
});
