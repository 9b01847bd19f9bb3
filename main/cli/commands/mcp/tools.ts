import type { Command } from 'commander';
import type { McpCallRecord, McpCallTask, McpContent, McpServerStatus, McpTool } from '../../../mcp/types.ts';
import type { ErrorCode } from '../../../errors/codes.ts';
import { callMethod, withCore } from '../../core-session.ts';
import { isToolPinAction, TOOL_PIN_ACTIONS, toolPinCommand } from './tool-pins.ts';
import { BadOption, EXIT_FAILURE, fail, jsonObjectOption, positiveInt, printJson, printJsonLine, printLines, printTable, printText, run, type Output } from '../../kit.ts';

/** mcp status, tools and call: the commands that connect servers. */
export function registerToolCommands(mcp: Command): void {
  mcp
    .command('status [server]')
    .description('Connect every enabled server (or one) and report its status.')
    .option('--json', 'print JSON')
    .action(async (server: string | undefined, options: { json?: boolean }) =>
      run(options, async (output) => {
        const statuses = await callMethod('mcp.servers.connect', { server }, output);
        if (!statuses) return;
        if (output.json) return printJson(statuses);
        printStatuses(statuses);
      }),
    );

  mcp
    .command('tools <server> [pinned]')
    .description(
      'List the tools of one server (it is connected for the command). `tools diff|accept <server>`: how its tool definitions differ from the pinned ones, or accept them; `tools hold|release <server>`: hold changed tools back from agents until accepted, or not.',
    )
    .option('--json', 'print JSON')
    .action(async (server: string, pinned: string | undefined, options: { json?: boolean }) =>
      run(options, async (output) => {
        // Two words: an action on the pinned definitions and its server (one word is always a server, even one named "diff").
        if (pinned !== undefined) {
          if (!isToolPinAction(server)) throw new BadOption(`"${server}" is not one of ${TOOL_PIN_ACTIONS.join(', ')}; to list a server's tools, name only the server`);
          return toolPinCommand(server, pinned, output);
        }
        const list = await callMethod('mcp.tools.list', { server }, output);
        if (!list) return;
        if (output.json) return printJson(list);
        for (const missing of list.unavailable) {
          fail(missing.error ?? { code: 'mcp_server_not_ready', message: `${missing.serverName} is ${missing.state}.`, hint: 'Enable it and try again.' }, output);
        }
        printTools(list.tools);
        for (const hidden of list.hidden) {
          printLines([`hidden: ${hidden.name} (needs ${hidden.needs.join(', ')}, which this command does not offer; the app and \`crewship serve\` do)`]);
        }
      }),
    );

  mcp
    .command('call <server> <tool>')
    .description('Call a tool; prints its text content (--json: the whole result). Exits 1 when the result has isError.')
    .option('--args <json>', 'the arguments as a JSON object', '{}')
    .option('--agent <agent>', 'the agent the call is made for')
    .option('--timeout <ms>', 'give up after this many milliseconds without progress')
    .option('--login', 'if the server requires sign-in (or more scope), sign in first and then call')
    .option('--task', 'run it as a task (SEP-1686): its statuses on stderr, then its result (tools that require a task always run as one)')
    .option('--json', 'print the whole call record as JSON; progress as JSON lines on stderr')
    .action(async (server: string, tool: string, options: { args: string; agent?: string; timeout?: string; login?: boolean; task?: boolean; json?: boolean }) =>
      run(options, async (output) => {
        const input = {
          server,
          tool,
          arguments: jsonObjectOption(options.args, '--args'),
          agent: options.agent,
          timeoutMs: options.timeout === undefined ? undefined : positiveInt(options.timeout, '--timeout'),
          task: options.task,
        };
        const record = await withCore(output, async (session) => {
          session.core.bus.on('mcp.callProgress', (progress) => printProgress(progress, output));
          session.core.bus.on('mcp.callTask', ({ task }) => printTask(task, output));
          const first = await session.call('mcp.tools.call', input);
          if (!options.login || !first?.error || !SIGN_IN_FIRST.has(first.error.code)) return first;
          // Sign in (with the union of the scopes held and those asked for), then the call once more.
          const { signIn } = await import('./sign-in.ts');
          const signedIn = await signIn(session, server, { browser: true, output: { json: false } });
          return signedIn ? session.call('mcp.tools.call', input) : undefined;
        });
        if (!record) return;
        printCall(record, output);
        if (record.status !== 'succeeded') process.exitCode = EXIT_FAILURE;
      }),
    );
}

/** What `call --login` answers with a sign-in: none held, or one without the scope the server asked for (a step-up). */
const SIGN_IN_FIRST = new Set<ErrorCode>(['mcp_auth_required', 'mcp_auth_insufficient_scope']);

function printStatuses(statuses: McpServerStatus[]): void {
  printTable(
    statuses,
    [
      ['NAME', (s) => s.name],
      ['STATE', (s) => s.state],
      ['TOOLS', (s) => String(s.toolCount)],
      ['SINCE', (s) => s.connectedSince ?? '-'],
      ['REASON', (s) => s.error?.message ?? ''],
    ],
    'No MCP servers configured.',
  );
  if (statuses.some((status) => status.state === 'failed')) process.exitCode = EXIT_FAILURE;
}

function printTools(tools: McpTool[]): void {
  printTable(
    tools,
    [
      ['TOOL', (t) => t.name],
      ['HINTS', (t) => hints(t)],
      ['DESCRIPTION', (t) => (t.description ?? '').split('\n')[0]?.slice(0, 80) ?? ''],
    ],
    'The server has no tools.',
  );
}

function hints(tool: McpTool): string {
  const a = tool.annotations;
  if (!a) return '';
  return [a.readOnlyHint && 'read-only', a.destructiveHint && 'destructive', a.idempotentHint && 'idempotent', a.openWorldHint && 'open-world'].filter(Boolean).join(',');
}

function printProgress(progress: { progress: number; total: number | null; message: string | null }, output: Output): void {
  if (output.json) {
    printJsonLine({ progress }, 'stderr');
    return;
  }
  const share = progress.total ? ` of ${progress.total}` : '';
  printLines([`progress: ${progress.progress}${share}${progress.message ? ` — ${progress.message}` : ''}`], 'stderr');
}

function printTask(task: McpCallTask, output: Output): void {
  if (output.json) return printJsonLine({ task }, 'stderr');
  printLines([`task ${task.taskId}: ${task.status}${task.statusMessage ? ` — ${task.statusMessage}` : ''}`], 'stderr');
}

function printCall(record: McpCallRecord, output: Output): void {
  if (output.json) return printJson(record);
  if (record.error) {
    fail(record.error, output);
    return;
  }
  const result = record.result;
  if (!result) return;
  const text = result.content.map(describeContent).join('\n');
  const shown = text || (result.structuredContent ? JSON.stringify(result.structuredContent, null, 2) : '');
  printText(shown, result.isError ? 'stderr' : 'stdout');
  if (result.outputValidation.valid === false) printLines([`warning: structuredContent does not match the outputSchema: ${result.outputValidation.errors.join('; ')}`], 'stderr');
}

function describeContent(content: McpContent): string {
  switch (content.type) {
    case 'text':
      return content.text;
    case 'image':
    case 'audio':
      return `[${content.type} ${content.mimeType}, ${Math.round((content.data.length * 3) / 4)} bytes]`;
    case 'resource_link':
      return `[resource link ${content.uri}]`;
    case 'resource':
      return 'text' in content.resource ? content.resource.text : `[resource ${content.resource.uri}]`;
    default:
      return JSON.stringify(content);
  }
}
