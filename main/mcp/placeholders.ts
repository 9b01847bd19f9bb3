import { AppError } from '../errors/app-error.ts';
import type { McpServerConfig, McpTransportConfig } from './types.ts';

/**
 * `${VAR}` and `${VAR:-default}` placeholders, as in Claude Code's `.mcp.json`. They are resolved
 * only at connect time, so stored configs and exported files keep the placeholder, never its value.
 *
 * A placeholder takes its value from the server's own credential (its variable), or from the
 * console's environment only for a variable the operator allowed for that server: a config from
 * elsewhere must not be able to read the console's secrets (its master key, cloud keys) into a
 * child process or a remote request. `CREWSHIP_*` belongs to the console and never resolves.
 */
const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export function placeholderNames(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1] as string);
}

export function isReservedVariable(name: string): boolean {
  return /^CREWSHIP_/i.test(name);
}

/** What a server's placeholders may read besides their defaults. */
interface PlaceholderPolicy {
  serverName: string;
  /** The server's credential's variable, when one is bound. */
  credentialVariable: string | null;
  /** The variables the operator allowed from the console's environment. */
  allowedEnv: readonly string[];
  /** The server's own sealed values (McpServerSecrets), by name. */
  sealedVariables?: readonly string[];
}

export function placeholderPolicyOf(config: Pick<McpServerConfig, 'name' | 'credential' | 'allowedEnv' | 'sealedVariables'>): PlaceholderPolicy {
  return { serverName: config.name, credentialVariable: config.credential?.variable ?? null, allowedEnv: config.allowedEnv, sealedVariables: config.sealedVariables };
}

/** Whether the server has a sealed value of this name (never for CREWSHIP_*). */
function isSealedVariable(name: string, policy: PlaceholderPolicy): boolean {
  return !isReservedVariable(name) && (policy.sealedVariables ?? []).includes(name);
}

/** One placeholder that may not read the environment and has no default to fall back on. */
interface DisallowedPlaceholder {
  variable: string;
  /** e.g. `env.AWS_KEY`, `args[1]`, `headers.Authorization`. */
  field: string;
  serverName: string;
}

/** Every text field of a transport that placeholders may appear in, named as errors name them. */
function transportTexts(transport: McpTransportConfig): Array<{ field: string; text: string }> {
  if (transport.type === 'stdio') {
    return [
      { field: 'command', text: transport.command },
      ...transport.args.map((text, i) => ({ field: `args[${i}]`, text })),
      ...Object.entries(transport.env).map(([key, text]) => ({ field: `env.${key}`, text })),
      ...(transport.cwd === null ? [] : [{ field: 'cwd', text: transport.cwd }]),
    ];
  }
  return [{ field: 'url', text: transport.url }, ...Object.entries(transport.headers).map(([key, text]) => ({ field: `headers.${key}`, text }))];
}

/**
 * Whether a placeholder may read this variable from the console's environment: allowed, not
 * `CREWSHIP_*`, and not the credential's (the credential answers for its own variable).
 */
export function mayReadEnvironment(name: string, policy: PlaceholderPolicy): boolean {
  return !isReservedVariable(name) && name !== policy.credentialVariable && policy.allowedEnv.includes(name);
}

/**
 * The placeholders that would have no permitted source. `${VAR:-default}` is never among them: a
 * variable that is not allowed gets its default, the literal the operator wrote, never the
 * environment's value.
 */
export function disallowedPlaceholders(transport: McpTransportConfig, policy: PlaceholderPolicy): DisallowedPlaceholder[] {
  const found: DisallowedPlaceholder[] = [];
  for (const { field, text } of transportTexts(transport)) {
    for (const match of text.matchAll(PLACEHOLDER)) {
      const variable = match[1] as string;
      const hasDefault = match[2] !== undefined;
      const fromCredential = variable === policy.credentialVariable && !isReservedVariable(variable);
      if (!hasDefault && !fromCredential && !isSealedVariable(variable, policy) && !mayReadEnvironment(variable, policy)) found.push({ variable, field, serverName: policy.serverName });
    }
  }
  return found;
}

/** How an operator allows a variable for one server, for the hints of refused placeholders. */
export function allowEnvHint(serverName: string): string {
  return `\`crewship mcp edit ${serverName} --allow-env VAR\`, or Allowed environment variables in the server form`;
}

/** Refuses a config, before it is stored or connected, whose placeholders could read what they may not. */
export function requireAllowedPlaceholders(transport: McpTransportConfig, policy: PlaceholderPolicy, howToAllow: string): void {
  const disallowed = disallowedPlaceholders(transport, policy);
  if (disallowed.length > 0) throw placeholderNotAllowed(disallowed, howToAllow);
}

/** `howToAllow` is the door's way of allowing a variable, for the hint. */
export function placeholderNotAllowed(disallowed: readonly DisallowedPlaceholder[], howToAllow: string): AppError {
  const described = disallowed.map(({ variable, field, serverName }) => `\${${variable}} in ${field} of MCP server "${serverName}"`);
  const reserved = disallowed.some(({ variable }) => isReservedVariable(variable));
  const allowable = [...new Set(disallowed.map(({ variable }) => variable).filter((variable) => !isReservedVariable(variable)))];
  const hints = [
    ...(allowable.length > 0
      ? [`Allow ${allowable.join(', ')} for the server (${howToAllow}), bind a credential whose variable it is, or write \${VAR:-default} to use only the default.`]
      : []),
    ...(reserved ? ['CREWSHIP_* variables are the console’s own and can never be allowed: remove those placeholders.'] : []),
  ];
  return new AppError(
    'mcp_placeholder_not_allowed',
    `${disallowed.length === 1 ? 'The placeholder' : 'The placeholders'} ${described.join('; ')} may not read the console’s environment (a placeholder reads only the server’s credential, or a variable allowed for the server).`,
    hints.join(' '),
  );
}

/** Refuses allowing a `CREWSHIP_*` variable, at every door that takes an allow-list. */
export function requireAllowableVariables(variables: readonly string[]): void {
  const reserved = variables.filter(isReservedVariable);
  if (reserved.length === 0) return;
  throw new AppError(
    'mcp_placeholder_reserved',
    `${reserved.join(', ')} cannot be allowed: CREWSHIP_* variables are the console’s own (its master key among them) and never resolve in a server’s config.`,
    'Leave it out of the allowed variables; give the server its own variable, or bind a credential.',
  );
}

export interface ResolvedText {
  text: string;
  /** The values that replaced placeholders (so they can be redacted from logs and errors). */
  values: string[];
}

/** `where` names the field for the error, e.g. `env.GITHUB_TOKEN` of server "github". */
export function resolvePlaceholders(text: string, lookup: (name: string) => string | undefined, where: string): ResolvedText {
  const values: string[] = [];
  const resolved = text.replace(PLACEHOLDER, (_match, name: string, fallback: string | undefined) => {
    const value = lookup(name) ?? fallback;
    if (value === undefined) throw unresolvedPlaceholder(name, where);
    values.push(value);
    return value;
  });
  return { text: resolved, values };
}

function unresolvedPlaceholder(name: string, where: string): AppError {
  return new AppError(
    'mcp_placeholder_unresolved',
    `The placeholder \${${name}} in ${where} has no value.`,
    `Set ${name} in the console's environment, bind a credential whose variable is ${name} to this server, or write \${${name}:-default}.`,
  );
}
