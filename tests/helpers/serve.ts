import { readFileSync } from 'node:fs';
import { spawnCrewshipWithEnv } from './cli.ts';

export interface ServeChild {
  url: string;
  port: number;
  token: string;
  /** The agents' listener (`/agents/<slug>/mcp` under it). */
  agentsUrl: string;
  pid: number;
  headers: Record<string, string>;
  /** Whether the process still runs (a fault that kills it shows here). */
  running(): boolean;
  /** The resident set size from /proc, in MiB. */
  rssMiB(): number;
  output(): { stdout: string; stderr: string };
  stop(): Promise<void>;
}

/** The real `crewship serve` as a child process on a data directory (with more variables in its environment), once it has printed its address. */
export async function startServe(home: string, env: Record<string, string> = {}): Promise<ServeChild> {
  const run = spawnCrewshipWithEnv(home, env, 'serve', '--json');
  const announced = await run.waitFor(/^(\{.*\})$/m);
  const { url, token, agentsUrl } = JSON.parse(announced[1] ?? '') as { url: string; token: string; agentsUrl: string };
  const pid = run.child.pid ?? 0;
  const running = () => run.child.exitCode === null && run.child.signalCode === null;
  return {
    url,
    port: Number(new URL(url).port),
    token,
    agentsUrl,
    pid,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    running,
    rssMiB: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024,
    output: run.output,
    stop: async () => {
      if (running()) run.child.kill('SIGTERM');
      await run.exited;
    },
  };
}
