import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppError } from '../errors/app-error.ts';
import { parseManifest, type McpbManifest } from './mcpb-manifest.ts';
import type { RegistryPackage } from './types.ts';
import { readZip, ZipError, type ZipEntry } from './zip-reader.ts';

/**
 * MCPB bundles (`registryType: "mcpb"`): the package's identifier is the bundle's URL and its
 * `fileSha256` what the file must hash to. A bundle is downloaded over https only (or http from
 * 127.0.0.1 where the options allow it: the tests' stand-in), within a size limit and a time limit,
 * held in memory and checked against its hash before anything touches the disk; then its zip is read
 * whole (paths, sizes and checksums checked) and written into `<dir>/<sha256>/` — the folder is named
 * by what it holds, so an install of the same bundle finds it there, and a failed one leaves nothing.
 */
export interface BundleOptions {
  /** Where bundles are unpacked (the data directory's `mcp-bundles`). */
  dir: string;
  /** The largest bundle downloaded (default 100 MiB) and what it may unpack to (default 4×). */
  maxBytes?: number;
  timeoutMs?: number;
  /** Allows http://127.0.0.1 URLs (tests); https is required otherwise. */
  allowLoopbackHttp?: boolean;
  fetch?: typeof fetch;
}

export interface UnpackedBundle {
  dir: string;
  manifest: McpbManifest;
  /** Whether this install unpacked it (so a failure after it removes the folder). */
  created: boolean;
}

const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 120_000;
const MAX_REDIRECTS = 5;
const MAX_ENTRIES = 20_000;

export class McpbBundles {
  private readonly options: BundleOptions;

  constructor(options: BundleOptions) {
    this.options = options;
  }

  /** Where the bundle is (or will be) unpacked: a folder named by its SHA-256. */
  folderOf(pkg: RegistryPackage): string {
    return join(this.options.dir, expectedHash(pkg));
  }

  /** The bundle's manifest, read from a checked download (nothing is written): what the install form asks for. */
  async inspect(pkg: RegistryPackage): Promise<McpbManifest> {
    const unpacked = join(this.folderOf(pkg), 'manifest.json');
    if (existsSync(unpacked)) return checkedManifest(readFileSync(unpacked, 'utf8'), pkg);
    return manifestOf(this.entries(await this.download(pkg), pkg), pkg);
  }

  /** Downloads, checks and unpacks the bundle (or finds it unpacked already). */
  async unpack(pkg: RegistryPackage): Promise<UnpackedBundle> {
    const hash = expectedHash(pkg);
    const dir = this.folderOf(pkg);
    const manifestPath = join(dir, 'manifest.json');
    if (existsSync(manifestPath)) {
      return { dir, manifest: checkedManifest(readFileSync(manifestPath, 'utf8'), pkg), created: false };
    }
    const entries = this.entries(await this.download(pkg), pkg);
    const manifest = manifestOf(entries, pkg);
    // Written under a temporary name and renamed whole: a folder named by its hash is always complete.
    const temporary = join(this.options.dir, `.unpacking-${hash.slice(0, 12)}-${randomBytes(4).toString('hex')}`);
    try {
      for (const entry of entries) {
        const path = join(temporary, entry.path);
        mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
        writeFileSync(path, entry.data, { mode: entry.executable ? 0o700 : 0o600 });
        if (entry.executable) chmodSync(path, 0o700);
      }
      renameSync(temporary, dir);
    } catch (error) {
      rmSync(temporary, { recursive: true, force: true });
      if (existsSync(manifestPath)) return { dir, manifest, created: false };
      throw error;
    }
    return { dir, manifest, created: true };
  }

  /** Removes a folder an install unpacked and then did not use. */
  discard(bundle: UnpackedBundle): void {
    if (bundle.created) rmSync(bundle.dir, { recursive: true, force: true });
  }

  private entries(zip: Buffer, pkg: RegistryPackage): ZipEntry[] {
    const maxBytes = this.options.maxBytes ?? DEFAULT_MAX_BYTES;
    try {
      return readZip(zip, { maxEntries: MAX_ENTRIES, maxUnpackedBytes: maxBytes * 4 });
    } catch (error) {
      if (error instanceof ZipError) throw invalid(pkg, `it is not a bundle that can be unpacked: ${error.message}`);
      throw error;
    }
  }

