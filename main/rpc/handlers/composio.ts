import type { ComposioService } from '../../composio/composio-service.ts';
import { AppError } from '../../errors/app-error.ts';
import type { composioMethods } from '../methods/composio.ts';
import type { HandlersOf } from '../router.ts';

export interface ComposioServices {
  composio: ComposioService;
  /** The desktop app opens the consent page in the system browser (its windows open no web pages); elsewhere the page does. */
  openExternal?: ((url: string) => Promise<void>) | undefined;
}

export function composioHandlers({ composio, openExternal }: ComposioServices): HandlersOf<keyof typeof composioMethods> {
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

    'composio.bindings.list': notYet('composio.bindings.list'),
    'composio.bindings.preview': notYet('composio.bindings.preview'),
    'composio.bindings.set': notYet('composio.bindings.set'),
    'composio.bindings.remove': notYet('composio.bindings.remove'),
    'composio.default.get': notYet('composio.default.get'),
    'composio.default.enable': notYet('composio.default.enable'),
    'composio.default.set': notYet('composio.default.set'),
    'composio.endpoints.list': notYet('composio.endpoints.list'),
    'composio.endpoints.test': notYet('composio.endpoints.test'),
    'composio.usage': notYet('composio.usage'),
  };
}

/** Whether the system browser was opened on the URL (false where there is none to open, or it failed: the page shows the link). */
async function openedIn(openExternal: ComposioServices['openExternal'], url: string): Promise<boolean> {
  if (!openExternal || !/^https?:\/\//.test(url)) return false;
  try {
    await openExternal(url);
    return true;
  } catch {
    return false;
  }
}

// The contract is published ahead of its handlers (others build on it); these answer until then.
const notYet = (method: string) => () => {
  throw new AppError('unknown_method', `${method} is declared but not built yet on this branch.`, 'Merge a later commit of h/composio-access.');
};
