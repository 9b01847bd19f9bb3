import { AppError } from '../errors/app-error.ts';

/** Lowercase ASCII words joined by '-', as used in paths like crew/agents/<slug>/.mcp.json. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
}

export function requireSlug(slug: string, name: string, what: 'crew' | 'agent' | 'workspace'): void {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug)) {
    throw new AppError(
      `${what}_slug_invalid`,
      `"${name}" does not give a usable ${what} slug.`,
      'Use a name with letters or digits, or pass a slug made of lowercase letters, digits and dashes.',
    );
  }
}
