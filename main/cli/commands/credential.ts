import type { Command } from 'commander';
import type { ConnectionTestResult, Credential, OAuthFlow, StartedFlow } from '../../credentials/credential.ts';
import { parseDeepLink, redactDeepLink } from '../../deeplink/index.ts';
import type { MethodInput } from '../../rpc/contract.ts';
import { callMethod, withCore, type CliSession } from '../core-session.ts';
import { EXIT_FAILURE } from '../exit-codes.ts';
import { printError, printJson, printTable, type Output } from '../output.ts';

type JsonOption = { json?: boolean };
type SecretOptions = { clientSecret?: string; clientSecretStdin?: boolean };
type CreateOptions = JsonOption &
  SecretOptions & {
    provider: string;
    clientId: string;
    label?: string;
    scope?: string[];
    name?: string;
    authorizeUrl?: string;
    tokenUrl?: string;
    userinfoUrl?: string;
    introspectionUrl?: string;
    revocationUrl?: string;
    issuer?: string;
  };

const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(/[\s,]+/).filter(Boolean)];
const outputOf = (options: JsonOption): Output => ({ json: Boolean(options.json) });

export function registerCredentialCommands(program: Command): void {
  const credential = program
    .command('credential')
    .description('OAuth 2.0 credentials: the provider catalog, create, connect (PKCE), test, refresh, revoke, delete.');

  credential
    .command('providers')
    .description('List the OAuth providers in the catalog.')
    .option('--json', 'print JSON (an array of providers, each with its id)')
    .action(async (options: JsonOption) => {
      const output = outputOf(options);
      const providers = await callMethod('credentials.providers', {}, output);
      if (!providers) return;
      if (output.json) return printJson(providers);
      printTable(
        [...providers],
        [
          ['ID', (p) => p.id],
          ['NAME', (p) => p.name],
          ['PKCE', (p) => (p.pkce ? 'yes' : 'no')],
          ['SECRET', (p) => (p.clientSecretRequired ? 'required' : 'optional')],
          ['REDIRECTS', (p) => p.redirectKinds.join(', ')],
          ['REVOKE', (p) => (p.revocationUrl ? 'yes' : 'no')],
          ['DEFAULT SCOPES', (p) => p.defaultScopes.join(' ') || '(choose your own)'],
        ],
        'The catalog is empty.',
      );
      process.stdout.write('\nAny other provider: `crewship credential create --provider custom --authorize-url … --token-url …`.\n');
    });

  credential
    .command('create')
    .description('Create an OAuth2 credential. The client secret is sealed at once and only ever shown masked.')
    .requiredOption('--provider <id>', 'a catalog provider id (see `crewship credential providers`), or "custom"')
    .requiredOption('--client-id <id>', 'the OAuth client ID')
    .option('--client-secret <secret>', 'the client secret (prefer --client-secret-stdin: the command line is visible to other processes)')
    .option('--client-secret-stdin', 'read the client secret from standard input')
    .option('--label <label>', 'how the CLI, the UI and agents name it (default: the provider’s name)')
    .option('--scope <scope>', 'a scope to ask for; repeat, or separate with spaces (default: the provider’s)', collect)
    .option('--name <name>', 'custom provider: its name')
    .option('--authorize-url <url>', 'custom provider: the authorization endpoint')
    .option('--token-url <url>', 'custom provider: the token endpoint')
    .option('--userinfo-url <url>', 'custom provider: a userinfo endpoint, to test tokens with')
    .option('--introspection-url <url>', 'custom provider: an RFC 7662 introspection endpoint, to test tokens with')
    .option('--revocation-url <url>', 'custom provider: an RFC 7009 revocation endpoint')
    .option('--issuer <issuer>', 'custom provider: its issuer, checked against `iss` in the answer (RFC 9207)')
    .option('--json', 'print JSON')
    .action(async (options: CreateOptions) => {
      const output = outputOf(options);
      const created = await callMethod('credentials.create', { ...createInput(options), ...(await clientSecretOf(options)) }, output);
      if (!created) return;
      if (output.json) return printJson(created);
      const c = created.credential;
      process.stdout.write(`Created credential "${c.label}" for ${c.providerName} (${c.id}).\n`);
      if (c.clientSecretPreview) process.stdout.write(`  client secret: ${c.clientSecretPreview} (sealed)\n`);
      printBound(created.bound);
      process.stdout.write(`Next: crewship credential connect "${c.label}"\n`);
    });

  credential
    .command('update <credential>')
    .description('Change a credential’s label, its client secret (after a rotation) or the scopes the next connect asks for.')
    .option('--label <label>', 'a new label')
    .option('--client-secret <secret>', 'the new client secret')
    .option('--client-secret-stdin', 'read the new client secret from standard input')
    .option('--scope <scope>', 'the scopes to ask for from now on; repeat, or separate with spaces', collect)
    .option('--json', 'print JSON')
    .action(async (ref: string, options: JsonOption & SecretOptions & { label?: string; scope?: string[] }) => {
      const output = outputOf(options);
      const input = { credential: ref, label: options.label, scopes: options.scope, ...(await clientSecretOf(options)) };
      const updated = await callMethod('credentials.update', input, output);
      if (!updated) return;
      if (output.json) return printJson(updated);
      process.stdout.write(`Updated credential "${updated.label}".\n`);
    });

  credential
    .command('list')
    .description('List the credentials: provider, status, granted scopes, last test.')
    .option('--json', 'print JSON')
    .action(async (options: JsonOption) => {
      const output = outputOf(options);
      const credentials = await callMethod('credentials.list', {}, output);
      if (!credentials) return;
      if (output.json) return printJson(credentials);
      printTable(
        credentials,
        [
          ['LABEL', (c) => c.label],
          ['PROVIDER', (c) => c.providerName],
          ['STATUS', (c) => statusText(c)],
          ['GRANTED SCOPES', (c) => (c.grantedScopes ? c.grantedScopes.join(' ') || '(none)' : '-')],
          ['LAST TEST', (c) => lastTestText(c)],
          ['ID', (c) => c.id],
        ],
        'No credentials yet. Create one with `crewship credential create --provider <id> --client-id <id>` (`crewship credential providers` lists the providers).',
      );
    });

  credential
    .command('show <credential>')
    .description('Show one credential by id or label (secrets masked).')
    .option('--json', 'print JSON')
    .action(async (ref: string, options: JsonOption) => {
      const output = outputOf(options);
      const found = await callMethod('credentials.get', { credential: ref }, output);
      if (!found) return;
      if (output.json) return printJson(found);
      printCredential(found);
    });

  credential
    .command('connect <credential>')
    .description('Connect: print the sign-in URL, then wait for the callback with a countdown (Ctrl+C cancels).')
    .option('--redirect <kind>', '"loopback" (127.0.0.1, the default where the provider accepts it) or "deep-link" (crewship://)')
    .option('--json', 'print JSON lines: the start, each step, the end')
    .action(async (ref: string, options: JsonOption & { redirect?: string }) => {
      const output = outputOf(options);
      await withCore(output, (session) => connect(session, ref, options.redirect, output));
    });

  credential
    .command('test <credential>')
    .description('Test the credential at its provider and say exactly what is wrong (exit 1 when something is).')
    .option('--json', 'print JSON')
    .action(async (ref: string, options: JsonOption) => {
      const output = outputOf(options);
      const result = await callMethod('credentials.test', { credential: ref }, output);
      if (!result) return;
      if (!result.ok) process.exitCode = EXIT_FAILURE;
      if (output.json) return printJson(result);
      printTest(result);
    });

  credential
    .command('refresh <credential>')
    .description('Refresh the access token now.')
    .option('--json', 'print JSON')
    .action(async (ref: string, options: JsonOption) => {
      const output = outputOf(options);
      const refreshed = await callMethod('credentials.refresh', { credential: ref }, output);
      if (!refreshed) return;
      if (output.json) return printJson(refreshed);
      process.stdout.write(`Refreshed "${refreshed.label}"; the access token is good until ${refreshed.expiresAt ?? 'the provider says otherwise'}.\n`);
    });

  credential
    .command('revoke <credential>')
    .description('Disconnect: revoke the grant at the provider where it supports revocation, and forget the tokens.')
    .option('--json', 'print JSON')
    .action(async (ref: string, options: JsonOption) => {
      const output = outputOf(options);
      const result = await callMethod('credentials.revoke', { credential: ref }, output);
      if (!result) return;
      if (output.json) return printJson(result);
      process.stdout.write(`Disconnected "${result.credential.label}". ${result.detail}\n`);
    });

  credential
    .command('delete <credential>')
    .description('Delete a credential and everything sealed with it (MCP servers that referenced it lose their credential).')
    .action(async (ref: string) => {
      const deleted = await callMethod('credentials.delete', { credential: ref }, { json: false });
      if (deleted) process.stdout.write(`Deleted credential ${ref}.\n`);
    });
}

