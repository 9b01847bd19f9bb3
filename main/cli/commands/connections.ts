import { readFileSync, statSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { requireJsonDepth } from '../../errors/json-depth.ts';
import type { ConnectionMessage, CrewConnection, MethodInput } from '../../rpc/contract.ts';
import { callMethod, withCore, type CliSession } from '../core-session.ts';
import { BadOption, positiveInt, printExact, printJson, printJsonLine, printLines, printTable, printText, run, type Output } from '../kit.ts';

/**
 * `crewship crew connect|connections|disconnect|send|messages|files|put|get`: connections between
 * crews, their messages and their shared files, on the same contract methods as the other doors.
 */
export function registerConnectionCommands(crew: Command): void {
  crew
    .command('connect <crew> <other>')
    .description('Connect two crews (by slug or id) so that they can exchange messages and share files.')
    .option('--purpose <text>', 'what the connection is for')
    .option('--json', 'print JSON')
    .action(async (from: string, to: string, options: { purpose?: string; json?: boolean }) =>
      run(options, async (output) => {
        const created = await callMethod('connections.create', { from, to, purpose: options.purpose }, output);
        if (!created) return;
        if (output.json) return printJson(created);
        printLines([`Connected ${created.crews[0].slug} and ${created.crews[1].slug}: ${created.id}.`]);
      }),
    );

  crew
    .command('connections')
    .description('List crew connections, with each crew’s unread messages.')
    .option('--crew <crew>', 'only the connections of this crew')
    .option('--active', 'only active connections')
    .option('--closed', 'only closed connections')
    .option('--json', 'print JSON')
    .action(async (options: { crew?: string; active?: boolean; closed?: boolean; json?: boolean }) =>
      run(options, async (output) => {
        if (options.active && options.closed) throw new BadOption('--active and --closed exclude each other');
        const status = options.active ? 'active' : options.closed ? 'closed' : 'all';
        const connections = await callMethod('connections.list', { status, crew: options.crew }, output);
        if (!connections) return;
        if (output.json) return printJson(connections);
        printConnections(connections);
      }),
    );

  crew
    .command('disconnect <connection>')
    .description('Close a connection; its messages and files stay readable.')
    .option('--json', 'print JSON')
    .action(async (connection: string, options: { json?: boolean }) =>
      run(options, async (output) => {
        const closed = await callMethod('connections.close', { connection }, output);
        if (!closed) return;
        if (output.json) return printJson(closed);
        printLines([`Closed the connection between ${closed.crews[0].slug} and ${closed.crews[1].slug} (${closed.id}).`]);
      }),
    );

  registerMessageCommands(crew);
  registerFileCommands(crew);
}

function registerMessageCommands(crew: Command): void {
  crew
    .command('send <connection> <text>')
    .description('Send a message on a connection as one of its crews.')
    .requiredOption('--from <crew>', 'the sending crew (slug or id)')
    .option('--payload <json>', 'a JSON value sent with the message')
    .option('--json', 'print JSON')
    .action(async (connection: string, text: string, options: { from: string; payload?: string; json?: boolean }) =>
      run(options, async (output) => {
        const payload = options.payload === undefined ? undefined : parsePayload(options.payload);
        const sent = await callMethod('connections.messages.send', { connection, from: options.from, text, payload }, output);
        if (!sent) return;
        if (output.json) return printJson(sent);
        printLines([`Sent message #${sent.seq} (${sent.id}) from ${sent.senderCrewSlug}.`]);
      }),
    );

  crew
    .command('messages <connection>')
    .description('Read a connection’s messages in order; --follow prints new ones as they arrive (Ctrl+C stops).')
    .option('--as <crew>', 'read as this crew: its unread messages are marked read')
    .option('--since <message-id>', 'only the messages after this one')
    .option('--limit <n>', 'at most this many (without --follow)')
    .option('--follow', 'keep printing new messages, from any door, as they arrive')
    .option('--json', 'print JSON (with --follow, one message per line)')
    .action(async (connection: string, options: MessagesOptions) => run(options, async (output) => readMessages(connection, options, output)));
}

interface MessagesOptions {
  as?: string;
  since?: string;
  limit?: string;
  follow?: boolean;
  json?: boolean;
}

async function readMessages(connection: string, options: MessagesOptions, output: Output): Promise<void> {
  const limit = options.limit === undefined ? undefined : positiveInt(options.limit, '--limit');
  if (!options.follow) {
    const page = await callMethod('connections.messages.list', { connection, since: options.since, limit, as: options.as }, output);
    if (!page) return;
    if (output.json) return printJson(page);
    if (page.messages.length === 0) printLines(['No messages yet. Send one with `crewship crew send <connection> <text> --from <crew>`.']);
    page.messages.forEach(printMessage);
    if (page.hasMore) printLines([`More follow: add --since ${page.messages.at(-1)?.id ?? ''}.`]);
    return;
  }
  await withCore(output, { followOtherProcesses: { intervalMs: 200 } }, (session) => followMessages(session, connection, options, output));
}

/** Prints what there is, then every message the core hears of (its own, or another process's commit), until Ctrl+C or the connection closes. */
async function followMessages(session: CliSession, ref: string, options: MessagesOptions, output: Output): Promise<void> {
  const found = await session.call('connections.get', { connection: ref });
  if (!found) return;
  let since = options.since;
  const printNew = async (): Promise<boolean> => {
    for (;;) {
      const page = await session.call('connections.messages.list', { connection: found.id, since, limit: 500, as: options.as });
      if (!page) return false;
      for (const message of page.messages) {
        if (output.json) printJsonLine(message);
        else printMessage(message);
      }
      since = page.messages.at(-1)?.id ?? since;
      if (!page.hasMore) return true;
    }
  };
  if (!(await printNew())) return;
  if (!output.json) printLines([`Following ${found.crews[0].slug} ↔ ${found.crews[1].slug}; Ctrl+C stops.`], 'stderr');
  await new Promise<void>((resolve) => {
    let queue = Promise.resolve(true);
    // The core's watch on other processes' commits does not hold the process open by itself.
    const keepAlive = setInterval(() => {}, 60_000);
    const stop = () => {
      clearInterval(keepAlive);
      offMessage();
      offClosed();
      resolve();
    };
    const offMessage = session.core.bus.on('connections.message', (event) => {
      if (event.connectionId === found.id) queue = queue.then(printNew).then((ok) => (ok ? ok : (stop(), ok)));
    });
    const offClosed = session.core.bus.on('connections.changed', (event) => {
      if (event.connectionId !== found.id || event.change !== 'closed') return;
      void queue.then(() => {
        if (!output.json) printLines(['The connection was closed.'], 'stderr');
        stop();
      });
    });
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

function registerFileCommands(crew: Command): void {
  crew
    .command('files <connection>')
    .description('List a connection’s shared files with their size and modification time.')
    .option('--json', 'print JSON')
    .action(async (connection: string, options: { json?: boolean }) =>
      run(options, async (output) => {
        const files = await callMethod('connections.files.list', { connection }, output);
        if (!files) return;
        if (output.json) return printJson(files);
        printTable(
          files,
          [
            ['PATH', (file) => file.path],
            ['SIZE', (file) => String(file.size)],
            ['MODIFIED', (file) => file.modifiedAt],
          ],
          'No shared files yet. Share one with `crewship crew put <connection> <path> [file]`.',
        );
      }),
    );

  crew
    .command('put <connection> <path> [file]')
    .description('Write a shared file at <path> from a local file, or from standard input when it is left out or "-".')
    .option('--json', 'print JSON')
    .action(async (connection: string, path: string, file: string | undefined, options: { json?: boolean }) =>
      run(options, async (output) => {
        await withCore(output, async (session) => {
          const bytes = readLocal(file, session.core.connections.maxFileBytes, (size) => session.core.connections.requireFileSize(size, path));
          const written = await session.call('connections.files.write', { connection, path, content: bytes.toString('base64') });
          if (!written) return;
          if (output.json) return printJson(written);
          printLines([`Wrote ${written.path} (${written.size} bytes).`]);
        });
      }),
    );

  crew
    .command('get <connection> <path>')
    .description('Read a shared file: to --out, to a pipe as it is, or to the terminal as text.')
    .option('--out <file>', 'write it to this new local file')
    .option('--json', 'print JSON (the content in base64)')
    .action(async (connection: string, path: string, options: { out?: string; json?: boolean }) =>
      run(options, async (output) => {
        const file = await callMethod('connections.files.read', { connection, path }, output);
        if (!file) return;
        if (output.json) return printJson(file);
        const bytes = Buffer.from(file.content, 'base64');
        if (options.out !== undefined) return writeLocal(options.out, bytes);
        // A terminal acts on control characters; a pipe or a file gets the bytes exactly.
        if (process.stdout.isTTY) printText(bytes.toString('utf8'));
        else printExact(bytes);
      }),
    );
}

function printConnections(connections: CrewConnection[]): void {
  printTable(
    connections,
    [
      ['ID', (c) => c.id],
      ['CREWS', (c) => `${c.crews[0].slug} ↔ ${c.crews[1].slug}`],
      ['STATUS', (c) => c.status],
      ['MESSAGES', (c) => String(c.messageCount)],
      ['UNREAD', (c) => `${c.crews[0].slug}: ${c.crews[0].unread}, ${c.crews[1].slug}: ${c.crews[1].unread}`],
      ['PURPOSE', (c) => c.purpose ?? ''],
    ],
    'No crew connections yet. Connect two crews with `crewship crew connect <crew> <other>`.',
  );
}

function printMessage(message: ConnectionMessage): void {
  printLines([`#${message.seq} ${message.sentAt} ${message.senderCrewSlug} (${message.id})`]);
  printText(message.text.replace(/^/gm, '  '));
  if (message.payload !== null) printLines([`  payload: ${JSON.stringify(message.payload)}`]);
}

function parsePayload(text: string): MethodInput<'connections.messages.send'>['payload'] {
  let value: MethodInput<'connections.messages.send'>['payload'];
  try {
    value = JSON.parse(text) as typeof value;
  } catch {
    throw new BadOption('--payload is not valid JSON', 'invalid_option', 'Give a JSON value, e.g. --payload \'{"ticket": 42}\'.');
  }
  requireJsonDepth(value, '--payload');
  return value;
}

/** A local file's bytes (or standard input's), refused by its size before more than the limit is read. */
function readLocal(file: string | undefined, limit: number, requireSize: (size: number) => void): Buffer {
  const source = file === undefined || file === '-' ? 0 : file;
  try {
    if (source !== 0) requireSize(statSync(source).size);
    const bytes = readFileSync(source);
    requireSize(bytes.length > limit ? bytes.length : 0);
    return bytes;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
      throw new BadOption(`cannot read "${String(file)}" (${String(code)})`, 'invalid_option', 'Name a file you can read, or pipe the content on standard input.');
    }
    throw error;
  }
}

function writeLocal(path: string, bytes: Buffer): void {
  try {
    writeFileSync(path, bytes, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EEXIST') {
      throw new BadOption(`"${path}" exists already`, 'invalid_option', 'Choose a new file for --out; an existing one is never overwritten.');
    }
    throw error;
  }
  printLines([`Wrote ${bytes.length} bytes to ${path}.`]);
}
