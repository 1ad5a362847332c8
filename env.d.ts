interface ImportMetaEnv {
  /** The PRISM API base URL baked into a build; the options page can override it. */
  readonly WXT_PRISM_API_BASE?: string;
  /** 'true' in development and test builds: an http API on this machine (loopback) is allowed. */
  readonly WXT_ALLOW_LOOPBACK_API?: string;
}
