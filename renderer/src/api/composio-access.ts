import { keepPreviousData } from '@tanstack/react-query';
import type { MethodInput, MethodOutput } from '../../../main/rpc/contract.ts';
import { useMethodMutation, useMethodQuery } from './method-hooks.ts';
import { queryKeys } from './query-keys.ts';

export type ComposioBinding = MethodOutput<'composio.bindings.list'>[number];
export type ComposioBindingPreview = MethodOutput<'composio.bindings.preview'>;
export type ComposioDefaultConnector = MethodOutput<'composio.default.get'>;
export type AgentEndpoint = MethodOutput<'composio.endpoints.list'>[number];
export type AgentResolution = MethodOutput<'agents.resolve'>;
export type ComposioTriggerType = MethodOutput<'composio.triggers.types'>['types'][number];
export type ComposioTriggerInstance = MethodOutput<'composio.triggers.create'>;

const access = queryKeys.composioAccess;

/** An agent's bindings (or every agent's): `access.changed` re-reads them. */
export const useComposioBindings = (agent: string | undefined) =>
  useMethodQuery([...access, 'bindings', agent ?? null], 'composio.bindings.list', agent ? { agent } : {});

/**
 * What a binding would change, asked again as the operator edits it; the previous answer stays on
 * screen meanwhile so the preview never blanks between two clicks.
 */
export const useComposioBindingPreview = (input: MethodInput<'composio.bindings.preview'> | undefined) =>
  useMethodQuery([...queryKeys.composioBindingPreview, input ?? null], 'composio.bindings.preview', input ?? { agent: '', user: '', apps: [] }, {
    enabled: input !== undefined && input.apps.length > 0,
    placeholderData: keepPreviousData,
  });

export const useSetComposioBinding = () => useMethodMutation('composio.bindings.set', 'access.changed');
export const useRemoveComposioBinding = () => useMethodMutation('composio.bindings.remove', 'access.changed');

export const useComposioDefaultConnector = () => useMethodQuery([...access, 'default'], 'composio.default.get', {});
export const useEnableComposioDefault = () => useMethodMutation('composio.default.enable', 'access.changed');
export const useSetComposioDefault = () => useMethodMutation('composio.default.set', 'access.changed');

export const useAgentResolution = (agent: string) => useMethodQuery([...access, 'resolve', agent], 'agents.resolve', { agent });
export const useAgentPromptBlock = (agent: string) => useMethodQuery([...access, 'prompt', agent], 'agents.promptBlock', { agent });

export const useAgentEndpoints = () => useMethodQuery([...access, 'endpoints'], 'composio.endpoints.list', {});
/** A Test button's connect-and-list: a mutation, since it connects the server. */
export const useTestAgentEndpoint = () => useMethodMutation('composio.endpoints.test', 'mcp.status');

export const useComposioUsage = (enabled: boolean) => useMethodQuery([...access, 'usage'], 'composio.usage', {}, { enabled });

const triggers = queryKeys.composioTriggers;
export const useComposioTriggerTypes = (toolkit: string) =>
  useMethodQuery([...triggers, 'types', toolkit], 'composio.triggers.types', { toolkit }, { enabled: toolkit !== '' });
export const useComposioTriggers = () => useMethodQuery([...triggers, 'list'], 'composio.triggers.list', {});

const triggersChanged = 'composio.triggersChanged';
export const useCreateComposioTrigger = () => useMethodMutation('composio.triggers.create', triggersChanged);
export const useEnableComposioTrigger = () => useMethodMutation('composio.triggers.enable', triggersChanged);
export const useDisableComposioTrigger = () => useMethodMutation('composio.triggers.disable', triggersChanged);
export const useDeleteComposioTrigger = () => useMethodMutation('composio.triggers.delete', triggersChanged);
