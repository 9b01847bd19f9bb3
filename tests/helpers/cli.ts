import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TEST_MASTER_KEY, TEST_STDIO_EXIT_GRACE_MS } from './core.ts';

const bin = fileURLToPath(new URL('../../bin/crewship.js', import.meta.url));

/** Runs the real `crewship` binary on a data directory, with the test master key. */
export function crewship(home: string, ...args: string[]) {
  return crewshipWithEnv(home, {}, ...args);
}

/** `crewship` with more variables in its environment (the console's environment, that placeholders may read). */
export function crewshipWithEnv(home: string, env: Record<string, string>, ...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...cliEnv(home), ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * CREWSHIP_AGENTS_PORT 0: tests run many `crewship serve` at once, and each agents' listener takes a
 * free port. CREWSHIP_MCP_STDIO_EXIT_GRACE_MS: as openTestCore's, so that a command does not wait 2 s
 * at its end for a server that ignores the end of its stdin.
 */
function cliEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    CREWSHIP_HOME: home,
    CREWSHIP_MASTER_KEY: TEST_MASTER_KEY,
    CREWSHIP_AGENTS_PORT: '0',
    CREWSHIP_MCP_STDIO_EXIT_GRACE_MS: String(TEST_STDIO_EXIT_GRACE_MS),
  };
}

/**
 * The real `crewship` binary, running while the test goes on: for a command that waits (connect),
 * or one that talks to a server in this test's own process (spawnSync would block that server).
 */
export function spawnCrewship(home: string, ...args: string[]) {
  return spawnCrewshipWithEnv(home, {}, ...args);
}

/** `spawnCrewship` with more variables in its environment. */
export function spawnCrewshipWithEnv(home: string, env: Record<string, string>, ...args: string[]) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [bin, ...args], { env: { ...cliEnv(home), ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  /** Resolves with the first match of `pattern` in the output so far or to come. */
  const waitFor = async (pattern: RegExp): Promise<RegExpExecArray> => {
    for (;;) {
      const match = pattern.exec(stdout);
      if (match) return match;
      if (child.exitCode !== null) throw new Error(`crewship exited ${child.exitCode} before printing ${pattern}: ${stdout}${stderr}`);
      await new Promise((resolve) => child.stdout.once('data', resolve).once('close', resolve));
    }
  };
  return { child, exited, waitFor, output: () => ({ stdout, stderr }) };
}

/** Runs to the end without blocking this process, feeding `input` on standard input. */
export async function runCrewship(home: string, args: string[], input = '', env: Record<string, string> = {}) {
  const run = spawnCrewshipWithEnv(home, env, ...args);
  run.child.stdin.end(input);
  const code = await run.exited;
  return { code, ...run.output() };
}

/**
 * A command line as a person pastes it into a terminal: run by /bin/sh in another directory, with
 * another HOME, and nothing of the console's environment but PATH and the master key.
 */
export function runInShell(command: string, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('/bin/sh', ['-c', command], { cwd, env: { PATH: process.env.PATH, HOME: cwd, CREWSHIP_MASTER_KEY: TEST_MASTER_KEY } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}
