import { expect } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import type { ErrorBody } from '../../main/errors/app-error.ts';
import type { MethodInput, MethodName, MethodOutput } from '../../main/rpc/contract.ts';
import { isEventNamed, type AppEventName, type AppEvents } from '../../main/events/app-events.ts';
import { openTestCore } from '../helpers/core.ts';

/** A core whose Composio domain talks to the stand-in at `baseUrl`, polling fast, retrying briefly. */
export function openComposioCore(dataDir: string, baseUrl: string, options: { env?: Record<string, string>; workspaceId?: string } = {}): Core {
  return openTestCore(dataDir, {
    ...(options.workspaceId ? { workspaceId: options.workspaceId } : {}),
    composio: { env: { COMPOSIO_BASE_URL: baseUrl, ...options.env }, pollIntervalMs: 25, requestTimeoutMs: 3000, maxRetries: 2 },
  });
}

/** The value of a contract call through the router (the doors' path); a refusal fails the test with its code. */
export async function ok<M extends MethodName>(core: Core, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const envelope = await core.router.call(method, input, { actor: 'ui' });
  if (!envelope.ok) throw new Error(`${method} refused: ${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as MethodOutput<M>;
}

/** The refusal of a contract call; a success fails the test. */
export async function refused<M extends MethodName>(core: Core, method: M, input: MethodInput<M>): Promise<ErrorBody> {
  const envelope = await core.router.call(method, input, { actor: 'ui' });
  if (envelope.ok) throw new Error(`${method} succeeded, a refusal was expected`);
  return envelope.error;
}

/** Every event of `name` the core publishes from now on. */
export function recordEvents<N extends AppEventName>(core: Core, name: N): Array<AppEvents[N]> {
  const seen: Array<AppEvents[N]> = [];
  core.bus.subscribe((event) => {
    if (isEventNamed(event, name)) seen.push(event.payload);
  });
  return seen;
}

/** Adds a workspace row directly (the workspaces domain is built beside this one). */
export function addWorkspace(core: Core, id: string, name: string): void {
  core.store.db.prepare("INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))").run(id, name);
}

/** Fails with the schema's issues when an answer of the stand-in does not match the zod schema the SDK applies to it (the SDK itself only warns). */
export function strictly(schema: { safeParse: (value: unknown) => { success: boolean; error?: { issues: unknown[] } } }, value: unknown): void {
  const result = schema.safeParse(value);
  expect(result.error?.issues ?? []).toEqual([]);
}
