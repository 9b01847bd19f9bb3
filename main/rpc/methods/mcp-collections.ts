import { z } from 'zod';
import { collectionInput } from '../../mcp/collection.ts';
import type { McpCollectionReport } from '../../mcp/collection-types.ts';
import { method } from '../method.ts';

export const mcpCollectionMethods = {
  'mcp.collections.run': method<McpCollectionReport>()(
    z.object({ collection: collectionInput }).strict(),
    'Run a test collection (saved tool calls with assertions) on this console’s servers and report each call.',
  ),
} as const;
