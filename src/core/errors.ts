/**
 * Coded errors. Callers branch on `code`, never on message text.
 * A {@link UserError} carries a message that is safe to show in chat; any other error is
 * logged with context and the user sees only an apology with an error id.
 */

/** Stable error codes. */
export type ErrorCode =
  | 'INPUT_EMPTY'
  | 'INPUT_BINARY'
  | 'INPUT_TOO_LARGE'
  | 'INPUT_ENCODING'
  | 'INPUT_UNRECOGNISED'
  | 'INPUT_NO_ARTICLE'
  | 'NOT_FOUND'
  | 'BAD_OPTION'
  | 'FORBIDDEN'
  | 'URL_REFUSED'
  | 'FETCH_FAILED'
  | 'FETCH_TIMEOUT'
  | 'FETCH_TOO_LARGE'
  | 'FETCH_REDIRECTS'
  | 'FETCH_STATUS'
  | 'FEED_INVALID'
  | 'SCHEDULE_INVALID'
  | 'TIMEZONE_INVALID'
  | 'CONFIG_INVALID'
  | 'DELIVERY_FAILED'
  | 'INTERNAL';

/** Base class of every Newsdesk error. */
export class NewsdeskError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options?.details;
  }
}

/** An error caused by what the user gave; its message is safe to show them. */
export class UserError extends NewsdeskError {}

/** True when `err` is a Newsdesk error with the given code. */
export function hasCode(err: unknown, code: ErrorCode): boolean {
  return err instanceof NewsdeskError && err.code === code;
}
