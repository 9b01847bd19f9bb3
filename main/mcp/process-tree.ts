import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * The SDK's stdio transport ends only the child it spawned; a server started through a wrapper
 * (npx, a shell script) leaves its own children behind. These helpers find and end the whole tree,
 * and make sure no child outlives this process even when it exits without closing the core.
 */

/** Every descendant of a process, children before grandchildren. */
export function descendantsOf(pid: number): number[] {
  const parents = parentTable();
  const result: number[] = [];
  let frontier = [pid];
  while (frontier.length > 0) {
    const next = [...parents].filter(([, parent]) => frontier.includes(parent)).map(([child]) => child);
    result.push(...next);
    frontier = next;
  }
  return result;
}

function parentTable(): Map<number, number> {
  const table = new Map<number, number>();
  if (process.platform === 'linux') {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        // The command name (field 2) is in parentheses and may hold spaces: read after the last ')'.
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        table.set(Number(entry), ppid);
      } catch {
        // The process ended while we looked.
      }
    }
    return table;
  }
  if (process.platform === 'win32') return table;
  try {
    const out = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' });
    for (const line of out.split('\n')) {
      const [pid, ppid] = line.trim().split(/\s+/).map(Number);
      if (pid && ppid !== undefined) table.set(pid, ppid);
    }
  } catch {
    // Without ps, only the direct child is ended (by the SDK).
  }
  return table;
}

export function killProcesses(pids: readonly number[], signal: NodeJS.Signals = 'SIGKILL'): void {
  for (const pid of pids) {
    try {
      if (process.platform === 'win32') execFileSync('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore' });
      else process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Children that must be killed if this process exits before their connection is closed. */
const liveChildren = new Set<number>();
let exitHookInstalled = false;

export function trackChild(pid: number): () => void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // 'exit' handlers must be synchronous: a kill is.
    process.on('exit', () => {
      for (const child of liveChildren) killProcesses([...descendantsOf(child), child]);
    });
  }
  liveChildren.add(pid);
  return () => liveChildren.delete(pid);
}
