import type { Core } from '../../app/core.ts';
import { providerCatalog } from '../../credentials/provider-catalog.ts';
import type { credentialMethods } from '../methods/credentials.ts';
import type { HandlersOf } from '../router.ts';

export function credentialHandlers(core: Core): HandlersOf<keyof typeof credentialMethods> {
  return {
    'credentials.providers': () => providerCatalog(),
    'credentials.list': () => core.credentials.list(),
    'credentials.get': ({ credential }) => core.credentials.get(credential),
    'credentials.create': (input, { actor }) => core.credentials.create(input, actor),
    'credentials.update': (input, { actor }) => core.credentials.update(input, actor),
    'credentials.connect': (input, { actor }) => core.oauth.connect(input, actor),
    'credentials.flow': ({ flow }) => core.oauth.flow(flow),
    'credentials.cancelConnect': ({ flow }, { actor }) => core.oauth.cancel(flow, actor),
    'credentials.test': ({ credential }, { actor }) => core.oauth.test(credential, actor),
    'credentials.refresh': ({ credential }, { actor }) => core.oauth.refresh(credential, actor),
    'credentials.revoke': ({ credential }, { actor }) => core.oauth.disconnect(credential, actor),
    'credentials.delete': ({ credential }, { actor }) => core.credentials.delete(credential, actor),
  };
}
