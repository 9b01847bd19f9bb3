import type { DeepLinkRouter } from '../deeplink/index.ts';
import type { OAuthService } from './oauth-service.ts';

/**
 * crewship://oauth/callback (cold start, second instance, macOS open-url) goes to the same
 * handler as the loopback listener. A callback that matches no connect attempt is noted by its
 * error code only (never its query). Returns the function that unregisters the handler.
 */
export function registerOAuthDeepLinks(
  router: DeepLinkRouter,
  /** One service, or (a core with several workspaces) the one whose connect attempt the callback's state belongs to. */
  oauth: OAuthService | ((params: URLSearchParams) => OAuthService),
  log: (line: string) => void,
): () => void {
  return router.register('oauth-callback', async (link, source) => {
    const service = typeof oauth === 'function' ? oauth(link.params) : oauth;
    const outcome = await service.handleCallback(link.params, { kind: 'deep-link' });
    if (!outcome.ok) log(`oauth callback from ${source} not used: ${outcome.error.code}`);
  });
}
