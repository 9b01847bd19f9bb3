import type { Command } from 'commander';
import { callMethod } from '../../core-session.ts';
import { printJson, printLines, printTable, readStdin, run } from '../../kit.ts';

const sourceLabels = { 'pre-registered': 'pre-registered', 'metadata-document': 'metadata document', dynamic: 'dynamic registration' } as const;

/**
 * How the console is known to each authorization server it signs in to MCP servers at: a client
 * the operator registered by hand (`mcp client set`), its Client ID Metadata Document
 * (`mcp client metadata` shows where it is published), or a dynamic registration.
 */
export function registerSignInClientCommands(mcp: Command): void {
  const client = mcp.command('client').description('The console’s client at the authorization servers of MCP servers that require sign-in.');

  client
    .command('list')
    .description('The registration with each authorization server: pre-registered, metadata document or dynamic (never a secret).')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) =>
      run(options, async (output) => {
        const clients = await callMethod('mcp.auth.clients.list', {}, output);
        if (!clients) return;
        if (output.json) return printJson(clients);
        printTable(
          clients,
          [
            ['ISSUER', (entry) => entry.issuer],
            ['SOURCE', (entry) => sourceLabels[entry.source]],
            ['CLIENT ID', (entry) => entry.clientId],
          ],
          'No registrations yet: a sign-in makes one, or `crewship mcp client set` enters one.',
        );
      }),
    );

  client
    .command('set')
    .description('Enter a client registered by hand with an authorization server; every sign-in there uses it.')
    .requiredOption('--issuer <url>', 'the authorization server (its issuer URL)')
    .requiredOption('--client-id <id>', 'the client ID it issued')
    .option('--client-secret-stdin', 'read the client secret (if it issued one) from standard input')
    .option('--json', 'print JSON')
    .action(async (options: { issuer: string; clientId: string; clientSecretStdin?: boolean; json?: boolean }) =>
      run(options, async (output) => {
        const secret = options.clientSecretStdin ? await readStdin() : '';
        const entry = await callMethod('mcp.auth.clients.set', { issuer: options.issuer, clientId: options.clientId, ...(secret ? { clientSecret: secret } : {}) }, output);
        if (!entry) return;
        if (output.json) return printJson(entry);
        printLines([`Sign-ins at ${entry.issuer} now use the client ${entry.clientId}${secret ? ' (its secret sealed)' : ''}.`]);
      }),
    );

  client
    .command('remove')
    .description('Forget the registration with an authorization server; the next sign-in there registers again.')
    .requiredOption('--issuer <url>', 'the authorization server (its issuer URL)')
    .option('--json', 'print JSON')
    .action(async (options: { issuer: string; json?: boolean }) =>
      run(options, async (output) => {
        const answer = await callMethod('mcp.auth.clients.remove', { issuer: options.issuer }, output);
        if (!answer) return;
        if (output.json) return printJson(answer);
        printLines([answer.removed ? `Forgot the registration at ${options.issuer}.` : `There was no registration at ${options.issuer}.`]);
      }),
    );

  client
    .command('metadata')
    .description('The console’s Client ID Metadata Document and the URL it is published at (its client_id where an authorization server supports them).')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) =>
      run(options, async (output) => {
        const published = await callMethod('mcp.auth.clientMetadata', {}, output);
        if (!published) return;
        if (output.json) return printJson(published);
        if (!published.url) return printLines(['No Client ID Metadata Document is used (CREWSHIP_CLIENT_METADATA_URL is empty): sign-ins register dynamically.']);
        printLines([`Published at: ${published.url}`, '']);
        printJson(published.document);
      }),
    );
}
