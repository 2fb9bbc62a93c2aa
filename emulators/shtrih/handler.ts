/**
 * The shape of one command handler: decode the request with the shared codec, check that the
 * password belongs to an operator allowed to run it, run it, encode the reply or the error.
 */
import type { Result } from '../../common/result.ts';
import { type CommandCodec, encodeErrorReply } from '../../protocol/shtrih/command-codec.ts';
import { DeviceError, type DeviceErrorCode } from './errors.ts';
import type { FiscalDevice } from './fiscal-device.ts';

/** Who may run a command: any operator 1..30, or only some of them. */
export type Role = 'operator' | 'report' | 'admin' | 'sysadmin';

const ALLOWED: Record<Role, (operator: number) => boolean> = {
  operator: (operator) => operator >= 1 && operator <= 30,
  report: (operator) => operator >= 28 && operator <= 30,
  admin: (operator) => operator === 29 || operator === 30,
  sysadmin: (operator) => operator === 30,
};

export type CommandContext = {
  device: FiscalDevice;
  /** Password of operator n at index n − 1. */
  passwords: readonly number[];
  /** «РАСШИР. ОТВ. НА КОМАНДЫ ФОРМ. ФД»: FF45/FF4A answers end with the document's DATE_TIME. */
  extendedReplies: boolean;
};

export type Handler = (context: CommandContext, payload: Uint8Array) => Uint8Array;

/**
 * One command: decode, check the password's role, run. `body` gets the decoded request and the
 * operator number, and returns the reply fields or a device error code.
 */
export function handler<Request extends { password: number }, Reply>(
  codec: CommandCodec<Request, Reply>,
  role: Role,
  body: (
    context: CommandContext,
    request: Request,
    operator: number,
  ) => Result<Reply, DeviceErrorCode>,
): Handler {
  return (context, payload) => {
    const request = codec.decodeRequest(payload);
    if (!request.ok) return encodeErrorReply(codec.code, DeviceError.badParameters);
    const index = context.passwords.indexOf(request.value.password);
    const operator = index + 1;
    if (index < 0 || !ALLOWED[role](operator)) {
      return encodeErrorReply(codec.code, DeviceError.wrongPassword);
    }
    const reply = body(context, request.value, operator);
    return reply.ok ? codec.encodeReply(reply.value) : encodeErrorReply(codec.code, reply.error);
  };
}
