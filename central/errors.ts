/** Every error leaves the server as {"error": {"code", "message"}} with a fitting status. */
export type ErrorBody = { error: { code: string; message: string } };

export type ApiError = { status: number; code: string; message: string };

export class ApiFailure extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Readonly<Record<string, string>>;

  constructor(failure: ApiError, headers: Record<string, string> = {}) {
    super(failure.message);
    this.name = 'ApiFailure';
    this.status = failure.status;
    this.code = failure.code;
    this.headers = headers;
  }
}

export function apiError(status: number, code: string, message: string): ApiError {
  return { status, code, message };
}

export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}
