export {
  DEEP_LINK_SCHEME,
  MAX_DEEP_LINK_BYTES,
  findDeepLinkInArgv,
  parseDeepLink,
  redactDeepLink,
  type DeepLink,
  type DeepLinkKind,
  type DeepLinkParseResult,
  type DeepLinkRejection,
  type OAuthCallbackLink,
} from './deep-link.ts';
export {
  DeepLinkRouter,
  type DeepLinkHandler,
  type DeepLinkLog,
  type DeepLinkOutcome,
  type DeepLinkRouterOptions,
  type DeepLinkSource,
} from './router.ts';
