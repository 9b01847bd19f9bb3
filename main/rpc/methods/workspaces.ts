import { z } from 'zod';
import type { Workspace, WorkspaceHolding } from '../../workspaces/workspace.ts';
import { displayName, method, noInput, reference, slug } from '../method.ts';

export const workspaceMethods = {
  'workspaces.list': method<Workspace[]>()(noInput, 'Every workspace (the default first), each with what it holds.'),
  'workspaces.current': method<Workspace>()(noInput, 'The workspace this call is made in (the door names it; else the default).'),
  'workspaces.create': method<Workspace>()(
    z.object({ name: displayName, slug: slug.optional() }).strict(),
    'Create a workspace; the slug is derived from the name unless given.',
  ),
  'workspaces.rename': method<Workspace>()(z.object({ workspace: reference, name: displayName }).strict(), 'Rename a workspace (its slug stays).'),
  'workspaces.delete': method<{ id: string; deleted: WorkspaceHolding[] }>()(
    z.object({ workspace: reference, withContents: z.boolean().optional() }).strict(),
    'Delete a workspace; refused while it holds crews, agents, MCP servers or credentials unless withContents is true; never the default.',
  ),
} as const;
