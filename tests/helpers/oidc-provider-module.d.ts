/** The part of oidc-provider 9 (which ships no types) that the test fixture uses. */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface GrantContext {
    oidc: { params?: Record<string, unknown> };
  }

  /** The part of Koa's context the fixture's middleware touches. */
  interface KoaContext {
    path: string;
    body: unknown;
    response: { get(field: string): string; set(field: string, value: string): void };
  }

  export default class Provider {
    use(middleware: (ctx: KoaContext, next: () => Promise<void>) => Promise<void>): this;
    constructor(issuer: string, configuration: Record<string, unknown>);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: 'grant.success', listener: (ctx: GrantContext) => void): this;
    on(event: 'grant.error', listener: (ctx: GrantContext, error: Error) => void): this;
    on(event: 'grant.revoked', listener: (ctx: GrantContext, grantId: string) => void): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
}
