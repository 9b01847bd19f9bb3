import type { Actor } from '../audit/audit-log.ts';
import { AppError } from '../errors/app-error.ts';
import { failSafe } from '../errors/fail-safe.ts';
import { newId, nowIso } from '../store/ids.ts';
import { toAccount, type AccountParts, type RawAccount } from './accounts.ts';
import { isAbort } from './client.ts';
import { FALLBACK_ERRORS } from './composio-calls.ts';
import { accountNotFound, authConfigNotFound, connectNotFound } from './not-found.ts';
import type { EffectiveKey } from './project-key.ts';
import type { ComposioAccountStatus, ComposioConnectFlow } from './types.ts';

interface ConnectRun {
  flow: ComposioConnectFlow;
  abort: AbortController;
  done: Promise<ComposioConnectFlow>;
}

const FAILED_STATES: ReadonlySet<string> = new Set(['FAILED', 'EXPIRED', 'REVOKED']);

/** Connecting a person's account of an app, and following each attempt (started here) until it ends. */
export class ConnectFlows {
  private readonly parts: AccountParts;
  private readonly timing: { pollIntervalMs: number; connectTimeoutMs: number };
  private readonly connects = new Map<string, ConnectRun>();

  constructor(parts: AccountParts, timing: { pollIntervalMs: number; connectTimeoutMs: number }) {
    this.parts = parts;
    this.timing = timing;
  }

  /**
   * Starts connecting `userId`'s account of an app: the app's enabled auth config (a Composio-
   * managed one is created when it has none), then link(), whose redirect URL the person opens.
   * The console then asks Composio until the account is ACTIVE, FAILED/EXPIRED, or time runs out,
   * publishing `composio.connect` at each change.
   */
  async connect(input: { toolkit: string; userId: string; authConfigId?: string | undefined; callbackUrl?: string | undefined; timeoutSeconds?: number | undefined }, actor: Actor): Promise<ComposioConnectFlow> {
    const toolkit = input.toolkit.toLowerCase();
    const key = this.parts.calls.keys.require();
    let createdAuthConfig = false;
    let authConfigId = input.authConfigId;
    if (!authConfigId) {
      const configs = await this.parts.authConfigs.list({ toolkit });
      authConfigId = configs.find((config) => config.status === 'ENABLED')?.id;
      if (!authConfigId) {
        authConfigId = (await this.parts.authConfigs.create({ toolkit }, actor)).id;
        createdAuthConfig = true;
      }
    }
    const configId = authConfigId;
    const request = await this.parts.calls.withComposio(
      (composio) => composio.connectedAccounts.link(input.userId, configId, { allowMultiple: true, ...(input.callbackUrl ? { callbackUrl: input.callbackUrl } : {}) }),
      () => authConfigNotFound(configId),
      key,
    );
    const startedAt = nowIso();
    const timeoutMs = (input.timeoutSeconds ?? this.timing.connectTimeoutMs / 1000) * 1000;
    const flow: ComposioConnectFlow = {
      id: newId('cconn'),
      toolkit,
      userId: input.userId,
      authConfigId: configId,
      createdAuthConfig,
      accountId: request.id,
      redirectUrl: request.redirectUrl ?? '',
      status: 'waiting',
      accountStatus: 'INITIATED',
      startedAt,
      expiresAt: new Date(Date.parse(startedAt) + timeoutMs).toISOString(),
      error: null,
      account: null,
    };
    this.parts.ctx.audit.append(actor, 'composio.connect_started', flow.accountId, { toolkit, userId: input.userId, authConfigId: configId, createdAuthConfig });
    const abort = new AbortController();
    const run: ConnectRun = { flow, abort, done: Promise.resolve(flow) };
    this.connects.set(flow.id, run);
    this.publishConnect(flow);
    run.done = this.follow(run, key, Date.parse(flow.expiresAt), actor);
    failSafe('composio connect', this.parts.ctx.logInternalError, () => run.done)();
    return { ...flow };
  }

  private publishConnect(flow: ComposioConnectFlow): void {
    const { id, toolkit, userId, accountId, redirectUrl, status, accountStatus, error } = flow;
    this.parts.ctx.bus.publish('composio.connect', { connectId: id, toolkit, userId, accountId, redirectUrl, status, accountStatus, error });
  }

