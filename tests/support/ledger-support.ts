import type { LetterTerms } from '../../common/letter.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kopecks, rubles } from '../../common/money.ts';
import type { InmateRecipient, WalletRecipient } from '../../common/contract.ts';
import type { SessionRecord } from '../../main/ledger/journal-types.ts';
import { uuidv7 } from '../../main/ledger/uuidv7.ts';

/** A fresh directory per test; real files, because WAL and fsync need them. */
export function tempDir(prefix = 'kiosk-ledger-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export const sampleRecipient: InmateRecipient = {
  kind: 'inmate',
  inmateRef: 'inm-0001',
  maskedName: 'Иванов И. И.',
  birthYear: 1985,
  facilityId: 'ik-2',
  facilityName: 'ИК-2',
};

export function sampleSession(openedAtMs: number, overrides: Partial<SessionRecord> = {}) {
  const session: SessionRecord = {
    sessionId: uuidv7(openedAtMs),
    recipient: sampleRecipient,
    payerAccountId: null,
    senderName: null,
    terms: {
      depositKopecksMax: rubles(15_000),
      commissionBasisPoints: 300,
      commissionMinKopecks: kopecks(3_000),
    },
    openedAtMs,
    letter: null,
    ...overrides,
  };
  return session;
}

export const sampleAccountId = 'p0123456789abcdef0123';

/** sampleAccountId's wallet, as 'wallet:topUpRecipient' answers it. */
export const sampleWallet: WalletRecipient = {
  kind: 'wallet',
  accountId: sampleAccountId,
  maskedPhone: '+7 *** ***-45-67',
};

/** A wallet top-up session of sampleAccountId (no commission) that pays `letter` in cash. */
export function sampleLetterSession(openedAtMs: number, letter: LetterTerms): SessionRecord {
  return sampleSession(openedAtMs, {
    recipient: sampleWallet,
    payerAccountId: sampleAccountId,
    letter,
    terms: {
      depositKopecksMax: rubles(15_000),
      commissionBasisPoints: 0,
      commissionMinKopecks: kopecks(0),
    },
  });
}
