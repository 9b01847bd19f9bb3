import type { Command } from 'commander';
import type { McpProtocolMessage } from '../../../mcp/protocol-types.ts';
import { callMethod, withCore, type CliSession } from '../../core-session.ts';
import { BadOption, fail, printJson, printJsonLine, printLines, run, type Output } from '../../kit.ts';

interface ProtocolOptions {
  follow?: boolean;
  jsonl?: boolean;
  json?: boolean;
  method?: string;
  direction?: string;
}

/** mcp ping and mcp protocol: a connection's round trip, and the JSON-RPC messages it carried. */
export function registerProtocolCommands(mcp: Command): void {
  mcp
    .command('ping <server>')
    .description('Connect a server and ping it; prints the round trip.')
    .option('--json', 'print JSON')
    .action(async (server: string, options: { json?: boolean }) =>
      run(options, async (output) => {
        const pong = await callMethod('mcp.servers.ping', { server }, output);
        if (!pong) return;
        if (output.json) return printJson(pong);
        printLines([`pong from ${server} in ${pong.latencyMs.toFixed(1)} ms`]);
      }),
    );

  mcp
    .command('protocol <server>')
    .description(
      'Connect a server and print the JSON-RPC messages of this command’s connection (secrets redacted); --follow keeps printing what it sends until Ctrl+C.',
    )
    .option('--follow', 'keep the connection open and print each message as it passes')
    .option('--jsonl', 'one message per line as JSON, with its full body (the export format)')
    .option('--json', 'print the messages as one JSON page (not with --follow)')
    .option('--method <method>', 'only this method, or methods starting with it (tools/)')
    .option('--direction <direction>', 'only messages sent (out) or received (in)')
    .action(async (server: string, options: ProtocolOptions) =>
      run(options, async (output) => {
        const direction = directionOf(options.direction);
        if (options.follow && options.json) throw new BadOption('--json prints one page; with --follow use --jsonl');
        await withCore(output, (session) => printProtocol(session, server, { ...options, direction }, output));
      }),
    );
}

function directionOf(value: string | undefined): 'in' | 'out' | undefined {
  if (value === undefined || value === 'in' || value === 'out') return value;
  throw new BadOption(`--direction is "in" or "out", not "${value}"`);
}

async function printProtocol(session: CliSession, server: string, options: Omit<ProtocolOptions, 'direction'> & { direction: 'in' | 'out' | undefined }, output: Output): Promise<void> {
  // Ctrl+C is taken from the start: it may come while the kept messages are still being printed.
  let stopped: () => void = () => undefined;
  const interrupted = new Promise<void>((resolve) => (stopped = resolve));
  process.once('SIGINT', stopped);
  process.once('SIGTERM', stopped);
  try {
    const statuses = await session.call('mcp.servers.connect', { server });
    if (!statuses) return;
    const filter = { method: options.method, direction: options.direction };
    const page = await session.call('mcp.protocol.read', { server, limit: 2000, ...filter });
    if (!page) return;
    if (output.json) return printJson(page);
    const show = (message: McpProtocolMessage) => (options.jsonl ? printJsonLine(message) : printLines([describeMessage(message)]));
    page.messages.forEach(show);
    // The messages of a failed attempt are printed (they show how far it got), then why it failed.
    const failed = statuses.find((status) => status.state === 'failed');
    if (failed?.error) return fail(failed.error, output);
    if (!options.follow) return;
    const serverId = statuses[0]?.serverId;
    let last = page.messages.at(-1)?.seq ?? 0;
    if (!options.jsonl) printLines([`Following ${server}; Ctrl+C stops.`], 'stderr');
    // A notice has no body: what passed since the last message printed is read after it, one read at a time.
    let reading: Promise<void> | undefined;
    const catchUp = async () => {
      while (seen > last) {
        const next = await session.call('mcp.protocol.read', { server, afterSeq: last, limit: 2000, ...filter });
        if (!next || next.messages.length === 0) return;
        for (const message of next.messages) show(message);
        last = next.messages.at(-1)?.seq ?? last;
      }
    };
    let seen = last;
    const off = session.core.bus.on('mcp.protocolMessage', (notice) => {
      if (notice.serverId !== serverId) return;
      seen = Math.max(seen, notice.seq);
      reading ??= catchUp().finally(() => (reading = undefined));
    });
    await interrupted;
    off();
    await reading;
  } finally {
    process.removeListener('SIGINT', stopped);
    process.removeListener('SIGTERM', stopped);
  }
}

/** One line per message: when, which way, what, how big and (a response) how long it took. */
function describeMessage(message: McpProtocolMessage): string {
  const arrow = message.direction === 'out' ? '→' : '←';
  const id = message.id === null ? '' : ` #${String(message.id)}`;
  const took = message.durationMs === null ? '' : `  ${message.durationMs.toFixed(1)} ms`;
  const time = message.at.slice(11, 23);
  return `${time} ${arrow} ${message.kind.padEnd(12)} ${(message.method ?? '?').padEnd(32)}${id}  ${message.size} B${took}`;
}
