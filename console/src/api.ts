/**
 * The console's one client of central: same-origin requests with the session cookie, JSON
 * bodies, and every answer validated with its schema (common/console-wire.ts) before a page
 * sees it. Failures are values with a `code`, never exceptions.
 */
import type { z } from 'zod';
import { err, ok, type Result } from '../../common/result.ts';

export type ApiProblem = { status: number; code: string; message: string };

type Listener = () => void;
const sessionLost = new Set<Listener>();

/** Called when central says the session is gone (expired, logged out elsewhere). */
export function onSessionLost(listener: Listener): () => void {
  sessionLost.add(listener);
  return () => sessionLost.delete(listener);
}

async function problemOf(answer: Response): Promise<ApiProblem> {
  try {
    const body = (await answer.json()) as { error?: { code?: string; message?: string } };
    return {
      status: answer.status,
      code: body.error?.code ?? 'error.generic',
      message: body.error?.message ?? '',
    };
  } catch {
    return { status: answer.status, code: 'error.generic', message: answer.statusText };
  }
}

export async function api<T>(
  path: string,
  schema: z.ZodType<T>,
  init: { method?: 'GET' | 'POST'; body?: unknown } = {},
): Promise<Result<T, ApiProblem>> {
  const request: RequestInit = { method: init.method ?? 'GET', credentials: 'same-origin' };
  if (init.body !== undefined) {
    request.headers = { 'content-type': 'application/json' };
    request.body = JSON.stringify(init.body);
  }
  let answer: Response;
  try {
    answer = await fetch(path, request);
  } catch {
    return err({ status: 0, code: 'error.network', message: '' });
  }
  if (!answer.ok) {
    const problem = await problemOf(answer);
    if (problem.code === 'console-session-invalid') for (const listener of sessionLost) listener();
    return err(problem);
  }
  const parsed = schema.safeParse(await answer.json());
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') ?? '';
    return err({ status: 200, code: 'error.generic', message: `unexpected answer: ${where}` });
  }
  return ok(parsed.data);
}

/** A query string from the defined values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const entries = Object.entries(params).filter(
    (entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== null,
  );
  if (entries.length === 0) return '';
  return `?${new URLSearchParams(entries.map(([key, value]) => [key, String(value)]))}`;
}