// ------------------------------------------------------------------ connect

async function connect(session: CliSession, ref: string, redirect: string | undefined, output: Output): Promise<void> {
  const input = { credential: ref, ...(redirect ? { redirect } : {}) } as MethodInput<'credentials.connect'>;
  const started = await session.call('credentials.connect', input);
  if (!started) return;
  const { core } = session;
  const flowId = started.flow.id;
  // Listening before anything is printed: a Ctrl+C right after the prompt must cancel the flow, not kill the process.
  const cancel = () => core.oauth.cancel(flowId, 'cli');
  process.once('SIGINT', cancel);
  const unsubscribe = core.bus.subscribe((event) => {
    if (event.name !== 'oauth.flow' || event.payload.flowId !== flowId) return;
    if (output.json) printJsonLine({ event: 'oauth.flow', ...event.payload });
    else if (event.payload.status === 'exchanging') process.stdout.write('\nThe browser came back; exchanging the code for tokens…\n');
  });
  announce(started, output);
  const stopCountdown = output.json ? () => {} : startCountdown(started.flow.expiresAt);
  const stopPaste = started.flow.redirectKind === 'deep-link' ? readPastedLinks(session) : () => {};
  try {
    report(await core.oauth.waitForFlow(flowId), output);
  } finally {
    process.removeListener('SIGINT', cancel);
    stopCountdown();
    stopPaste();
    unsubscribe();
  }
}

