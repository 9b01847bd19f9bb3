import type { Command } from 'commander';
import type { MethodInput } from '../../../rpc/contract.ts';
import { callMethod } from '../../core-session.ts';
import { collect, printJson, printLines, printTable, readStdin, run } from '../../kit.ts';
import { lastTestText, printBound, printCredential, statusText } from './print.ts';

type SecretOptions = { clientSecret?: string; clientSecretStdin?: boolean };
type CreateOptions = SecretOptions & {
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
  json?: boolean;
};

/** credential providers: the catalog. */
export function registerCatalog(credential: Command): void {
  credential
    .command('providers')
    .description('List the OAuth providers in the catalog.')
    .option('--json', 'print JSON (an array of providers, each with its id)')
    .action(async (options: { json?: boolean }) =>
      run(options, async (output) => {
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
        printLines(['', 'Any other provider: `crewship credential create --provider custom --authorize-url … --token-url …`.']);
      }),
    );
}

export function registerCreateAndUpdate(credential: Command): void {
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
    .action(async (options: CreateOptions) =>
      run(options, async (output) => {
        const created = await callMethod('credentials.create', { ...createInput(options), ...(await clientSecretOf(options)) }, output);
        if (!created) return;
        if (output.json) return printJson(created);
        const c = created.credential;
        printLines([`Created credential "${c.label}" for ${c.providerName} (${c.id}).`, ...(c.clientSecretPreview ? [`  client secret: ${c.clientSecretPreview} (sealed)`] : [])]);
        printBound(created.bound);
        printLines([`Next: crewship credential connect "${c.label}"`]);
      }),
    );

  credential
    .command('update <credential>')
    .description('Change a credential’s label, its client secret (after a rotation) or the scopes the next connect asks for.')
    .option('--label <label>', 'a new label')
    .option('--client-secret <secret>', 'the new client secret')
    .option('--client-secret-stdin', 'read the new client secret from standard input')
    .option('--scope <scope>', 'the scopes to ask for from now on; repeat, or separate with spaces', collect)
    .option('--json', 'print JSON')
    .action(async (ref: string, options: SecretOptions & { label?: string; scope?: string[]; json?: boolean }) =>
      run(options, async (output) => {
        const input = { credential: ref, label: options.label, scopes: scopesOf(options.scope), ...(await clientSecretOf(options)) };
        const updated = await callMethod('credentials.update', input, output);
        if (!updated) return;
        if (output.json) return printJson(updated);
        printLines([`Updated credential "${updated.label}".`]);
      }),
    );
}

export function registerListAndShow(credential: Command): void {
  credential
    .command('list')
    .description('List the credentials: provider, status, granted scopes, last test.')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) =>
      run(options, async (output) => {
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
      }),
    );

  credential
    .command('show <credential>')
    .description('Show one credential by id or label (secrets masked).')
    .option('--json', 'print JSON')
    .action(async (ref: string, options: { json?: boolean }) =>
      run(options, async (output) => {
        const found = await callMethod('credentials.get', { credential: ref }, output);
        if (!found) return;
        if (output.json) return printJson(found);
        printCredential(found);
      }),
    );
}

export function registerDelete(credential: Command): void {
  credential
    .command('delete <credential>')
    .description('Delete a credential and everything sealed with it (MCP servers that referenced it lose their credential).')
    .action(async (ref: string) =>
      run({}, async (output) => {
        const deleted = await callMethod('credentials.delete', { credential: ref }, output);
        if (deleted) printLines([`Deleted credential ${ref}.`]);
      }),
    );
}

function createInput(options: CreateOptions): MethodInput<'credentials.create'> {
  const custom = options.provider === 'custom' || options.authorizeUrl || options.tokenUrl;
  return {
    provider: options.provider,
    clientId: options.clientId,
    label: options.label,
    scopes: scopesOf(options.scope),
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

/** Each --scope may hold several, separated by spaces or commas (`--scope "openid offline_access"`). */
function scopesOf(values: string[] | undefined): string[] | undefined {
  return values?.flatMap((value) => value.split(/[\s,]+/).filter(Boolean));
}

/** The secret from the option or from standard input; never echoed. */
async function clientSecretOf(options: SecretOptions): Promise<{ clientSecret?: string }> {
  if (options.clientSecretStdin) {
    const secret = await readStdin();
    return secret ? { clientSecret: secret } : {};
  }
  return options.clientSecret ? { clientSecret: options.clientSecret } : {};
}
