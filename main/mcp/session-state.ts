import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ServerLog } from './server-log.ts';
import type { McpLogLevel } from './types.ts';

/**
 * What the operator asked of a server that its session forgets when it ends: the log level
 * (`logging/setLevel`) and the resources subscribed to. Kept by the connection across reconnects
 * and sent again to every new session before it is reported ready.
 */
export class SessionState {
  logLevel: McpLogLevel | null = null;
  readonly subscriptions = new Set<string>();

  /** Sends what a new session must be told again; a refusal is logged, never fatal to the connection. */
  async restore(client: Client, log: ServerLog, timeoutMs: number): Promise<void> {
    const capabilities = client.getServerCapabilities() ?? {};
    const level = this.logLevel;
    const work: Promise<void>[] = [];
    if (level !== null && capabilities.logging) {
      work.push(
        client.setLoggingLevel(level, { timeout: timeoutMs }).then(
          () => log.add('lifecycle', `asked the new session again for log messages from level ${level} up`),
          (error: unknown) => log.add('lifecycle', `setting the log level ${level} again failed: ${messageOf(error)}`, 'warning'),
        ),
      );
    }
    if (capabilities.resources?.subscribe) {
      for (const uri of this.subscriptions) {
        work.push(
          client.subscribeResource({ uri }, { timeout: timeoutMs }).then(
            () => undefined,
            (error: unknown) => log.add('lifecycle', `subscribing again to ${uri} failed: ${messageOf(error)}`, 'warning'),
          ),
        );
      }
    }
    await Promise.all(work);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