function announce(started: StartedFlow, output: Output): void {
  if (output.json) return printJsonLine({ event: 'started', flow: started.flow, authorizeUrl: started.authorizeUrl });
  process.stdout.write(`Open this address in your browser and sign in:\n\n  ${started.authorizeUrl}\n\n`);
  if (started.flow.redirectKind === 'loopback') {
    process.stdout.write(`The browser comes back to ${started.flow.redirectUri} on this machine.\n`);
  } else {
    process.stdout.write(
      'The browser comes back through crewship://oauth/callback, which the Crewship Console app receives.\n' +
        'Without the app, paste the crewship://… address the browser tried to open here and press Enter.\n',
    );
  }
}

/** The time left before the state expires: one line rewritten each second on a terminal, a line every 30 s elsewhere. */
function startCountdown(expiresAt: string): () => void {
  const tty = process.stdout.isTTY === true;
  const show = () => {
    const left = Math.max(0, Date.parse(expiresAt) - Date.now());
    const clock = `${Math.floor(left / 60_000)}:${String(Math.floor((left % 60_000) / 1000)).padStart(2, '0')}`;
    process.stdout.write(tty ? `\rWaiting for the sign-in: ${clock} left (Ctrl+C cancels) ` : `Waiting for the sign-in: ${clock} left\n`);
  };
  show();
  let ticks = 0;
  const timer = setInterval(() => {
    ticks += 1;
    if (tty || ticks % 30 === 0) show();
  }, 1000);
  return () => {
    clearInterval(timer);
    if (tty) process.stdout.write('\n');
  };
}

/** crewship:// addresses pasted on standard input go to the same callback handler as the app's deep links. */
function readPastedLinks(session: CliSession): () => void {
  let buffered = '';
  const onData = (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split(/\r?\n/);
    buffered = lines.pop() ?? '';
    for (const line of lines.map((text) => text.trim()).filter(Boolean)) void deliverPasted(session, line);
  };
  process.stdin.on('data', onData);
  return () => {
    process.stdin.removeListener('data', onData);
    process.stdin.pause();
  };
}

async function deliverPasted(session: CliSession, line: string): Promise<void> {
  const parsed = parseDeepLink(line);
  if (!parsed.ok) {
    process.stderr.write(`Not a crewship://oauth/callback address (${parsed.reason}): ${redactDeepLink(line)}\n`);
    return;
  }
  const outcome = await session.core.oauth.handleCallback(parsed.link.params, { kind: 'deep-link' });
  if (!outcome.ok && outcome.flowId === null) process.stderr.write(`${outcome.error.message}\n`);
}

function report(flow: OAuthFlow, output: Output): void {
  if (output.json) printJsonLine({ event: 'finished', flow });
  if (flow.status !== 'connected') {
    process.exitCode = EXIT_FAILURE;
    if (!output.json && flow.error) printError(flow.error, output);
    return;
  }
  if (output.json) return;
  process.stdout.write(`Connected. Granted scopes: ${flow.grantedScopes?.join(' ') || '(none)'}.\n`);
  if (flow.missingScopes.length > 0) process.stdout.write(`Not granted: ${flow.missingScopes.join(' ')} (\`crewship credential test\` reports it).\n`);
  printBound(flow.bound);
}

