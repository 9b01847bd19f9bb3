import type { FlowStatus } from './flow.ts';
import type { ErrorBody } from '../errors/app-error.ts';

/** What the OAuth domain publishes: the progress of one Connect attempt. */
export interface OAuthEvents {
  'oauth.flow': { flowId: string; credentialId: string; status: FlowStatus; error: ErrorBody | null };
}
