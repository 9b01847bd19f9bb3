import type { Command } from 'commander';
import { callMethod } from '../core-session.ts';
import { BadOption, collect, printExact, printJson, printLines, printTable, run } from '../kit.ts';

const POLICIES = ['allow', 'ask', 'deny', 'default'] as const;

/** `crewship agent token|policy|mcp-config|activity|endpoint-settings` and `crewship approvals`: the agents' MCP endpoint. */
export function registerAgentEndpointCommands(program: Command, agent: Command): void {
  registerTokenCommands(agent);
  registerPolicyCommands(agent);
  registerConfigCommands(agent);
  registerApprovalCommands(program);
}

function registerTokenCommands(agent: Command): void {
  const token = agent.command('token').description("An agent's tokens for its MCP endpoint: each opens only that agent's endpoint.");
  token
    .command('create <agent>')
    .description('Make a token for the agent; it is shown this once (only its hash is kept).')
    .option('--label <label>', 'a name to tell tokens apart')
    .option('--json', 'print JSON ({ token, id, … })')
    .action(async (ref: string, options: { label?: string; json?: boolean }) =>
      run(options, async (output) => {
        const created = await callMethod('agents.tokens.create', { agent: ref, label: options.label }, output);
        if (!created) return;
        if (output.json) return printJson(created);
        printLines([`Token ${created.label} (${created.id}) for agent ${ref}: shown this once, store it now (CREWSHIP_AGENT_TOKEN in the agent's environment):`]);
        // The token is made by the console (base64url): nothing from outside is in it.
        printExact(`${created.token}\n`);
      }),
    );
  token
    .command('list <agent>')
    .description("List the agent's tokens (never the tokens themselves).")
    .option('--json', 'print JSON')
    .action(async (ref: string, options: { json?: boolean }) =>
      run(options, async (output) => {
        const tokens = await callMethod('agents.tokens.list', { agent: ref }, output);
        if (!tokens) return;
        if (output.json) return printJson(tokens);
        printTable(
          tokens,
          [
            ['ID', (t) => t.id],
            ['LABEL', (t) => t.label],
            ['PREVIEW', (t) => t.preview],
            ['CREATED', (t) => t.createdAt],
            ['LAST USED', (t) => t.lastUsedAt ?? '—'],
            ['REVOKED', (t) => t.revokedAt ?? '—'],
          ],
          `No tokens yet. Create one with \`crewship agent token create ${ref}\`.`,
        );
      }),
    );
  token
    .command('revoke <agent> <token-id>')
    .description('Revoke a token: its next request answers 401.')
    .action(async (ref: string, id: string) =>
      run({}, async (output) => {
        const revoked = await callMethod('agents.tokens.revoke', { agent: ref, token: id }, output);
        if (revoked) printLines([`Revoked token ${revoked.label} (${revoked.id}).`]);
      }),
    );
}

function registerPolicyCommands(agent: Command): void {
  agent
    .command('policy <agent>')
    .description("Show the agent's tools with allow / ask / deny, or set them (--set <server>__<tool>=deny; =default resets).")
    .option('--set <tool=policy>', 'set one tool’s policy (repeatable)', collect, [])
    .option('--json', 'print JSON')
    .action(async (ref: string, options: { set: string[]; json?: boolean }) =>
      run(options, async (output) => {
        for (const assignment of options.set) {
          const [tool, policy] = splitAssignment(assignment);
          const set = await callMethod('agents.policy.set', { agent: ref, tool, policy: policy === 'default' ? null : policy }, output);
          if (!set) return;
          if (!output.json) printLines([`${set.name}: ${set.policy} (${set.policySource})`]);
        }
        if (options.set.length > 0 && !output.json) return;
        const policy = await callMethod('agents.policy.get', { agent: ref }, output);
        if (!policy) return;
        if (output.json) return printJson(policy);
        printTable(
          policy.tools,
          [
            ['TOOL', (t) => t.name + (t.collision ? ' (renamed: another server has the same name)' : '')],
            ['POLICY', (t) => t.policy],
            ['FROM', (t) => t.policySource],
            ['DESTRUCTIVE', (t) => (t.destructive ? 'yes' : 'no')],
          ],
          'No tools resolve for this agent.',
        );
        for (const server of policy.unavailable) printLines([`Unavailable: ${server.serverName} (${server.state}) — its tools are missing.`]);
      }),
    );
  agent
    .command('endpoint-settings')
    .description("The workspace's endpoint setting: whether destructive tools default to ask.")
    .option('--destructive-ask <on|off>', 'make destructive tools default to ask (on) or allow (off)')
    .option('--json', 'print JSON')
    .action(async (options: { destructiveAsk?: string; json?: boolean }) =>
      run(options, async (output) => {
        const value = options.destructiveAsk;
        if (value !== undefined && value !== 'on' && value !== 'off') throw new BadOption(`--destructive-ask takes on or off, not "${value}"`);
        const settings = value === undefined ? await callMethod('agents.endpoint.settings.get', {}, output) : await callMethod('agents.endpoint.settings.update', { destructiveAsk: value === 'on' }, output);
        if (!settings) return;
        if (output.json) return printJson(settings);
        printLines([`Destructive tools default to ${settings.destructiveAsk ? 'ask' : 'allow'}.`]);
      }),
    );
}

