/** The address of what a test's fake `fetch` was called with (a string, a URL or a Request). */
export function requestUrl(input: RequestInfo | URL): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}
