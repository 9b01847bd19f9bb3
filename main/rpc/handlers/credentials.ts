import type { CredentialsService } from '../../credentials/credentials-service.ts';
import { providerCatalog } from '../../credentials/provider-catalog.ts';
import type { OAuthService } from '../../oauth/oauth-service.ts';
import type { credentialMethods } from '../methods/credentials.ts';
import type { HandlersOf } from '../router.ts';

export interface CredentialServices {
  credentials: CredentialsService;
  oauth: OAuthService;
}

export function credentialHandlers({ credentials, oauth }: CredentialServices): HandlersOf<keyof typeof credentialMethods> {
  return {
    'credentials.providers': () => providerCatalog(),
    'credentials.list': () => credentials.list(),
    'credentials.get': ({ credential }) => credentials.get(credential),
    'credentials.create': (input, { actor }) => credentials.create(input, actor),
    'credentials.update': (input, { actor }) => credentials.update(input, actor),
    'credentials.connect': (input, { actor }) => oauth.connect(input, actor),
    'credentials.flow': ({ flow }) => oauth.flow(flow),
    'credentials.cancelConnect': ({ flow }, { actor }) => oauth.cancel(flow, actor),
    'credentials.test': ({ credential }, { actor }) => oauth.test(credential, actor),
    'credentials.refresh': ({ credential }, { actor }) => oauth.refresh(credential, actor),
    'credentials.revoke': ({ credential }, { actor }) => oauth.disconnect(credential, actor),
    'credentials.delete': ({ credential }, { actor }) => credentials.delete(credential, actor),
  };
}
