/**
 * The one error shape that crosses every door: a stable code, a sentence for a person,
 * and what to do about it. Domains subclass nothing; they create AppErrors with their own codes.
 */
export type ErrorKind = 'bad_input' | 'not_found' | 'conflict' | 'unauthorized' | 'forbidden' | 'failure';

export interface ErrorBody {
  code: string;
  message: string;
  hint: string;
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorBody };

export class AppError extends Error {
  readonly code: string;
  readonly hint: string;
  readonly kind: ErrorKind;

  constructor(code: string, message: string, hint: string, kind: ErrorKind = 'failure', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.hint = hint;
    this.kind = kind;
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

export function errorKindOf(error: unknown): ErrorKind {
  return error instanceof AppError ? error.kind : 'failure';
}

const httpStatusByKind: Record<ErrorKind, number> = {
  bad_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  failure: 500,
};

export function httpStatusOf(error: unknown): number {
  return httpStatusByKind[errorKindOf(error)];
}
