import type { RegistryStatus, RegistryVerification } from './types.ts';

/** The namespace of a registry name (`io.github.octo/weather` → a GitHub login; `com.example/x` → a domain). */
export function namespaceOf(name: string): RegistryVerification['namespace'] {
  const namespace = name.split('/')[0] ?? name;
  const github = /^io\.github\.([A-Za-z0-9-]+)$/.exec(namespace);
  if (github) return { kind: 'github', owner: github[1] as string };
  const parts = namespace.split('.');
  if (parts.length >= 2 && parts.every((part) => /^[A-Za-z0-9-]+$/.test(part))) return { kind: 'domain', domain: [...parts].reverse().join('.') };
  return { kind: 'other', namespace };
}

/**
 * What the registry's admission of this entry means, and no more. The official registry admits a
 * name only after its publisher proved control of the namespace (a GitHub login, or DNS/HTTP for
 * the domain) and, at publishing, checks that each package names the server. Another registry
 * that speaks the same API (a company's sub-registry) may check less or nothing: for its entries
 * the statement says what the namespace would mean in the official registry, and that the console
 * cannot tell what that registry checked. Neither says anything about the code itself.
 */
export function verificationOf(
  name: string,
  status: RegistryStatus,
  statusMessage: string | null,
  packageRegistries: string[],
  official: boolean,
): RegistryVerification {
  const namespace = namespaceOf(name);
  const proof =
    namespace.kind === 'github'
      ? `someone signed in to GitHub as ${namespace.owner} (the io.github.${namespace.owner} namespace)`
      : namespace.kind === 'domain'
        ? `someone who proved control of ${namespace.domain} (DNS or HTTP)`
        : null;
  const checked = packageRegistries.filter((type) => ['npm', 'pypi', 'oci', 'nuget', 'mcpb'].includes(type));
  const packages = checked.length > 0 ? `; at publishing, the registry checks that a ${checked.join(', ')} package names the server` : '';
  const claim = official
    ? proof
      ? `The official MCP registry lists this entry as published by ${proof}${packages}.`
      : `The official MCP registry lists this entry in the namespace ${name.split('/')[0] ?? name}, whose proof it does not describe.`
    : `This entry comes from a registry other than the official one, which may check less when it admits an entry: ${
        proof ? `the official registry would admit this name only from ${proof}, but` : 'its namespace has no proof the official registry describes, and'
      } what this registry checked, the console cannot tell.`;
  const statusNote = status === 'active' ? '' : ` It is marked ${status}${statusMessage ? `: ${statusMessage}` : ''}.`;
  return {
    namespace,
    official,
    statement: `${claim} This is not a review of the server’s code.${statusNote}`,
    status,
    statusMessage,
    packageRegistries,
  };
}
