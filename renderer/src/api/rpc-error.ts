import type { ErrorBody } from '../../../main/rpc/contract.ts';

/** A failed call as the UI handles it: the envelope's code, sentence and hint, thrown so TanStack Query sees an error. */
export class RpcError extends Error implements ErrorBody {
  readonly code: string;
  readonly hint: string;

  constructor(body: ErrorBody) {
    super(body.message);
    this.name = 'RpcError';
    this.code = body.code;
    this.hint = body.hint;
  }
}

export function isRpcError(error: unknown, code?: string): error is RpcError {
  return error instanceof RpcError && (code === undefined || error.code === code);
}

/** Anything else that was thrown, shown the same way as an envelope error. */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof RpcError) return { code: error.code, message: error.message, hint: error.hint };
  return {
    code: 'ui_error',
    message: 'Something went wrong in the console window.',
    hint: 'Reload the window; if it repeats, run `crewship doctor` and report the problem.',
  };
}
