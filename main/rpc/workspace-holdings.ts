/** For the renderer, which imports nothing of main/ but this folder: what a workspace holds, in a sentence. */
export { describeHoldings } from '../workspaces/workspace.ts';
