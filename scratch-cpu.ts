import { mkdtempSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { createCore } from './main/app/core.ts';
import { resolveNodeKeyProvider } from './main/vault/node-key-provider.ts';
const dataDir = mkdtempSync('/tmp/scratch/p-');
const core = createCore({ dataDir, keyProvider: resolveNodeKeyProvider({ CREWSHIP_MASTER_KEY: 'bench-master-key-0123456789abcdef' }, dataDir), mcp: { env: {} } });
const entry = 'node_modules/@modelcontextprotocol/server-everything/dist/index.js';
core.mcp.servers.create({ name: 's', scope: { kind: 'workspace' }, transport: { type: 'stdio', command: process.execPath, args: [entry, 'stdio'], env: {}, cwd: null }, credential: null, provider: null, enabled: true, connectTimeoutMs: null }, 'system');
await core.mcp.gateway.connect({});
const direct = new Client({ name: 'd', version: '1' });
await direct.connect(new StdioClientTransport({ command: process.execPath, args: [entry, 'stdio'], stderr: 'ignore' }));
const args = { message: 'hello' };
const conn = (core.mcp.gateway as any).connections.values().next().value;
const variants: Record<string, () => Promise<unknown>> = {
  sdk: () => direct.callTool({ name: 'echo', arguments: args }),
  conn: () => conn.callTool('echo', args, { signal: new AbortController().signal, onprogress: () => {}, timeoutMs: 60000 }),
  gateway: () => core.mcp.gateway.call({ server: 's', tool: 'echo', arguments: args }, 'system'),
};
for (const run of Object.values(variants)) for (let i = 0; i < 500; i++) await run();
for (let round = 0; round < 2; round++) for (const [name, run] of Object.entries(variants)) {
  const c = process.cpuUsage(); const t = performance.now();
  for (let i = 0; i < 3000; i++) await run();
  const cpu = process.cpuUsage(c);
  console.log(name.padEnd(8), 'wall/call', ((performance.now() - t) / 3000 * 1000).toFixed(1), 'µs  cpu/call', ((cpu.user + cpu.system) / 3000).toFixed(1), 'µs');
}
await direct.close(); await core.close();
