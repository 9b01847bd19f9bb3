import type { McpServerConfig, MethodInput } from '../../../../main/rpc/contract.ts';

/**
 * The server form as a person fills it: lists as lines of text (one argument per line,
 * `NAME=value` for env, `Name: value` for headers, allowed variables by spaces, commas or lines). Converting to and from the contract's
 * shape lives here so the form component only draws.
 */
export type TransportKind = 'stdio' | 'streamable-http' | 'sse';
export type InjectionKind = 'none' | 'bearer' | 'api_key' | 'basic' | 'env';
type ScopeKind = 'workspace' | 'crew' | 'agent';

export interface ServerFormValues {
  name: string;
  scopeKind: ScopeKind;
  /** The crew's or agent's id, for those scopes. */
  scopeRef: string;
  transport: TransportKind;
  command: string;
  args: string;
  env: string;
  cwd: string;
  url: string;
  headers: string;
  /** The console environment variables the placeholders may read. */
  allowedEnv: string;
  credentialId: string;
  injection: InjectionKind;
  /** The header for api_key, the variable for env. */
  injectionTarget: string;
  provider: string;
  enabled: boolean;
  connectTimeoutSeconds: string;
}

export const emptyServerForm: ServerFormValues = {
  name: '',
  scopeKind: 'workspace',
  scopeRef: '',
  transport: 'stdio',
  command: '',
  args: '',
  env: '',
  cwd: '',
  url: '',
  headers: '',
  allowedEnv: '',
  credentialId: '',
  injection: 'none',
  injectionTarget: '',
  provider: '',
  enabled: true,
  connectTimeoutSeconds: '',
};

export function formFromConfig(config: McpServerConfig): ServerFormValues {
  const { transport, credential, scope } = config;
  const injection = credential?.injection;
  return {
    name: config.name,
    scopeKind: scope.kind,
    scopeRef: scope.kind === 'crew' ? scope.crewId : scope.kind === 'agent' ? scope.agentId : '',
    transport: transport.type,
    command: transport.type === 'stdio' ? transport.command : '',
    args: transport.type === 'stdio' ? transport.args.join('\n') : '',
    env: transport.type === 'stdio' ? pairsToLines(transport.env, '=') : '',
    cwd: transport.type === 'stdio' ? (transport.cwd ?? '') : '',
    url: transport.type === 'stdio' ? '' : transport.url,
    headers: transport.type === 'stdio' ? '' : pairsToLines(transport.headers, ': '),
    allowedEnv: config.allowedEnv.join(' '),
    credentialId: credential?.credentialId ?? '',
    injection: injection?.kind ?? 'none',
    injectionTarget: injection?.kind === 'api_key' ? injection.header : injection?.kind === 'env' ? injection.variable : '',
    provider: config.provider ?? '',
    enabled: config.enabled,
    connectTimeoutSeconds: config.connectTimeoutMs === null ? '' : String(config.connectTimeoutMs / 1000),
  };
}

export type ServerInput = MethodInput<'mcp.servers.create'>;

/** Either the create input, or the first problem found, said so that the operator knows which field to fix. */
export function configFromForm(values: ServerFormValues): { ok: true; input: ServerInput } | { ok: false; problem: string } {
  const env = linesToPairs(values.env, '=');
  if (!env.ok) return { ok: false, problem: `Environment, line ${env.line}: write NAME=value.` };
  const headers = linesToPairs(values.headers, ':');
  if (!headers.ok) return { ok: false, problem: `Headers, line ${headers.line}: write Name: value.` };
  if ((values.scopeKind === 'crew' || values.scopeKind === 'agent') && !values.scopeRef) {
    return { ok: false, problem: `Choose the ${values.scopeKind} this server belongs to.` };
  }
  if (values.injection !== 'none' && !values.credentialId.trim()) return { ok: false, problem: 'Choose the credential to inject, or choose No credential.' };
  if ((values.injection === 'api_key' || values.injection === 'env') && !values.injectionTarget.trim()) {
    return { ok: false, problem: values.injection === 'api_key' ? 'Name the header that carries the API key.' : 'Name the environment variable that carries the secret.' };
  }
  const timeout = values.connectTimeoutSeconds.trim();
  const timeoutSeconds = timeout === '' ? null : Number(timeout);
  if (timeoutSeconds !== null && !(Number.isFinite(timeoutSeconds) && timeoutSeconds > 0)) return { ok: false, problem: 'The connect timeout is a number of seconds, such as 15.' };

  const transport: ServerInput['transport'] =
    values.transport === 'stdio'
      ? {
          type: 'stdio',
          command: values.command.trim(),
          args: values.args.split('\n').map((line) => line.trim()).filter((line) => line !== ''),
          env: env.pairs,
          cwd: values.cwd.trim() || null,
        }
      : { type: values.transport, url: values.url.trim(), headers: headers.pairs };
  return {
    ok: true,
    input: {
      name: values.name.trim(),
      scope:
        values.scopeKind === 'crew'
          ? { kind: 'crew', crew: values.scopeRef }
          : values.scopeKind === 'agent'
            ? { kind: 'agent', agent: values.scopeRef }
            : { kind: 'workspace' },
      transport,
      credential: values.injection === 'none' ? null : { credentialId: values.credentialId.trim(), injection: injectionOf(values) },
      allowedEnv: [...new Set(values.allowedEnv.split(/[\s,]+/).filter((name) => name !== ''))],
      provider: values.provider.trim() || null,
      enabled: values.enabled,
      connectTimeoutMs: timeoutSeconds === null ? null : Math.round(timeoutSeconds * 1000),
    },
  };
}

function injectionOf(values: ServerFormValues) {
  switch (values.injection) {
    case 'api_key':
      return { kind: 'api_key' as const, header: values.injectionTarget.trim() };
    case 'env':
      return { kind: 'env' as const, variable: values.injectionTarget.trim() };
    case 'basic':
      return { kind: 'basic' as const };
    default:
      return { kind: 'bearer' as const };
  }
}

function pairsToLines(pairs: Record<string, string>, separator: string): string {
  return Object.entries(pairs)
    .map(([key, value]) => `${key}${separator}${value}`)
    .join('\n');
}

/** Splits at the first separator, so values may hold it (`URL=http://a?b=c`). Blank lines are skipped. */
export function linesToPairs(text: string, separator: string): { ok: true; pairs: Record<string, string> } | { ok: false; line: number } {
  const pairs: Record<string, string> = {};
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    if (raw.trim() === '') continue;
    const at = raw.indexOf(separator);
    const key = at === -1 ? '' : raw.slice(0, at).trim();
    if (!key) return { ok: false, line: index + 1 };
    pairs[key] = raw.slice(at + separator.length).trim();
  }
  return { ok: true, pairs };
}
