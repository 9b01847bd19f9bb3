import { httpStatusOfCode, kindOfCode, type ErrorCode, type ErrorKind } from './codes.ts';

/**
 * The one error shape that crosses every door: a stable code, a sentence for a person,
 * and what to do about it. Domains subclass nothing; they create AppErrors with codes from the
 * registry (codes.ts), which also says each code's kind.
 */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  hint: string;
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorBody };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly hint: string;
  readonly kind: ErrorKind;

  constructor(code: ErrorCode, message: string, hint: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.hint = hint;
    this.kind = kindOfCode(code);
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message, hint: this.hint };
  }
}

/** Anything thrown that is not an AppError is an internal fault: its text may hold secrets, so it is not shown. */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof AppError) return error.toBody();
  return {
    code: 'internal_error',
    message: 'Something went wrong inside Crewship Console.',
    hint: 'Run `crewship doctor` and check the app log; report the problem if it repeats.',
  };
}

export function httpStatusOf(error: unknown): number {
  return httpStatusOfCode(error instanceof AppError ? error.code : 'internal_error');
}
