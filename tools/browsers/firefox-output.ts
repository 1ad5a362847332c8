/**
 * What Firefox prints on stdout/stderr. Console messages of extension pages and of the background never reach
 * BiDi's log events; uncaught errors and unhandled rejections of the extension appear here as
 * `JavaScript error: moz-extension://<uuid>/…, line N: …`. Firefox's own noise (its remote agent, remote settings,
 * experiments, backups) is left out, so a test can fail on any error of the extension and on nothing else.
 */
import type { Browser } from 'puppeteer-core';

/** Firefox's own components, whose messages sometimes mention an extension page's address. */
const FIREFOX_NOISE =
  /NavigationManager|RemoteSettings|services\.settings|RSLoader|nimbus|ExperimentAPI|BackupService/i;

export interface FirefoxOutput {
  /** Every line printed so far. */
  readonly lines: readonly string[];
  /** The extension's JavaScript errors printed since the last call (each once). */
  takeExtensionErrors(): string[];
}

/** The extension's JavaScript errors among `lines` (an extension's origin: `moz-extension://<uuid>`). */
function extensionErrors(lines: readonly string[], origin: string): string[] {
  return lines.filter((line) => line.startsWith(`JavaScript error: ${origin}/`) && !FIREFOX_NOISE.test(line));
}

export function watchFirefoxOutput(browser: Browser, origin: string): FirefoxOutput {
  const lines: string[] = [];
  let partial = '';
  const onData = (chunk: Buffer | string) => {
    const text = partial + String(chunk);
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  };
  const child = browser.process();
  if (!child?.stdout || !child.stderr) throw new Error('Firefox was not started with piped output');
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let taken = 0;
  return {
    lines,
    takeExtensionErrors() {
      const fresh = lines.slice(taken);
      taken = lines.length;
      return extensionErrors(fresh, origin);
    },
  };
}