// ------------------------------------------------------------------ printing

function printBound(bound: Array<{ serverName: string; scope: string }>): void {
  if (bound.length === 0) return;
  process.stdout.write(`Auto-bound MCP servers (they reference this credential): ${bound.map((server) => `${server.serverName} (${server.scope})`).join(', ')}.\n`);
}

function printCredential(c: Credential): void {
  const lines: Array<[string, string]> = [
    ['id', c.id],
    ['provider', c.custom ? `${c.providerName} (custom: ${c.custom.authorizeUrl})` : c.providerName],
    ['status', statusText(c)],
    ['client id', c.clientId],
    ['client secret', c.clientSecretPreview ? `${c.clientSecretPreview} (sealed)` : 'none (public client)'],
    ['scopes asked', c.requestedScopes.join(' ') || '(none)'],
    ['scopes granted', c.grantedScopes ? c.grantedScopes.join(' ') || '(none)' : '-'],
    ['not granted', c.missingScopes.join(' ') || '-'],
    ['refresh token', c.hasRefreshToken ? 'held (sealed)' : 'none'],
    ['expires', c.expiresAt ?? '-'],
    ['last test', lastTestText(c)],
    ['last passed', c.lastTestPassedAt ?? 'never'],
    ['bound servers', c.boundServers.map((server) => `${server.serverName} (${server.scope})`).join(', ') || '-'],
  ];
  if (c.reauthReason) lines.splice(3, 0, ['reason', c.reauthReason]);
  process.stdout.write(`${c.label}\n`);
  for (const [name, value] of lines) process.stdout.write(`  ${name.padEnd(15)}${value}\n`);
}

function printTest(result: ConnectionTestResult): void {
  process.stdout.write(`${result.ok ? 'PASS' : `FAIL (${result.problem})`}  ${result.message}\n`);
  if (!result.ok) process.stdout.write(`hint: ${result.hint}\n`);
  for (const check of result.checks) {
    const mark = check.ok === null ? '-' : check.ok ? 'ok' : 'FAIL';
    process.stdout.write(`  ${mark.padEnd(5)}${check.name.padEnd(8)}${check.detail}\n`);
  }
}

/** connected, expiring in N min, expired, needs re-authorization, never connected, disconnected. */
function statusText(c: Credential): string {
  if (c.status === 'needs_reauth') return 'needs re-authorization';
  if (c.status === 'never_connected') return 'never connected';
  if (c.status === 'disconnected') return 'disconnected';
  if (!c.expiresAt) return 'connected';
  const minutes = Math.round((Date.parse(c.expiresAt) - Date.now()) / 60_000);
  if (minutes < 0) return 'expired';
  return minutes <= 15 ? `expiring in ${minutes} min` : 'connected';
}

function lastTestText(c: Credential): string {
  if (!c.lastTest) return 'never';
  return c.lastTest.ok ? `passed ${c.lastTest.at}` : `${c.lastTest.problem} ${c.lastTest.at}`;
}

function printJsonLine(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

// ------------------------------------------------------------------ input

function createInput(options: CreateOptions): MethodInput<'credentials.create'> {
  const custom = options.provider === 'custom' || options.authorizeUrl || options.tokenUrl;
  return {
    provider: options.provider,
    clientId: options.clientId,
    label: options.label,
    scopes: options.scope,
    ...(custom
      ? {
          custom: {
            name: options.name ?? options.label ?? 'Custom provider',
            authorizeUrl: options.authorizeUrl ?? '',
            tokenUrl: options.tokenUrl ?? '',
            userinfoUrl: options.userinfoUrl,
            introspectionUrl: options.introspectionUrl,
            revocationUrl: options.revocationUrl,
            issuer: options.issuer,
          },
        }
      : {}),
  };
}

/** The secret from the option or from standard input; never echoed. */
async function clientSecretOf(options: SecretOptions): Promise<{ clientSecret?: string }> {
  if (options.clientSecretStdin) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    const secret = Buffer.concat(chunks).toString('utf8').trim();
    return secret ? { clientSecret: secret } : {};
  }
  return options.clientSecret ? { clientSecret: options.clientSecret } : {};
}
