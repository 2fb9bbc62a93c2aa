/**
 * Letters for facility staff: the letters to the facilities in their scope, marking one
 * delivered, attaching the scanned reply. Every change is in the audit log; the payer hears of
 * a reply by one SMS, through central's gateway and within the SMS budget.
 */
import type { FastifyRequest } from 'fastify';
import type { LetterStatus } from '../../common/central-wire-wallet.ts';
import { ConsoleLetterReplyUploadSchema } from '../../common/console-wire-letters.ts';
import { ApiFailure, apiError } from '../errors.ts';
import type { LetterStore } from '../payer/letters.ts';
import { checkReplyFile } from '../payer/reply-file.ts';
import type { SmsBudget } from '../payer/sms-budget.ts';
import type { SmsGateway } from '../payer/sms.ts';
import type { PayerNotifications } from '../payer/notifications.ts';
import { type Accounts, auditBy } from './accounts.ts';
import type { Gate } from './gate.ts';

export type LetterRouteDeps = {
  gate: Gate;
  accounts: Accounts;
  letters: LetterStore;
  sms: SmsGateway;
  budget: SmsBudget;
  /** The payer's choice: a reply is told unless they turned letter-reply SMS off. */
  notifications: Pick<PayerNotifications, 'wants'>;
  nowMs: () => number;
  warn: (fields: Record<string, unknown>, message: string) => void;
};

/** The JSON around 5 MB of base64 (4/3 of it) and a name. */
const UPLOAD_BODY_BYTES_MAX = 8_200_000;

export function replySmsText(recipientMasked: string): string {
  return `Пришёл ответ на ваше письмо (${recipientMasked}). Он в разделе «Письма» приложения и в личном кабинете на терминале.`;
}

export function registerLetterRoutes(deps: LetterRouteDeps): void {
  const { gate, letters } = deps;
  const audit = auditBy(deps.accounts, deps.nowMs);
  const letterIdOf = (request: FastifyRequest) =>
    (request.params as { letterId: string }).letterId.toLowerCase();

  /** The payer's one SMS; a refusal by the budget or the gateway is logged, never the reply's failure. */
  const tellPayer = async (letterId: string): Promise<void> => {
    const payer = await letters.payerOf(letterId);
    if (payer === undefined) return;
    if (!(await deps.notifications.wants(payer.account_id, 'letter-reply'))) return;
    const nowMs = deps.nowMs();
    if (!(await letters.claimSms(letterId, nowMs))) return;
    // The reply's row says an SMS went only if one did.
    const granted = await deps.budget.take(payer.phone, 'letter-reply', nowMs);
    if (!granted.ok) {
      await letters.releaseSms(letterId, nowMs);
      deps.warn({ reason: granted.error.code }, 'letter reply: SMS not sent');
      return;
    }
    try {
      await deps.sms.send({
        phone: payer.phone,
        text: replySmsText(payer.recipient_masked),
        sentAtMs: nowMs,
      });
    } catch (error) {
      await letters.releaseSms(letterId, nowMs);
      throw error;
    }
    deps.budget.sent('letter-reply');
  };

  gate.route('GET', '/v1/console/letters', 'letters.read', async (request, _reply, actor) => {
    const { status } = request.query as { status?: LetterStatus };
    return { letters: await letters.list(actor.user.scope, status) };
  });

  gate.route(
    'GET',
    '/v1/console/letters/{letterId}/reply',
    'letters.read',
    async (request, _reply, actor) => {
      const letterId = letterIdOf(request);
      const file = await letters.replyInScope(actor.user.scope, letterId);
      if (!file.ok) throw new ApiFailure(file.error);
      await audit(actor, 'letter-reply-viewed', letterId, { sizeBytes: file.value.sizeBytes });
      return file.value;
    },
  );

  gate.route(
    'POST',
    '/v1/console/letters/{letterId}/delivered',
    'letters.handle',
    async (request, _reply, actor) => {
      const letterId = letterIdOf(request);
      const answer = await letters.delivered(actor.user.scope, letterId, deps.nowMs());
      if (!answer.ok) throw new ApiFailure(answer.error);
      if (answer.value.changed) {
        await audit(actor, 'letter-delivered', letterId, {
          facilityId: answer.value.letter.facilityId,
        });
      }
      return answer.value.letter;
    },
  );

  gate.route(
    'POST',
    '/v1/console/letters/{letterId}/reply',
    'letters.handle',
    async (request, _reply, actor) => {
      const letterId = letterIdOf(request);
      const body = ConsoleLetterReplyUploadSchema.safeParse(request.body);
      if (!body.success) {
        throw new ApiFailure(apiError(400, 'bad-request', body.error.issues[0]?.message ?? ''));
      }
      const file = checkReplyFile(body.data);
      if (!file.ok) {
        // A refused upload is recorded too: someone tried to put this on a payer's letter.
        await audit(actor, 'letter-reply-refused', letterId, { reason: file.error.code });
        throw new ApiFailure(file.error);
      }
      const { contentType, sha256, bytes } = file.value;
      const answer = await letters.attachReply(
        actor.user.scope,
        letterId,
        file.value,
        actor.user.login,
        deps.nowMs(),
      );
      if (!answer.ok) throw new ApiFailure(answer.error);
      await audit(actor, 'letter-reply-attached', letterId, {
        facilityId: answer.value.facilityId,
        contentType,
        sizeBytes: bytes.length,
        sha256,
      });
      await tellPayer(letterId).catch((error: unknown) =>
        deps.warn(
          { error: error instanceof Error ? error.name : 'unknown' },
          'letter reply: SMS failed',
        ),
      );
      return answer.value;
    },
    { bodyLimit: UPLOAD_BODY_BYTES_MAX },
  );
}
