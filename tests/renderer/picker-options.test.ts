import { describe, expect, it } from 'vitest';
import { filterOptions, matchRange, shownText } from '../../renderer/src/components/combobox-options.ts';
import { agentOptions, serverOptions, type PickableServer } from '../../renderer/src/features/pickers/picker-options.ts';

/** The pickers' pure parts: what each entry shows and how typing narrows them. */

const workspaceServer: PickableServer = { id: 'mcp_workspace1', name: 'everything', scope: { kind: 'workspace' }, enabled: true };
const crewServer: PickableServer = { id: 'mcp_crew1', name: 'everything', scope: { kind: 'crew', crewId: 'crew_1', crewSlug: 'night-ops', crewName: 'Night Ops' }, enabled: false };
const agentServer: PickableServer = { id: 'mcp_agent1', name: 'files', scope: { kind: 'agent', agentId: 'agent_1', agentSlug: 'scout', agentName: 'Scout' }, enabled: true };

describe('server options', () => {
  it('tells a crew server from the workspace one of the same name, by scope, id and the text chosen', () => {
    const [workspace, crew, agent] = serverOptions([workspaceServer, crewServer, agentServer]);
    expect(workspace).toMatchObject({ value: 'mcp_workspace1', label: 'everything', detail: 'Workspace', tag: 'mcp_workspace1' });
    expect(shownText(workspace)).toBe('everything');
    expect(crew).toMatchObject({ label: 'everything', detail: 'Crew · Night Ops · disabled', tag: 'mcp_crew1' });
    expect(shownText(crew)).toBe('everything (Night Ops)');
    // A name that does not repeat needs no id beside it.
    expect(agent).toMatchObject({ label: 'files', detail: 'Agent · Scout' });
    expect(agent?.tag).toBeUndefined();
    expect(shownText(agent)).toBe('files (Scout)');
  });

  it('shows a server known only by id and name as just its name', () => {
    expect(serverOptions([{ id: 'mcp_x', name: 'gmail' }])).toEqual([{ value: 'mcp_x', label: 'gmail', keywords: 'mcp_x' }]);
  });
});

describe('agent options', () => {
  it('shows each agent with its crew and slug', () => {
    const [agent] = agentOptions([{ id: 'agent_1', name: 'Scout', slug: 'scout', crewName: 'Night Ops', crewSlug: 'night-ops' }]);
    expect(agent).toMatchObject({ value: 'agent_1', label: 'Scout', detail: 'Night Ops', tag: 'scout' });
    expect(shownText(agent)).toBe('Scout (Night Ops)');
  });
});

describe('typing into a picker', () => {
  const options = [...serverOptions([workspaceServer, crewServer, agentServer]), ...agentOptions([{ id: 'agent_2', name: 'Zoë Ops', slug: 'zoe-ops', crewName: 'Day Desk', crewSlug: 'day-desk' }])];

  it('narrows by name, scope, slug and id, case and accents aside, keeping the order', () => {
    expect(filterOptions(options, '').map((option) => option.value)).toEqual(['mcp_workspace1', 'mcp_crew1', 'mcp_agent1', 'agent_2']);
    expect(filterOptions(options, 'EVERY').map((option) => option.value)).toEqual(['mcp_workspace1', 'mcp_crew1']);
    expect(filterOptions(options, 'night').map((option) => option.value)).toEqual(['mcp_crew1']);
    expect(filterOptions(options, 'night-ops').map((option) => option.value)).toEqual(['mcp_crew1']);
    expect(filterOptions(options, 'mcp_agent1').map((option) => option.value)).toEqual(['mcp_agent1']);
    expect(filterOptions(options, 'zoe').map((option) => option.value)).toEqual(['agent_2']);
    expect(filterOptions(options, 'nothing like it')).toEqual([]);
  });

  it('marks where the typed text occurs, and nothing where it does not', () => {
    expect(matchRange('tool-server-1999', 'SERVER')).toEqual({ start: 5, end: 11 });
    expect(matchRange('Zoë Ops', 'zoe')).toEqual({ start: 0, end: 3 });
    expect(matchRange('everything', 'night')).toBeUndefined();
    expect(matchRange('everything', '  ')).toBeUndefined();
  });
});