  private async download(pkg: RegistryPackage): Promise<Buffer> {
    const hash = expectedHash(pkg);
    const maxBytes = this.options.maxBytes ?? DEFAULT_MAX_BYTES;
    const signal = AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    let url = this.checkedUrl(pkg.identifier, pkg.identifier);
    let body: Buffer;
    try {
      for (let redirects = 0; ; redirects++) {
        const response = await (this.options.fetch ?? fetch)(url, { redirect: 'manual', signal });
        const location = response.headers.get('location');
        if (response.status >= 300 && response.status < 400 && location !== null && redirects < MAX_REDIRECTS) {
          await response.body?.cancel();
          url = this.checkedUrl(new URL(location, url).toString(), pkg.identifier);
          continue;
        }
        if (!response.ok) throw downloadFailed(pkg, `it answered ${response.status}`);
        body = await limitedBody(response, maxBytes, pkg);
        break;
      }
    } catch (error) {
      if (error instanceof AppError) throw error;
      const reason = error instanceof Error && error.name === 'TimeoutError' ? `it did not arrive within ${Math.round((this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000)} s` : 'it could not be reached';
      throw downloadFailed(pkg, reason, error);
    }
    const actual = createHash('sha256').update(body).digest('hex');
    if (actual !== hash) {
      throw new AppError(
        'registry_bundle_hash_mismatch',
        `The bundle downloaded from ${pkg.identifier} hashes to ${actual}, not the fileSha256 the registry gives (${hash}); it was not installed.`,
        'The file changed since it was published, or the download was tampered with. Nothing was kept; ask its publisher, or install another package.',
      );
    }
    return body;
  }

  private checkedUrl(url: string, identifier: string): string {
    const parsed = URL.canParse(url) ? new URL(url) : null;
    const loopbackHttp = parsed?.protocol === 'http:' && parsed.hostname === '127.0.0.1' && this.options.allowLoopbackHttp === true;
    if (parsed === null || (parsed.protocol !== 'https:' && !loopbackHttp)) {
      throw new AppError(
        'registry_bundle_url_refused',
        `The bundle's URL ${url === identifier ? url : `${url} (a redirect from ${identifier})`} is not https; the console downloads bundles over https only.`,
        'Install another package or a remote of this server, or ask its publisher to host the bundle over https.',
      );
    }
    return parsed.toString();
  }
}

function expectedHash(pkg: RegistryPackage): string {
  const hash = pkg.fileSha256?.toLowerCase() ?? '';
  if (!/^[a-f0-9]{64}$/.test(hash)) {
    throw new AppError(
      'registry_bundle_unverified',
      `The registry gives ${pkg.fileSha256 ? `"${pkg.fileSha256}", which is not a SHA-256,` : 'no fileSha256'} for the bundle ${pkg.identifier}: what would be downloaded could not be checked, so it is not installed.`,
      'Install another package or a remote of this server, or ask its publisher to publish the bundle with its fileSha256.',
    );
  }
  return hash;
}

async function limitedBody(response: Response, maxBytes: number, pkg: RegistryPackage): Promise<Buffer> {
  const tooLarge = () => new AppError('registry_bundle_too_large', `The bundle ${pkg.identifier} is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB; it was not downloaded.`, 'Install another package or a remote of this server.');
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += (chunk as Uint8Array).length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk as Uint8Array);
  }
  return Buffer.concat(chunks);
}

function manifestOf(entries: ZipEntry[], pkg: RegistryPackage): McpbManifest {
  const manifest = entries.find((entry) => entry.path === 'manifest.json');
  if (!manifest) throw invalid(pkg, 'it has no manifest.json at its top');
  return checkedManifest(manifest.data.toString('utf8'), pkg);
}

function checkedManifest(text: string, pkg: RegistryPackage): McpbManifest {
  const parsed = parseManifest(text);
  if ('problem' in parsed) throw invalid(pkg, parsed.problem);
  return parsed;
}

export function invalid(pkg: RegistryPackage, reason: string): AppError {
  return new AppError('registry_bundle_invalid', `The bundle ${pkg.identifier} cannot be installed: ${reason}.`, 'Nothing was kept. Ask its publisher, or install another package or a remote of this server.');
}

function downloadFailed(pkg: RegistryPackage, reason: string, cause?: unknown): AppError {
  return new AppError('registry_bundle_download_failed', `The bundle ${pkg.identifier} could not be downloaded: ${reason}.`, 'Check the network and try again; nothing was kept.', cause === undefined ? undefined : { cause });
}