  private async follow(run: ConnectRun, key: EffectiveKey, deadline: number, actor: Actor): Promise<ComposioConnectFlow> {
    const { flow, abort } = run;
    const finish = (status: ComposioConnectFlow['status'], error: AppError | null): ComposioConnectFlow => {
      if (flow.status !== 'waiting') return flow;
      flow.status = status;
      flow.error = error ? error.toBody() : null;
      this.parts.ctx.audit.append(actor, status === 'active' ? 'composio.connect' : 'composio.connect_failed', flow.accountId, { toolkit: flow.toolkit, userId: flow.userId, status });
      this.publishConnect(flow);
      if (status === 'active') this.parts.ctx.bus.publish('composio.inventoryChanged', { change: 'account', id: flow.accountId });
      return flow;
    };
    while (flow.status === 'waiting') {
      const left = deadline - Date.now();
      if (left <= 0) {
        return finish('timed_out', new AppError('composio_connect_timed_out', `The ${flow.toolkit} account of ${flow.userId} did not become ACTIVE in time.`, `Open the link again, or start over: \`crewship integration composio connect ${flow.toolkit} --user ${flow.userId}\`.`));
      }
      await sleep(Math.min(this.timing.pollIntervalMs, left), abort.signal);
      if (abort.signal.aborted) break;
      let raw: RawAccount;
      try {
        raw = (await this.parts.calls.withComposio((composio) => composio.getClient().connectedAccounts.retrieve(flow.accountId, { signal: abort.signal }), () => accountNotFound(flow.accountId), key)) as RawAccount;
      } catch (error) {
        if (abort.signal.aborted || isAbort(error)) break;
        // A passing network fault does not end the wait; a refused key or a vanished account does.
        if (error instanceof AppError && FALLBACK_ERRORS.has(error.code)) continue;
        return finish('failed', error instanceof AppError ? error : new AppError('composio_bad_response', 'Composio answered the connect with something unexpected.', 'Start the connect again.'));
      }
      if (raw.status !== flow.accountStatus) {
        flow.accountStatus = raw.status as ComposioAccountStatus;
        if (flow.status === 'waiting' && raw.status !== 'ACTIVE' && !FAILED_STATES.has(raw.status)) this.publishConnect(flow);
      }
      if (raw.status === 'ACTIVE') {
        flow.account = toAccount(raw, this.parts.accounts.toolkitNames());
        this.parts.accounts.upsert(flow.account);
        return finish('active', null);
      }
      if (FAILED_STATES.has(raw.status)) {
        return finish(
          'failed',
          new AppError(
            'composio_connect_failed',
            `The ${flow.toolkit} account of ${flow.userId} ended ${raw.status}${raw.status_reason ? `: ${raw.status_reason}` : ''}.`,
            `The sign-in was denied or did not finish; connect again: \`crewship integration composio connect ${flow.toolkit} --user ${flow.userId}\`.`,
          ),
        );
      }
    }
    return finish('cancelled', new AppError('composio_connect_cancelled', `Connecting the ${flow.toolkit} account of ${flow.userId} was cancelled.`, 'Start it again when the person is ready to sign in.'));
  }

  private run(id: string): ConnectRun {
    const run = this.connects.get(id);
    if (!run) throw connectNotFound(id);
    return run;
  }

  connectFlow(id: string): ComposioConnectFlow {
    return { ...this.run(id).flow };
  }

  cancelConnect(id: string): ComposioConnectFlow {
    const run = this.run(id);
    run.abort.abort();
    return { ...run.flow };
  }

  /** Resolves when the connect attempt ends (active, failed, timed out or cancelled). */
  async waitForConnect(id: string): Promise<ComposioConnectFlow> {
    return { ...(await this.run(id).done) };
  }

  /** Stops every connect wait; resolves when they have ended. */
  async close(): Promise<void> {
    for (const run of this.connects.values()) run.abort.abort();
    await Promise.allSettled([...this.connects.values()].map((run) => run.done));
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
