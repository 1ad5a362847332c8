/**
 * A saved page with its own scripts off, as the benches and the e2e tests load corpus pages: <script> elements go
 * (JSON-LD stays: it is data, and detection reads it), and so does a meta refresh. A saved page has no network to
 * run its scripts against, and they would only add noise.
 */
export function stripPageScripts(html: string): string {
  return html
    .replace(/<script\b([^>]*)>[\s\S]*?<\/script\s*>/gi, (tag, attrs: string) =>
      /\btype\s*=\s*["']?application\/ld\+json/i.test(attrs) ? tag : '',
    )
    .replace(/<meta\b[^>]*http-equiv\s*=\s*["']?refresh[^>]*>/gi, '');
}
