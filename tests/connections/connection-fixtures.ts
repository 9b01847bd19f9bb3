import type { Core } from '../../main/app/core.ts';
import { callOk as ok, callRefused as refused } from '../helpers/core.ts';

/** The shared contract-call helpers, by the names these tests read best with. */
export { ok, refused };

/** Two crews, Night Ops and Day Desk, connected. */
export async function connectedCrews(core: Core) {
  const night = await ok(core, 'crews.create', { name: 'Night Ops' });
  const day = await ok(core, 'crews.create', { name: 'Day Desk' });
  const connection = await ok(core, 'connections.create', { from: night.slug, to: day.slug, purpose: 'handover' });
  return { night, day, connection };
}
