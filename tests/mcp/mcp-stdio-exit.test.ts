/**
 * How a healthy stdio server is ended: its stdin is closed, and it is sent SIGTERM only once it has
 * had its grace period to exit by itself — the MCP SDK's 2 s unless `stdioExitGraceMs` says less.
 * server-everything ignores the end of its stdin (it ends at the signal); minimal-server exits at it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/core.ts';
import type { GatewayOptions } from '../../main/mcp/gateway.ts';
import { everythingStdio, fixtureStdio } from '../fixtures/mcp/everything.ts';
import { crewshipWithEnv } from '../helpers/cli.ts';
import { openTestCore } from '../helpers/core.ts';
import { addServer, isAlive } from '../helpers/mcp.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs('crewship-mcp-stdio-exit-');
const cores: Core[] = [];

afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

async function connected(transport: ReturnType<typeof everythingStdio>, mcp: GatewayOptions): Promise<{ core: Core; pid: number }> {
  const core = openTestCore(tempDir(), { mcp });
  cores.push(core);
  addServer(core, 'server', transport);
  const [status] = await core.mcp.gateway.connect({ server: 'server' });
  expect(status?.state).toBe('ready');
  return { core, pid: status?.pid as number };
}

/** How long a disconnect took, the child being gone when it returns. */
async function timedDisconnect(core: Core, pid: number): Promise<number> {
  const started = performance.now();
  await core.mcp.gateway.disconnect('server');
  const elapsed = performance.now() - started;
  expect(isAlive(pid)).toBe(false);
  return elapsed;
}

describe('ending a healthy stdio server', () => {
  it('waits the SDK’s 2 s by default before the signal, for a server that does not exit when its stdin ends', async () => {
    // undefined overrides the tests' short grace with the product's default.
    const { core, pid } = await connected(everythingStdio(), { stdioExitGraceMs: undefined });
    expect(await timedDisconnect(core, pid)).toBeGreaterThanOrEqual(2000);
  });

  it('sends the signal after stdioExitGraceMs when that is shorter, and not before', async () => {
    const { core, pid } = await connected(everythingStdio(), { stdioExitGraceMs: 700 });
    const elapsed = await timedDisconnect(core, pid);
    expect(elapsed).toBeGreaterThanOrEqual(700);
    // Ended by this signal, not by the SDK's own at 2 s.
    expect(elapsed).toBeLessThan(2000);
  });

  it('lets a server that exits when its stdin ends do so by itself, before any signal', async () => {
    // A grace beyond the SDK's own leaves its 2 s wait the first signal: gone sooner, it went by itself.
    const { core, pid } = await connected(fixtureStdio('minimal-server.mjs'), { stdioExitGraceMs: 10_000 });
    expect(await timedDisconnect(core, pid)).toBeLessThan(2000);
  });

  it('refuses a CREWSHIP_MCP_STDIO_EXIT_GRACE_MS that is not a whole number of milliseconds, with its code and hint', () => {
    const refused = crewshipWithEnv(tempDir(), { CREWSHIP_MCP_STDIO_EXIT_GRACE_MS: 'soon' }, 'mcp', 'list', '--json');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toEqual({
      ok: false,
      error: {
        code: 'mcp_exit_grace_invalid',
        message: 'CREWSHIP_MCP_STDIO_EXIT_GRACE_MS is "soon", not a whole number of milliseconds.',
        hint: 'Set it to a number of milliseconds, e.g. 2000 (the default), or unset it.',
      },
    });
  });
});
