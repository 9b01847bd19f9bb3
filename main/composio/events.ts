import type { ErrorBody } from '../errors/app-error.ts';
import type { ComposioAccountStatus, ComposioCatalogSync, ComposioConnectStatus, ComposioKeySource } from './types.ts';

/** What the Composio domain publishes. */
export interface ComposioEvents {
  /** The project key was set or removed: everything read from Composio may differ now. */
  'composio.keyChanged': { source: ComposioKeySource };
  /** The progress of a catalog refresh, at each page; the last one has phase done or failed (with the error). */
  'composio.catalogSync': ComposioCatalogSync & { error: ErrorBody | null };
  /** Auth configs or connected accounts changed (by this console, or seen changed at Composio). */
  'composio.inventoryChanged': { change: 'auth_config' | 'account' | 'refreshed'; id: string | null };
  /** A trigger instance was created, enabled, disabled or deleted (by this console, or seen in another's audit log). */
  'composio.triggersChanged': { change: 'created' | 'enabled' | 'disabled' | 'deleted'; id: string };
  /** A connect attempt: started (waiting, with the redirect URL), then active, failed, timed out or cancelled. */
  'composio.connect': {
    connectId: string;
    toolkit: string;
    userId: string;
    accountId: string;
    redirectUrl: string;
    status: ComposioConnectStatus;
    accountStatus: ComposioAccountStatus | null;
    error: ErrorBody | null;
  };
}
