import { spawn } from 'node:child_process';

/**
 * Opens `url` in the operator's browser the way command-line tools do: `$BROWSER` where it is set
 * (a colon-separated list of commands, tried in order; `%s` in a command is replaced by the URL,
 * else the URL is its last argument), else the platform's opener (open on macOS, start on Windows,
 * xdg-open elsewhere). Resolves with whether a command started; the caller prints the URL anyway.
 */
export async function openBrowser(url: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  for (const [command, ...args] of browserCommands(url, env, platform)) {
    if (command && (await started(command, args))) return true;
  }
  return false;
}

function browserCommands(url: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[][] {
  const chosen = env.BROWSER?.split(':').map((entry) => entry.trim()).filter(Boolean) ?? [];
  if (chosen.length > 0) {
    return chosen.map((entry) => {
      const words = entry.split(/\s+/);
      return words.some((word) => word.includes('%s')) ? words.map((word) => word.replaceAll('%s', url)) : [...words, url];
    });
  }
  if (platform === 'darwin') return [['open', url]];
  // `start` is a cmd built-in; its first quoted argument is a window title, and & would end the command.
  if (platform === 'win32') return [['cmd', '/c', 'start', '""', url.replaceAll('&', '^&')]];
  return [['xdg-open', url]];
}

/** Whether the command could be started (it runs on by itself: a browser may outlive the CLI). */
function started(command: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: true, windowsVerbatimArguments: command === 'cmd' });
    child.once('error', () => resolve(false));
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}
