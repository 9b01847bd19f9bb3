import { AppError } from '../errors/app-error.ts';

/**
 * `${VAR}` and `${VAR:-default}` placeholders, as in Claude Code's `.mcp.json`. They are resolved
 * only at connect time, so stored configs and exported files keep the placeholder, never its value.
 */
const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export function placeholderNames(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1] as string);
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
