import { AppError } from '../errors/app-error.ts';
import { describeJsonError, parseJsonText } from '../errors/json-text.ts';
import { categoryOf } from './category.ts';
import { parseServerJson } from './server-json.ts';
import type { RegistryServerDetail } from './types.ts';
import { namespaceOf, verificationOf } from './verification.ts';

/** The source an install from a server.json file records: no registry. */
export const FILE_SOURCE = 'file';

/** A server.json the operator has, read as an entry of its own (not from any registry). */
export function entryFromFile(text: string): RegistryServerDetail {
  const parsedText = parseJsonText(text);
  if (!parsedText.ok) throw new AppError('registry_server_json_invalid', `The server.json is not valid JSON: ${describeJsonError(parsedText.error)}`, 'Fix the file and install it again.');
  const parsed = parseServerJson(parsedText.value);
  if ('problems' in parsed) {
    throw new AppError(
      'registry_server_json_invalid',
      `The server.json does not fit the schema (${parsed.problems.length} problem${parsed.problems.length === 1 ? '' : 's'}): ${parsed.problems.join('; ')}.`,
      'Fix each problem named (the schema: https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json) and install it again.',
    );
  }
  const { server } = parsed;
  const { category, source: categorySource } = categoryOf(server);
  const packageTypes = [...new Set(server.packages.map((pkg) => pkg.registryType))];
  return {
    source: FILE_SOURCE,
    name: server.name,
    title: server.title,
    description: server.description,
    version: server.version,
    isLatest: true,
    status: 'active',
    category,
    categorySource,
    packageTypes,
    transports: [...new Set([...server.packages.map((pkg) => pkg.transport.type), ...server.remotes.map((remote) => remote.type)])],
    hasPackages: server.packages.length > 0,
    hasRemotes: server.remotes.length > 0,
    namespaceKind: namespaceOf(server.name).kind,
    publishedAt: null,
    updatedAt: null,
    websiteUrl: server.websiteUrl,
    repository: server.repository,
    icons: server.icons,
    packages: server.packages,
    remotes: server.remotes,
    statusMessage: null,
    verification: { ...verificationOf(server.name, 'active', null, packageTypes, false), statement: 'From a server.json file: no registry has checked its namespace or packages.' },
    versions: [],
  };
}
