/**
 * What the MCP authorization domain hands to its doors: plain shapes without a secret (no token,
 * no client secret, no code or verifier), safe for the renderer (no Node module reached).
 */
import type { ErrorBody } from '../errors/app-error.ts';

/** Where the console's client registration with an authorization server came from, in the spec's order of preference. */
export type McpAuthClientSource = 'pre-registered' | 'metadata-document' | 'dynamic';

/** A client registration with one authorization server, as the doors see it: where it came from, never its secret. */
export interface McpAuthClientEntry {
  issuer: string;
  source: McpAuthClientSource;
  clientId: string;
  createdAt: string;
}

/** One remote server's sign-in, as the operator sees it. */
export interface McpAuthStatus {
  serverId: string;
  serverName: string;
  signedIn: boolean;
  /** The authorization server the grant is from. */
  issuer: string | null;
  /** The RFC 8707 resource (audience) the tokens were issued for: this server's canonical URI. */
  resource: string | null;
  grantedScopes: string[];
  /** Scopes a server's insufficient_scope answer asked for that the grant lacks: a step-up sign-in asks for them. */
  requiredScopes: string[];
  expiresAt: string | null;
  hasRefreshToken: boolean;
  signedInAt: string | null;
  refreshedAt: string | null;
  client: { source: McpAuthClientSource; clientId: string } | null;
}

export type McpAuthStepName = 'discovery' | 'registration' | 'consent' | 'token';
type McpAuthStepState = 'pending' | 'running' | 'done' | 'failed';

interface McpAuthStep {
  name: McpAuthStepName;
  state: McpAuthStepState;
  /** What the step found or did, in a sentence ("Authorization server http://…", "Registered as client …"). */
  detail: string | null;
}

/** One HTTP request the sign-in made, as the auth debugger shows it: secrets redacted. */
export interface McpAuthRequestRecord {
  at: string;
  step: McpAuthStepName;
  method: string;
  url: string;
  status: number | null;
  /** How long the answer took, in milliseconds (null before it came). */
  durationMs: number | null;
  /** The answer's WWW-Authenticate challenge (a 401 or 403: resource_metadata, scope, error), which starts discovery and step-up. */
  challenge: string | null;
  /** The request's form or JSON body, redacted; null for a GET. */
  requestBody: unknown;
  /** The answer's JSON (a discovery document, a registration, a token answer), redacted. */
  responseBody: unknown;
  /** Why the request was refused before it was sent, or failed on the way. */
  error: string | null;
}

type McpAuthFlowStatus = 'waiting' | 'exchanging' | 'signed_in' | 'failed';

/** One sign-in attempt, followed by the UI and CLI (the `mcpAuth.flow` event says when it changes). */
export interface McpAuthFlow {
  id: string;
  serverId: string;
  serverName: string;
  status: McpAuthFlowStatus;
  steps: McpAuthStep[];
  /** The authorization page the operator signs in on (holds the state and the PKCE challenge, no secret). */
  authorizeUrl: string | null;
  /** The origin of the authorization endpoint, and whether it is another origin than the MCP server's: shown before the browser opens. */
  authorizationOrigin: string | null;
  serverOrigin: string;
  crossOrigin: boolean;
  scopes: string[];
  requests: McpAuthRequestRecord[];
  error: ErrorBody | null;
  createdAt: string;
  finishedAt: string | null;
}
