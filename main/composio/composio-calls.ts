import type { AppError } from '../errors/app-error.ts';
import { composioFailure, openComposioClient, type ComposioSdk } from './client.ts';
import type { EffectiveKey, ProjectKeys } from './project-key.ts';

/** The failures that pass: a wait goes on through them, and the inventory falls back to its last reading. */
export const FALLBACK_ERRORS: ReadonlySet<string> = new Set(['composio_unreachable', 'composio_timeout', 'composio_server_error', 'composio_rate_limited']);

/** One SDK client per key and base URL, opened on first use, and every call through it made with a coded error on failure. */
export class ComposioCalls {
  readonly keys: ProjectKeys;
  private readonly request: { timeoutMs: number; maxRetries: number };
  private clients = new Map<string, Promise<ComposioSdk>>();

  constructor(keys: ProjectKeys, request: { timeoutMs: number; maxRetries: number }) {
    this.keys = keys;
    this.request = request;
  }

  private client(key: Pick<EffectiveKey, 'apiKey' | 'baseURL'>): Promise<ComposioSdk> {
    const id = `${key.baseURL}\n${key.apiKey}`;
    let client = this.clients.get(id);
    if (!client) {
      client = openComposioClient({ apiKey: key.apiKey, baseURL: key.baseURL, timeoutMs: this.request.timeoutMs, maxRetries: this.request.maxRetries });
      this.clients.set(id, client);
      client.catch(() => this.clients.delete(id));
    }
    return client;
  }

  /** Runs `work` against Composio with the effective key; every failure comes out as a coded error. */
  async withComposio<T>(work: (composio: ComposioSdk) => Promise<T>, notFound?: () => AppError, key: EffectiveKey = this.keys.require()): Promise<T> {
    try {
      return await work(await this.client(key));
    } catch (error) {
      throw composioFailure(error, key.baseURL, notFound);
    }
  }
}