function splitAssignment(assignment: string): [string, 'allow' | 'ask' | 'deny' | 'default'] {
  const at = assignment.lastIndexOf('=');
  const tool = assignment.slice(0, at);
  const policy = assignment.slice(at + 1);
  if (at <= 0 || !(POLICIES as readonly string[]).includes(policy)) throw new BadOption(`--set takes <server>__<tool>=allow|ask|deny|default, not "${assignment.slice(0, 80)}"`);
  return [tool, policy as (typeof POLICIES)[number]];
}

function registerConfigCommands(agent: Command): void {
  agent
    .command('mcp-config <agent>')
    .description("The .mcp.json that points the agent at its endpoint (the token as ${CREWSHIP_AGENT_TOKEN}); --write puts it in ./.mcp.json.")
    .option('--write', 'write (or add the crewship entry to) .mcp.json in the current directory, or in --dir')
    .option('--dir <dir>', 'the directory for --write (the agent’s project)')
    .action(async (ref: string, options: { write?: boolean; dir?: string }) =>
      run({}, async (output) => {
        const config = await callMethod('agents.endpoint.mcpConfig', { agent: ref }, output);
        if (!config) return;
        if (!options.write) return printExact(config.json);
        const { writeMcpConfig } = await import('../mcp-config-file.ts');
        const path = writeMcpConfig(options.dir ?? process.cwd(), config.json);
        printLines([`Wrote the crewship entry (${config.url}) to ${path}.`, 'Give the agent CREWSHIP_AGENT_TOKEN in its environment: `crewship agent token create ' + ref + '`.']);
      }),
    );
  agent
    .command('activity <agent>')
    .description("The agent's endpoint: sessions, last call, calls and failures today, recent calls.")
    .option('--json', 'print JSON')
    .action(async (ref: string, options: { json?: boolean }) =>
      run(options, async (output) => {
        const state = await callMethod('agents.endpoint.state', { agent: ref }, output);
        if (!state) return;
        if (output.json) return printJson(state);
        printLines([
          `Endpoint: ${state.url}`,
          `Sessions: ${state.sessions} · last call: ${state.lastCallAt ?? 'never'} · today: ${state.callsToday} calls, ${state.failuresToday} failed · waiting for approval: ${state.pendingApprovals}`,
        ]);
        printTable(
          state.recentCalls,
          [
            ['STARTED', (c) => c.startedAt],
            ['SERVER', (c) => c.serverName],
            ['TOOL', (c) => c.tool],
            ['STATUS', (c) => c.status],
            ['MS', (c) => (c.durationMs === null ? '—' : String(Math.round(c.durationMs)))],
          ],
          'No calls yet.',
        );
      }),
    );
}

function registerApprovalCommands(program: Command): void {
  const approvals = program.command('approvals').description('Calls agents made to tools on "ask", held until the operator answers.');
  approvals
    .command('list')
    .description('List the calls waiting for an answer (--all: answered and expired too).')
    .option('--agent <agent>', 'only this agent')
    .option('--all', 'every held call, not only pending ones')
    .option('--json', 'print JSON')
    .action(async (options: { agent?: string; all?: boolean; json?: boolean }) =>
      run(options, async (output) => {
        const list = await callMethod('agents.approvals.list', { agent: options.agent, status: options.all ? undefined : 'pending' }, output);
        if (!list) return;
        if (output.json) return printJson(list);
        printTable(
          list,
          [
            ['ID', (a) => a.id],
            ['AGENT', (a) => a.agentSlug],
            ['TOOL', (a) => a.tool],
            ['ARGUMENTS', (a) => JSON.stringify(a.arguments).slice(0, 80)],
            ['STATUS', (a) => a.status],
            ['EXPIRES', (a) => a.expiresAt],
          ],
          'No calls are waiting for an answer.',
        );
      }),
    );
  for (const [name, answer] of [['approve', 'approve'], ['refuse', 'refuse']] as const) {
    approvals
      .command(`${name} <id>`)
      .description(answer === 'approve' ? 'Approve a held call: it goes on to its server.' : 'Refuse a held call: the agent gets a tool error.')
      .action(async (id: string) =>
        run({}, async (output) => {
          const answered = await callMethod('agents.approvals.answer', { approval: id, answer }, output);
          if (answered) printLines([`${answer === 'approve' ? 'Approved' : 'Refused'} ${answered.agentSlug}'s call to ${answered.tool}.`]);
        }),
      );
  }
}
