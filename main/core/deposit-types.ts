import { z } from 'zod';
import type { AcceptorCondition } from '../../common/ports.ts';
import type { Kopecks } from '../../common/money.ts';

/** Who receives the transfer, as confirmed on screen before any cash (DESIGN §4 step 1). */
export const RecipientSchema = z
  .object({
    /** Central system's reference of the inmate (roster id), never shown on screen. */
    inmateRef: z.string().min(1).max(128),
    /** «Иванов И. И.»: what the payer saw and what the receipt prints. */
    maskedName: z.string().min(1).max(128),
    birthYear: z.number().int().min(1900).max(2100),
    facilityId: z.string().min(1).max(64),
    facilityName: z.string().min(1).max(200),
  })
  .strict();
export type Recipient = z.infer<typeof RecipientSchema>;

/** The money terms of one session, fixed when it opens and stored with it. */
export type DepositTerms = {
  depositKopecksMax: Kopecks;
  commissionBasisPoints: number;
  commissionMinKopecks: Kopecks;
};

export type DepositConfig = DepositTerms & {
  /** Denominations the operator allows; others are never enabled on the device. */
  enabledNoteKopecks: readonly Kopecks[];
};

export type AcceptedNote = { noteKopecks: Kopecks; atMs: number };

export type DepositPhase = 'accepting' | 'finishing' | 'completed' | 'cancelled';

/** What the payer's screen shows; derived from the machine state, never stored. */
export type DepositView = {
  sessionId: string;
  state: DepositPhase;
  recipient: Recipient;
  /** Cap and commission, shown before any cash (DESIGN §4 step 1). */
  terms: DepositTerms;
  acceptedKopecks: Kopecks;
  commissionKopecks: Kopecks;
  creditedKopecks: Kopecks;
  remainingKopecks: Kopecks;
  notes: readonly AcceptedNote[];
  lastRejection?: { reason: string };
  acceptorCondition: AcceptorCondition;
  /** Set once the transfer is committed. */
  transferId?: string;
};
