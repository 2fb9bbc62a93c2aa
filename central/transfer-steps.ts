/**
 * The facility side's two steps on a transfer, credit and return, with what follows them: the
 * SMS the payer chose about the outcome. One place for both callers — the admin token's routes
 * (`/v1/admin/transfers/{id}/credit|return`, routes.ts) and the operator console's
 * (`/v1/console/transfers/{id}/credit|return`, console/routes-transfers.ts) — so the rule of
 * which status may move where lives only in transfers.ts and the payer is told alike.
 */
import type { PayerNotifications } from './payer/notifications.ts';
import type { Step, TransferStore } from './transfers.ts';

export type StepLog = (fields: Record<string, unknown>, message: string) => void;

export type TransferSteps = {
  credit(transferId: string, nowMs: number, log: StepLog): Promise<Step>;
  returnToSender(transferId: string, reason: string, nowMs: number, log: StepLog): Promise<Step>;
};

export function createTransferSteps(
  transfers: Pick<TransferStore, 'credit' | 'returnToSender'>,
  notifications: Pick<PayerNotifications, 'transferOutcome'>,
): TransferSteps {
  /**
   * The payer's chosen SMS about the step just taken. A failing gateway never undoes or hides
   * the step: it is logged, and the facility side's answer stands.
   */
  const tellPayer = async (step: Step, nowMs: number, log: StepLog): Promise<Step> => {
    if (!step.ok) return step;
    try {
      await notifications.transferOutcome(step.value.transferId, nowMs);
    } catch (error) {
      log({ err: error, transferId: step.value.transferId }, 'payer SMS not sent');
    }
    return step;
  };
  return {
    async credit(transferId, nowMs, log) {
      return tellPayer(await transfers.credit(transferId.toLowerCase(), nowMs), nowMs, log);
    },
    async returnToSender(transferId, reason, nowMs, log) {
      const step = await transfers.returnToSender(transferId.toLowerCase(), reason, nowMs);
      return tellPayer(step, nowMs, log);
    },
  };
}
