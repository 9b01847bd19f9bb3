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
 * What the registry's admission of this entry means, and no more: the publisher proved control of
 * the namespace when publishing (a GitHub login, or DNS/HTTP for the domain). It says nothing about
 * the code itself. `official` is whether the entry came from the official registry, whose
 * publishing also checks that each package names the server.
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
      ? `published by someone signed in to GitHub as ${namespace.owner} (the io.github.${namespace.owner} namespace)`
      : namespace.kind === 'domain'
        ? `published by someone who proved control of ${namespace.domain} (DNS or HTTP)`
        : `in the namespace ${namespace.namespace}, whose proof the registry does not describe`;
  const checked = packageRegistries.filter((type) => ['npm', 'pypi', 'oci', 'nuget', 'mcpb'].includes(type));
  const packages = official && checked.length > 0 ? `; at publishing, the registry checks that a ${checked.join(', ')} package names the server` : '';
  const where = official ? 'The official MCP registry lists this entry as' : 'This registry lists this entry as';
  const statusNote = status === 'active' ? '' : ` It is marked ${status}${statusMessage ? `: ${statusMessage}` : ''}.`;
  return {
    namespace,
    statement: `${where} ${proof}${packages}. This is not a review of the server’s code.${statusNote}`,
    status,
    statusMessage,
    packageRegistries,
  };
}
