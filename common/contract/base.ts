import { z } from 'zod';

/** Every command answers `{ ok: true, value } | { ok: false, error }`; nothing throws across IPC. */
export const IpcErrorSchema = z.object({
  /** Machine-readable: 'bad-request', 'unknown-channel', 'internal', 'busy', or a domain kind. */
  kind: z.string().min(1).max(64),
  message: z.string().max(2_000),
});
export type IpcError = z.infer<typeof IpcErrorSchema>;

export type CommandSpec<A extends z.ZodType, R extends z.ZodType> = {
  readonly args: A;
  readonly result: R;
};

export function command<A extends z.ZodType, R extends z.ZodType>(
  args: A,
  result: R,
): CommandSpec<A, R> {
  return { args, result };
}

export const LanguageSchema = z.enum(['ru', 'en', 'uz', 'tg', 'ky']);
export type Language = z.infer<typeof LanguageSchema>;

export const KopecksSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const Empty = z.object({}).strict();
