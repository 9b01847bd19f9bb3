export {
  DEEP_LINK_SCHEME,
  MAX_DEEP_LINK_BYTES,
  findDeepLinkInArgv,
  parseDeepLink,
  redactDeepLink,
  type OAuthCallbackLink,
} from './deep-link.ts';
export {
  DeepLinkRouter,
  type DeepLinkLog,
  type DeepLinkSource,
} from './router.ts';
