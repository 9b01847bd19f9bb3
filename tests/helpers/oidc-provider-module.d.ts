/** The part of oidc-provider 9 (which ships no types) that the test fixture uses. */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface GrantContext {
    oidc: { params?: Record<string, unknown> };
  }

  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: 'grant.success', listener: (ctx: GrantContext) => void): this;
    on(event: 'grant.error', listener: (ctx: GrantContext, error: Error) => void): this;
    on(event: 'grant.revoked', listener: (ctx: GrantContext, grantId: string) => void): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
}
