import type { ComposioService } from '../../composio/composio-service.ts';
import type { composioTriggerMethods } from '../methods/composio-triggers.ts';
import type { HandlersOf } from '../router.ts';

export function composioTriggerHandlers({ composio }: { composio: ComposioService }): HandlersOf<keyof typeof composioTriggerMethods> {
  const { triggers } = composio;
  return {
    'composio.triggers.types': ({ toolkit }) => triggers.types(toolkit),
    'composio.triggers.type': ({ slug }) => triggers.type(slug),
    'composio.triggers.list': (input) => triggers.list(input),
    'composio.triggers.create': (input, { actor }) => triggers.create(input, actor),
    'composio.triggers.enable': ({ trigger }, { actor }) => triggers.setEnabled(trigger, true, actor),
    'composio.triggers.disable': ({ trigger }, { actor }) => triggers.setEnabled(trigger, false, actor),
    'composio.triggers.delete': ({ trigger }, { actor }) => triggers.delete(trigger, actor),
  };
}
