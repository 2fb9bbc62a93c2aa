import type { Channel, CommandArgs, CommandValue } from '../../../common/contract.ts';
import { type CommandErrorKind, errorKindOf } from '../../../common/contract/errors.ts';
import type { Bridge } from './kiosk-bridge.ts';

/** A refused command, its kind narrowed to what this command may answer (errors.ts). */
export type Refused<C extends Channel> = {
  readonly ok: false;
  readonly kind: CommandErrorKind<C>;
  /** Main's words for the log and the operator; never shown to a payer. */
  readonly message: string;
};
export type Outcome<C extends Channel> =
  | { readonly ok: true; readonly value: CommandValue<C> }
  | Refused<C>;

/**
 * The one way the action modules (payment/, account/, service/ actions.ts) call main: the
 * reply with its error kind typed per command, so screens handle refusals by exhaustive switch.
 */
export async function call<C extends Channel>(
  bridge: Bridge,
  channel: C,
  args: CommandArgs<C>,
): Promise<Outcome<C>> {
  const result = await bridge.invoke(channel, args);
  if (result.ok) return { ok: true, value: result.value };
  return { ok: false, kind: errorKindOf(channel, result.error), message: result.error.message };
}
