import { describe, expect, it } from 'vitest';
import { letterQuote } from '../../common/letter.ts';
import { paymentCommands } from '../../common/contract.ts';
import { letterToPay } from './payment-handlers.ts';

const inmate = {
  kind: 'inmate' as const,
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
    // To a wallet: the contract takes only an inmate as a letter's recipient, so the
    // dispatcher answers 'bad-request' before any handler runs.
    const wallet = { kind: 'wallet', accountId, maskedPhone: '+7 *** ***-00-00' };
    const startArgs = paymentCommands['deposit:start'].args;
    expect(startArgs.safeParse({ recipient: wallet, letter: args }).success).toBe(true);
    const toWallet = { recipient: wallet, letter: { ...args, recipient: wallet } };
    expect(startArgs.safeParse(toWallet).success).toBe(false);
    const price = letterQuote(args.text, 0).priceKopecks;
    expect(letterToPay(args, accountId, deps(price - 1))).toMatchObject({
      ok: false,
      error: { kind: 'letter-over-cap' },
    });
    expect(letterToPay(args, accountId, deps(price)).ok).toBe(true);
    expect(letterToPay(undefined, accountId, deps(price))).toEqual({ ok: true, value: null });
  });
});
