import type { z } from 'zod';
import type { CommandSpec, IpcError } from '../../common/contract.ts';
import { err, type Result } from '../../common/result.ts';
import type { Logger } from '../log.ts';

type AnySpecs = Record<string, CommandSpec<z.ZodType, z.ZodType>>;

export type CallContext = {
  /** Which client called: 'electron', 'ws:<n>', 'panel:<n>'. For logs and audit. */
  readonly client: string;
};

/** A handler gets validated args and returns a Result; throwing is a bug, caught and logged. */
export type HandlersFor<S extends AnySpecs> = {
  [C in keyof S]: (
    args: z.output<S[C]['args']>,
    context: CallContext,
  ) =>
    | Promise<Result<z.input<S[C]['result']>, IpcError>>
    | Result<z.input<S[C]['result']>, IpcError>;
};

export type Dispatcher = (
  channel: unknown,
  args: unknown,
  context: CallContext,
) => Promise<Result<unknown, IpcError>>;

/**
 * Validates the channel and the arguments against the contract, calls the handler, and validates
 * what it returns. It never throws: every failure becomes `{ ok: false, error }` and a log line.
 */
export function createDispatcher<S extends AnySpecs>(
  specs: S,
  handlers: HandlersFor<S>,
  log: Logger,
): Dispatcher {
  return async (channel, args, context) => {
    if (typeof channel !== 'string' || !Object.hasOwn(specs, channel)) {
      log.warn(
        { channel: String(channel).slice(0, 80), client: context.client },
        'unknown channel',
      );
      return err({ kind: 'unknown-channel', message: 'Unknown command.' });
    }
    const spec = specs[channel as keyof S]!;
    const parsed = spec.args.safeParse(args ?? {});
    if (!parsed.success) {
      log.warn(
        { channel, client: context.client, issues: parsed.error.issues.slice(0, 5) },
        'bad args',
      );
      return err({ kind: 'bad-request', message: `Invalid arguments for ${channel}.` });
    }
    try {
      // The cast is sound: `parsed.data` was produced by this channel's own args schema.
      const handler = handlers[channel as keyof S] as (
        args: unknown,
        context: CallContext,
      ) => ReturnType<HandlersFor<S>[keyof S]>;
      const result = await handler(parsed.data, context);
      if (!result.ok) return result;
      const checked = spec.result.safeParse(result.value);
      if (!checked.success) {
        log.error(
          { channel, issues: checked.error.issues.slice(0, 5) },
          'handler returned bad value',
        );
        return err({ kind: 'internal', message: 'Internal error.' });
      }
      return { ok: true, value: checked.data };
    } catch (error) {
      log.error({ channel, client: context.client, err: error }, 'handler threw');
      return err({ kind: 'internal', message: 'Internal error.' });
    }
  };
}
