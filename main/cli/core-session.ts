import type { Core, CoreOptions } from '../app/core.ts';
import { toErrorBody } from '../errors/app-error.ts';
import type { MethodInput, MethodName, MethodOutput } from '../rpc/contract.ts';
import type { AppEvent } from '../rpc/events.ts';
import { resolveDataDir } from '../store/data-dir.ts';
import { exitCodeForStatus, fail, type Output } from './kit.ts';

let chosenWorkspace: string | undefined;

/** The program's `--workspace`, read before every command's action (cli/index.ts). */
export function chooseWorkspace(workspace: string | undefined): void {
  chosenWorkspace = workspace;
}

/** The workspace a command works in: `--workspace`, else `CREWSHIP_WORKSPACE`, else (undefined) the default. */
function cliWorkspace(): string | undefined {
  return chosenWorkspace || process.env.CREWSHIP_WORKSPACE || undefined;
}

/**
 * Opens the core for one command, in the workspace the command works in (an unknown one is
 * `workspace_not_found`, exit 1); the modules load only when a command needs them, so --help
 * stays instant. `inDefaultWorkspace`: for what belongs to no workspace (the list of workspaces),
 * which works whatever `--workspace` names.
 */
export async function openCore(
  options: Pick<CoreOptions, 'oauth' | 'followOtherProcesses' | 'mcp' | 'everyWorkspace'> & { inDefaultWorkspace?: boolean } = {},
): Promise<Core> {
  const [{ createCore }, { resolveNodeKeyProvider }] = await Promise.all([
    import('../app/core.ts'),
    import('../vault/node-key-provider.ts'),
  ]);
  const dataDir = resolveDataDir();
  const { inDefaultWorkspace, ...coreOptions } = options;
  const workspaceId = inDefaultWorkspace ? undefined : cliWorkspace();
  return createCore({ dataDir, keyProvider: resolveNodeKeyProvider(process.env, dataDir), ...coreOptions, ...(workspaceId ? { workspaceId } : {}) });
}

/**
 * Calls one contract method as the CLI door: the same router, the same validation and the
 * same envelope as the other doors. On failure it prints the error and sets the exit code.
 */
export async function callMethod<M extends MethodName>(
  method: M,
  input: MethodInput<M>,
  output: Output,
  /** Long work reports as it goes: a command that shows progress listens to the core's events. */
  options: { onEvent?: (event: AppEvent) => void; inDefaultWorkspace?: boolean } = {},
): Promise<MethodOutput<M> | undefined> {
  return withCore(output, options, (session) => {
    const onEvent = options.onEvent;
    if (onEvent) session.core.bus.subscribe(onEvent);
    return session.call(method, input);
  });
}

/** A command's open core, and the CLI door's way of calling the contract on it. */
export interface CliSession {
  core: Core;
  /** Resolves with the value, or undefined after printing the error and setting the exit code. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M> | undefined>;
}

/**
 * Opens the core for a command that does more than one call, or follows work after it (a Connect
 * waiting for its callback), and closes it when `use` settles.
 */
/**
 * inDefaultWorkspace: the command acts across workspaces (`crewship workspace …`);
 * followOtherProcesses: it follows what other processes change (`crew messages --follow`).
 */
interface SessionOptions {
  inDefaultWorkspace?: boolean;
  followOtherProcesses?: CoreOptions['followOtherProcesses'];
}

export async function withCore<T>(
  output: Output,
  ...args:
    | [use: (session: CliSession) => Promise<T>]
    | [options: SessionOptions, use: (session: CliSession) => Promise<T>]
): Promise<T | undefined> {
  const [options, use] = args.length === 1 ? [{}, args[0]] : args;
  let core: Core;
  try {
    core = await openCore({ ...options, inDefaultWorkspace: options.inDefaultWorkspace ?? false });
  } catch (error) {
    fail(toErrorBody(error), output);
    return undefined;
  }
  try {
    return await use(sessionOver(core, output));
  } finally {
    await core.close();
  }
}

/** The CLI door over an open core: each call through its router, a refusal printed with its exit code. */
export function sessionOver(core: Core, output: Output): CliSession {
  return {
    core,
    async call(method, input) {
      const { envelope, status } = await core.router.dispatch(method, input, { actor: 'cli' });
      if (envelope.ok) return envelope.value as MethodOutput<typeof method>;
      fail(envelope.error, output, exitCodeForStatus(status));
      return undefined;
    },
  };
}
