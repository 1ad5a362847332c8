interface ImportMetaEnv {
  /** The PRISM API base URL baked into a build; the options page can override it. */
  readonly WXT_PRISM_API_BASE?: string;
}
