import type { Core } from '../app/core.ts';
import { toErrorBody } from '../errors/app-error.ts';
import type { MethodInput, MethodName, MethodOutput } from '../rpc/contract.ts';
import { resolveDataDir } from '../store/data-dir.ts';
import { EXIT_FAILURE, exitCodeForStatus } from './exit-codes.ts';
import { printError, type Output } from './output.ts';

/** Opens the core for one command; the modules load only when a command needs them, so --help stays instant. */
export async function openCore(): Promise<Core> {
  const [{ createCore }, { resolveNodeKeyProvider }] = await Promise.all([
    import('../app/core.ts'),
    import('../vault/node-key-provider.ts'),
  ]);
  const dataDir = resolveDataDir();
  return createCore({ dataDir, keyProvider: resolveNodeKeyProvider(process.env, dataDir) });
}

/**
 * Calls one contract method as the CLI door: the same router, the same validation and the
 * same envelope as the other doors. On failure it prints the error and sets the exit code.
 */
export async function callMethod<M extends MethodName>(
  method: M,
  input: MethodInput<M>,
  output: Output,
): Promise<MethodOutput<M> | undefined> {
  let core: Core;
  try {
    core = await openCore();
  } catch (error) {
    printError(toErrorBody(error), output);
    process.exitCode = EXIT_FAILURE;
    return undefined;
  }
  try {
    const { envelope, status } = await core.router.dispatch(method, input, { actor: 'cli' });
    if (envelope.ok) return envelope.value as MethodOutput<M>;
    printError(envelope.error, output);
    process.exitCode = exitCodeForStatus(status);
    return undefined;
  } finally {
    core.close();
  }
}
