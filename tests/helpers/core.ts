import { createCore, type Core, type CoreOptions } from '../../main/app/core.ts';
import type { Actor } from '../../main/audit/audit-entry.ts';
import type { Envelope, ErrorBody, MethodInput, MethodName, MethodOutput } from '../../main/rpc/contract.ts';
import { resolveNodeKeyProvider } from '../../main/vault/node-key-provider.ts';

export const TEST_MASTER_KEY = 'test-master-key-0123456789abcdef';

/** Long enough for a server that exits when its stdin ends to do so under load, short beside 2 s. */
export const TEST_STDIO_EXIT_GRACE_MS = 300;

/**
 * The one way a test opens a core: a real core on a real SQLite file in `dataDir`, its vault keyed
 * by CREWSHIP_MASTER_KEY = TEST_MASTER_KEY, its internal faults not logged, and its placeholders
 * reading no environment but `options.mcp.env`, a healthy stdio server that ignores the end of its
 * stdin (server-everything does) sent SIGTERM after TEST_STDIO_EXIT_GRACE_MS rather than the
 * product's 2 s, which every test's close would otherwise wait out. `options` adds to these or replaces them (a
 * test about another key provider passes its own `keyProvider`).
 */
export function openTestCore(dataDir: string, options: Partial<CoreOptions> = {}): Core {
  const keyProvider = options.keyProvider ?? resolveNodeKeyProvider({ CREWSHIP_MASTER_KEY: TEST_MASTER_KEY }, dataDir);
  return createCore({ dataDir, logInternalError: () => {}, ...options, keyProvider, mcp: { env: {}, stdioExitGraceMs: TEST_STDIO_EXIT_GRACE_MS, ...options.mcp } });
}

/**
 * One contract method through the core's router, as a door calls it (the actor says which door):
 * the input is typed by the method's schema and the answer is its typed envelope. A test that sends
 * input the schema's type refuses, or a method that does not exist, calls `core.router` itself.
 */
export async function callContract<M extends MethodName>(core: Core, method: M, input: MethodInput<M>, actor: Actor = 'ui'): Promise<Envelope<MethodOutput<M>>> {
  // The router is typed for every door (any name, any input); the contract says what this method returns.
  return (await core.router.call(method, input, { actor })) as Envelope<MethodOutput<M>>;
}

/** The method's value; a refusal fails the test with the error's code, message and hint. */
export async function callOk<M extends MethodName>(core: Core, method: M, input: MethodInput<M>, actor: Actor = 'ui'): Promise<MethodOutput<M>> {
  const envelope = await callContract(core, method, input, actor);
  if (envelope.ok) return envelope.value;
  const { code, message, hint } = envelope.error;
  throw Object.assign(new Error(`${method} was refused: ${code} — ${message} (${hint})`), { code, hint });
}

/** The error a method answers with; it succeeding fails the test. */
export async function callRefused<M extends MethodName>(core: Core, method: M, input: MethodInput<M>, actor: Actor = 'ui'): Promise<ErrorBody> {
  const envelope = await callContract(core, method, input, actor);
  if (envelope.ok) throw new Error(`${method} was expected to be refused, and succeeded`);
  return envelope.error;
}
