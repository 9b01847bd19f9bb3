import type { ComposioService } from '../../composio/composio-service.ts';
import type { AgentEndpoints } from '../../access/endpoints.ts';
import type { composioMethods } from '../methods/composio.ts';
import type { HandlersOf } from '../router.ts';
import { openedIn, type OpenExternal } from './open-external.ts';

export interface ComposioServices {
  composio: ComposioService;
  endpoints: AgentEndpoints;
  /** The desktop app opens the consent page in the system browser (its windows open no web pages); elsewhere the page does. */
  openExternal?: OpenExternal;
}

export function composioHandlers({ composio, endpoints, openExternal }: ComposioServices): HandlersOf<keyof typeof composioMethods> {
  return {
    'composio.status': () => composio.status(),
    'composio.key.get': () => composio.keyInfo(),
    'composio.key.set': (input, { actor }) => composio.setKey(input, actor),
    'composio.key.remove': (_input, { actor }) => composio.removeKey(actor),

    'composio.catalog.status': () => composio.catalogStatus(),
    'composio.catalog.sync': (input) => composio.syncCatalog(input),
    'composio.toolkits.list': (input) => composio.listToolkits(input),
    'composio.toolkits.get': ({ toolkit, search, limit }) => composio.toolkit({ slug: toolkit, search, limit }),
    'composio.tools.search': (input) => composio.searchTools(input),

    'composio.authConfigs.list': (input) => composio.listAuthConfigs(input),
    'composio.authConfigs.create': (input, { actor }) => composio.createAuthConfig(input, actor),
    'composio.authConfigs.enable': ({ authConfig }, { actor }) => composio.setAuthConfigEnabled(authConfig, true, actor),
    'composio.authConfigs.disable': ({ authConfig }, { actor }) => composio.setAuthConfigEnabled(authConfig, false, actor),
    'composio.authConfigs.delete': ({ authConfig }, { actor }) => composio.deleteAuthConfig(authConfig, actor),

    'composio.connect': async (input, { actor }) => {
      const flow = await composio.connect(input, actor);
      return { ...flow, openedBrowser: await openedIn(openExternal, flow.redirectUrl) };
    },
    'composio.connect.get': ({ connect }) => composio.connectFlow(connect),
    'composio.connect.cancel': ({ connect }) => composio.cancelConnect(connect),

    'composio.inventory': (input) => composio.inventory(input),
    'composio.accounts.refresh': ({ account }, { actor }) => composio.refreshAccount(account, actor),
    'composio.accounts.revoke': ({ account }, { actor }) => composio.setAccountEnabled(account, false, actor),
    'composio.accounts.enable': ({ account }, { actor }) => composio.setAccountEnabled(account, true, actor),
    'composio.accounts.remove': ({ account }, { actor }) => composio.removeAccount(account, actor),

    'composio.bindings.list': ({ agent }) => composio.listBindings(agent),
    'composio.bindings.preview': (input) => composio.previewBindings(input),
    'composio.bindings.set': (input, { actor }) => composio.setBindings(input, actor),
    'composio.bindings.remove': (input, { actor }) => composio.removeBindings(input, actor),
    'composio.default.get': () => composio.defaultConnector(),
    'composio.default.enable': (_input, { actor }) => composio.enableDefaultConnector(actor),
    'composio.default.set': ({ user }, { actor }) => composio.setDefaultConnectorUser(user, actor),
    'composio.endpoints.list': ({ agent }) => endpoints.list(agent),
    'composio.endpoints.test': ({ agent, server }) => endpoints.test(agent, server),
    'composio.usage': () => endpoints.usage(),
  };
}
