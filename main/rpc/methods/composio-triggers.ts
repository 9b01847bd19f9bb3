import { z } from 'zod';
import type { ComposioTriggerInstance, ComposioTriggerList, ComposioTriggerType, ComposioTriggerTypeList } from '../../composio/trigger-shapes.ts';
import { method } from '../method.ts';
import { composioId, toolkit, userId } from './composio.ts';

const triggerSlug = z
  .string({ error: 'a trigger type slug is required' })
  .trim()
  .toUpperCase()
  .min(1, 'a trigger type slug is required')
  .max(200)
  .regex(/^[A-Z0-9_]+$/, 'a trigger type slug is letters, digits and _ (GITHUB_COMMIT_EVENT)');
const trigger = z.object({ trigger: composioId }).strict();

/** Composio triggers (issue 16, item 7): read live from the project, as the inventory is. */
export const composioTriggerMethods = {
  'composio.triggers.types': method<ComposioTriggerTypeList>()(z.object({ toolkit }).strict(), 'The trigger types of an app, each with its description and the JSON Schema of its config.'),
  'composio.triggers.type': method<ComposioTriggerType>()(z.object({ slug: triggerSlug }).strict(), 'One trigger type with its config and payload schemas.'),
  'composio.triggers.list': method<ComposioTriggerList>()(
    z.object({ user: userId.optional(), toolkit: toolkit.optional() }).strict(),
    'The project’s trigger instances, enabled and disabled, grouped by user (one user’s, one app’s).',
  ),
  'composio.triggers.create': method<ComposioTriggerInstance>()(
    z.object({ user: userId, slug: triggerSlug, config: z.record(z.string(), z.unknown()).default({}) }).strict(),
    'Create a trigger for a user on their ACTIVE account of the app: the config is checked against the type’s schema before anything is sent.',
  ),
  'composio.triggers.enable': method<ComposioTriggerInstance>()(trigger, 'Enable a disabled trigger (it listens again).'),
  'composio.triggers.disable': method<ComposioTriggerInstance>()(trigger, 'Disable a trigger: it stops listening, its config is kept.'),
  'composio.triggers.delete': method<ComposioTriggerInstance>()(trigger, 'Delete a trigger at Composio for good.'),
} as const;
