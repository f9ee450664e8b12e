export const errorCodes = {
  invalid_input: { status: 400, message: "The request is not valid." },
  unauthorized: { status: 401, message: "You need to sign in." },
  forbidden: { status: 403, message: "You are not allowed to do that." },
  account_suspended: { status: 403, message: "This account is suspended. Contact the operator of this service." },
  not_found: { status: 404, message: "Not found." },
  method_not_allowed: { status: 405, message: "Method not allowed." },
  conflict: { status: 409, message: "That conflicts with existing data." },
  payload_too_large: { status: 413, message: "The request body is too large." },
  unsupported_media_type: { status: 415, message: "Send the body as application/json." },
  unprocessable: { status: 422, message: "The content cannot be used." },
  rate_limited: { status: 429, message: "Too many requests. Try again shortly." },
  quota_exceeded: { status: 429, message: "You have used your quota for this period." },
  internal: { status: 500, message: "Something went wrong on our side." },
  unavailable: { status: 503, message: "A service we depend on is unavailable. Try again shortly." },
} as const;

export type ErrorCode = keyof typeof errorCodes;

interface AppErrorOptions {
  /** Shown to the client; defaults to the generic message of the code. */
  publicMessage?: string;
  /** Seconds, for 429 and 503 answers. */
  retryAfterSeconds?: number;
  cause?: unknown;
}

/** The one error type domain code throws. `message` is internal (logs); `publicMessage` is for clients. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly publicMessage: string;
  readonly retryAfterSeconds?: number;

  constructor(code: ErrorCode, message?: string, options: AppErrorOptions = {}) {
    super(message ?? errorCodes[code].message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.publicMessage = options.publicMessage ?? errorCodes[code].message;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get status(): number {
    return errorCodes[this.code].status;
  }
}

/** For messages a user should read as they are (validation, conflicts). */
export function userError(code: ErrorCode, publicMessage: string): AppError {
  return new AppError(code, publicMessage, { publicMessage });
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;
