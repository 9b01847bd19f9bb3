import type { z } from 'zod';
import { AppError, httpStatusOf, toErrorBody, type Envelope } from '../errors/app-error.ts';
import type { Actor } from '../audit/audit-log.ts';
import { contract, isMethodName, type MethodName, type MethodOutput, type ParsedInput } from './contract.ts';

interface CallContext {
  actor: Actor;
  /**
   * The workspace (id or slug) the call is made in: the CLI's `--workspace`, the host's
   * `X-Crewship-Workspace` header, the window's choice. Absent: the core's own workspace.
   */
  workspace?: string | undefined;
}

export type HandlersOf<Names extends MethodName> = {
  [M in Names]: (input: ParsedInput<M>, ctx: CallContext) => MethodOutput<M> | Promise<MethodOutput<M>>;
};

export type Handlers = HandlersOf<MethodName>;

interface Dispatched {
  envelope: Envelope<unknown>;
  /** The HTTP status the local host answers with; the other doors ignore it. */
  status: number;
}

export interface Router {
  call(method: string, input: unknown, ctx: CallContext): Promise<Envelope<unknown>>;
  dispatch(method: string, input: unknown, ctx: CallContext): Promise<Dispatched>;
}

/**
 * `handlers`: one set for every call, or the set of the workspace a call names (which throws
 * `workspace_not_found` for an unknown one: that call's answer).
 */
export function createRouter(handlers: Handlers | ((workspace: string | undefined) => Handlers), onInternalError: (method: string, error: unknown) => void): Router {
  async function dispatch(method: string, input: unknown, ctx: CallContext): Promise<Dispatched> {
    try {
      if (!isMethodName(method)) throw unknownMethod(method);
      const parsed = parseInput(method, input);
      const scoped = typeof handlers === 'function' ? handlers(ctx.workspace) : handlers;
      const handler = scoped[method] as (input: unknown, ctx: CallContext) => unknown;
      return { envelope: { ok: true, value: await handler(parsed, ctx) }, status: 200 };
    } catch (error) {
      if (!(error instanceof AppError)) onInternalError(method, error);
      return { envelope: { ok: false, error: toErrorBody(error) }, status: httpStatusOf(error) };
    }
  }
  return {
    dispatch,
    call: async (method, input, ctx) => (await dispatch(method, input, ctx)).envelope,
  };
}

function parseInput(method: MethodName, input: unknown): unknown {
  const result = (contract[method].input as z.ZodType).safeParse(input ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join('.') : 'input';
    return `${field}: ${issue.message}`;
  });
  // Said to a person (the UI shows it as it is): what to change, not the operation's internal name.
  throw new AppError(
    'invalid_input',
    `Not accepted — ${problems.join('; ')}.`,
    `Correct the field${problems.length === 1 ? '' : 's'} named above; ${contract[method].summary}`,
  );
}

function unknownMethod(method: string): AppError {
  return new AppError(
    'unknown_method',
    `There is no operation named "${method.slice(0, 80)}".`,
    'Check the spelling; `crewship --help` lists what the console can do.',
  );
}
