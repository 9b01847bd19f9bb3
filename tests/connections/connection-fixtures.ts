import type { Core } from '../../main/app/core.ts';
import type { MethodInput, MethodName, MethodOutput } from '../../main/rpc/contract.ts';
import type { Actor } from '../../main/audit/audit-log.ts';

/** A contract call that must succeed: its value, or the test fails with the error's code and message. */
export async function ok<M extends MethodName>(core: Core, method: M, input: MethodInput<M>, actor: Actor = 'ui'): Promise<MethodOutput<M>> {
  const envelope = await core.router.call(method, input, { actor });
  if (!envelope.ok) throw new Error(`${method} failed: ${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as MethodOutput<M>;
}

/** A contract call that must be refused: its error body. */
export async function refused<M extends MethodName>(core: Core, method: M, input: MethodInput<M>) {
  const envelope = await core.router.call(method, input, { actor: 'ui' });
  if (envelope.ok) throw new Error(`${method} succeeded but should have been refused`);
  return envelope.error;
}

/** Two crews, Night Ops and Day Desk, connected. */
export async function connectedCrews(core: Core) {
  const night = await ok(core, 'crews.create', { name: 'Night Ops' });
  const day = await ok(core, 'crews.create', { name: 'Day Desk' });
  const connection = await ok(core, 'connections.create', { from: night.slug, to: day.slug, purpose: 'handover' });
  return { night, day, connection };
}
