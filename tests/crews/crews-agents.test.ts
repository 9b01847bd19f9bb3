import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import type { AppEvent } from '../../main/rpc/events.ts';
import { callContract, callOk, openTestCore } from '../helpers/core.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-crews-');
const cores: Core[] = [];
afterEach(() => cores.splice(0).forEach((core) => core.close()));

function core(): Core {
  const opened = openTestCore(tempDir());
  cores.push(opened);
  return opened;
}

describe('crews and agents through the contract', () => {
  it('creates, lists, renames and deletes, recording each change and publishing events', async () => {
    const c = core();
    const events: AppEvent[] = [];
    c.bus.subscribe((event) => events.push(event));

    const crew = await callContract(c, 'crews.create', { name: 'Night Ops' });
    expect(crew).toMatchObject({ ok: true, value: { slug: 'night-ops', name: 'Night Ops', agentCount: 0 } });
    const agent = await callContract(c, 'agents.create', { crew: 'night-ops', name: 'Scout Ünïcode' });
    expect(agent).toMatchObject({ ok: true, value: { slug: 'scout-unicode', crewSlug: 'night-ops' } });

    expect(await callContract(c, 'crews.list', {})).toMatchObject({ ok: true, value: [{ slug: 'night-ops', agentCount: 1 }] });
    expect(await callContract(c, 'agents.rename', { agent: 'scout-unicode', name: 'Scout' })).toMatchObject({ ok: true, value: { name: 'Scout', slug: 'scout-unicode' } });
    expect(await callContract(c, 'crews.rename', { crew: 'night-ops', name: 'Day Ops' })).toMatchObject({ ok: true, value: { name: 'Day Ops', slug: 'night-ops' } });
    expect(await callContract(c, 'agents.list', { crew: 'night-ops' })).toMatchObject({ ok: true, value: [{ name: 'Scout', crewName: 'Day Ops' }] });

    expect(await callContract(c, 'agents.delete', { agent: 'scout-unicode' })).toMatchObject({ ok: true });
    expect(await callContract(c, 'crews.delete', { crew: 'night-ops' })).toMatchObject({ ok: true, value: { deletedAgents: 0 } });
    expect(await callContract(c, 'crews.list', {})).toEqual({ ok: true, value: [] });

    const actions = c.audit.recent(20).map((entry) => entry.action).reverse();
    expect(actions).toEqual(['crew.create', 'agent.create', 'agent.rename', 'crew.rename', 'agent.delete', 'crew.delete']);
    expect(events.map((e) => `${e.name}:${'change' in e.payload ? e.payload.change : ''}`)).toEqual(
      expect.arrayContaining(['crews.changed:created', 'agents.changed:created', 'agents.changed:updated', 'crews.changed:deleted']),
    );
  });

  it('refuses a taken slug and an unknown crew with their own codes, storing nothing', async () => {
    const c = core();
    await callOk(c, 'crews.create', { name: 'Ops' });
    expect(await callContract(c, 'crews.create', { name: 'ops' })).toMatchObject({ ok: false, error: { code: 'crew_slug_taken' } });
    expect(await callContract(c, 'agents.create', { crew: 'nope', name: 'A' })).toMatchObject({ ok: false, error: { code: 'crew_not_found' } });
    expect(await callContract(c, 'crews.create', { name: '!!!' })).toMatchObject({ ok: false, error: { code: 'crew_slug_invalid' } });
    await callOk(c, 'agents.create', { crew: 'ops', name: 'A' });
    expect(await callContract(c, 'agents.create', { crew: 'ops', name: 'a' })).toMatchObject({ ok: false, error: { code: 'agent_slug_taken' } });
    expect(await callContract(c, 'agents.rename', { agent: 'zzz', name: 'B' })).toMatchObject({ ok: false, error: { code: 'agent_not_found' } });
    expect(await callContract(c, 'crews.list', {})).toMatchObject({ value: [{ slug: 'ops', agentCount: 1 }] });
  });

  it('keeps a crew that has agents unless asked to delete them too', async () => {
    const c = core();
    await callOk(c, 'crews.create', { name: 'Ops' });
    await callOk(c, 'agents.create', { crew: 'ops', name: 'A' });
    await callOk(c, 'agents.create', { crew: 'ops', name: 'B' });
    const refused = await callContract(c, 'crews.delete', { crew: 'ops' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'crew_not_empty' } });
    if (!refused.ok) expect(refused.error.hint).toMatch(/with-agents/);
    expect(c.agents.list()).toHaveLength(2);
    expect(await callContract(c, 'crews.delete', { crew: 'ops', withAgents: true })).toEqual({ ok: true, value: { deletedAgents: 2 } });
    expect(c.agents.list()).toEqual([]);
  });
});
