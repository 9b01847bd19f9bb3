import type { McpToolDiff } from '../../../mcp/tool-pin-types.ts';
import { callMethod } from '../../core-session.ts';
import { EXIT_FAILURE, printJson, printLines, printText, type Output } from '../../kit.ts';

/** What `crewship mcp tools <action> <server>` does besides listing: the pinned definitions. */
export const TOOL_PIN_ACTIONS = ['diff', 'accept', 'hold', 'release'] as const;
type ToolPinAction = (typeof TOOL_PIN_ACTIONS)[number];

export function isToolPinAction(word: string): word is ToolPinAction {
  return (TOOL_PIN_ACTIONS as readonly string[]).includes(word);
}

/**
 * diff: how the server's tools differ from the pinned ones (exit 1 when they do, for a script);
 * accept: they become the pinned ones; hold / release: agents' views leave out changed tools until
 * they are accepted, or show them.
 */
export async function toolPinCommand(action: ToolPinAction, server: string, output: Output): Promise<void> {
  const diff =
    action === 'diff'
      ? await callMethod('mcp.tools.diff', { server }, output)
      : action === 'accept'
        ? await callMethod('mcp.tools.accept', { server }, output)
        : await callMethod('mcp.tools.setHold', { server, hold: action === 'hold' }, output);
  if (!diff) return;
  if (output.json) printJson(diff);
  else printDiff(diff, action);
  if (action === 'diff' && diff.changes.length > 0) process.exitCode = EXIT_FAILURE;
}

function printDiff(diff: McpToolDiff, action: ToolPinAction): void {
  const hold = diff.holdChanged ? 'agents are not shown changed tools until they are accepted' : 'agents are shown changed tools (crewship mcp tools hold <server> holds them back)';
  if (action === 'accept') printLines([`Accepted the tools of ${diff.serverName} as they are now.`]);
  if (diff.changes.length === 0) {
    printLines([diff.pinnedAt === null ? `${diff.serverName}: its tools have not been seen yet.` : `${diff.serverName}: tools as accepted; ${hold}.`]);
    return;
  }
  printLines([`${diff.serverName}: tools changed (${diff.changes.length}); ${hold}.`]);
  for (const change of diff.changes) {
    printLines([`${change.change === 'added' ? '+' : change.change === 'removed' ? '-' : '~'} ${change.name} (${change.change})`]);
    for (const field of change.fields) {
      if (change.change !== 'changed') continue;
      printLines([`    ${field.field}:`]);
      printText(indent('- ', field.before ?? '(none)'));
      printText(indent('+ ', field.after ?? '(none)'));
    }
  }
  printLines([`Accept them with: crewship mcp tools accept ${diff.serverName}`]);
}

function indent(mark: string, text: string): string {
  return text
    .split('\n')
    .map((line) => `      ${mark}${line}`)
    .join('\n');
}
