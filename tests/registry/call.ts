import type { Core } from '../../main/app/core.ts';
import type { ErrorBody, MethodInput, MethodName, MethodOutput } from '../../main/rpc/contract.ts';

/**
 * One contract call through the router, as a door makes it: the value, or a rejection with the
 * error body (code, message, hint). (tests/helpers will have one typed callContract for all; until
 * it is merged, this stands in for it.)
 */
export async function callContract<M extends MethodName>(core: Core, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const { envelope } = await core.router.dispatch(method, input, { actor: 'ui' });
  if (envelope.ok) return envelope.value as MethodOutput<M>;
  throw Object.assign(new Error(envelope.error.message), envelope.error) as Error & ErrorBody;
}
