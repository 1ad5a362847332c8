/**
 * The real Chrome side panel, for the e2e tests and the screenshots. Playwright does not list it among a
 * context's pages, so it is driven through the DevTools protocol.
 */
import type { BrowserContext } from 'playwright-core';

export interface SidePanelHandle {
  /** Evaluates an expression in the side panel's page and returns its (JSON-serialisable) value. */
  evaluate<T>(expression: string): Promise<T>;
  /** The side panel's visible text. */
  text(): Promise<string>;
  /** A PNG of the side panel as the reader sees it. */
  screenshot(): Promise<Buffer>;
  /** Like Playwright's emulateMedia: the side panel is not a Playwright page, so this goes through CDP. */
  emulateColorScheme(scheme: 'light' | 'dark'): Promise<void>;
  /** Any DevTools protocol command in the side panel's page (its width, the fonts of a node). */
  send<T>(method: string, params?: object): Promise<T>;
  detach(): Promise<void>;
}

/**
 * The real Chrome side panel. Playwright does not list it among the context's pages, so it is reached through
 * the browser's DevTools protocol (Target.attachToTarget), waiting until it is open.
 */
export async function attachSidePanel(b: { ctx: BrowserContext }, timeoutMs = 10_000): Promise<SidePanelHandle> {
  const cdp = await b.ctx.browser()!.newBrowserCDPSession();
  const deadline = Date.now() + timeoutMs;
  let targetId: string | undefined;
  while (!targetId && Date.now() < deadline) {
    const { targetInfos } = await cdp.send('Target.getTargets');
    targetId = targetInfos.find((t) => t.type === 'page' && t.url.includes('/sidepanel.html'))?.targetId;
    if (!targetId) await new Promise((r) => setTimeout(r, 100));
  }
  if (!targetId) throw new Error('the side panel did not open');
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: false });
  let nextId = 1;
  const pending = new Map<number, (msg: { result?: unknown; error?: { message: string } }) => void>();
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    if (event.sessionId !== sessionId) return;
    const msg = JSON.parse(event.message) as { id?: number; result?: unknown; error?: { message: string } };
    if (msg.id !== undefined) pending.get(msg.id)?.(msg);
  });
  const call = async <T>(method: string, params: object): Promise<T> => {
    const id = nextId++;
    const answer = new Promise<{ result?: unknown; error?: { message: string } }>((r) => pending.set(id, r));
    await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
    const msg = await answer;
    pending.delete(id);
    if (msg.error) throw new Error(`${method}: ${msg.error.message}`);
    return msg.result as T;
  };
  const evaluate = async <T>(expression: string): Promise<T> => {
    const r = await call<{
      result: { value: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    }>('Runtime.evaluate', {
      expression,
      returnByValue: true,
      awaitPromise: true,
    });
    if (r.exceptionDetails) {
      const { text, exception } = r.exceptionDetails;
      throw new Error(`side panel: ${exception?.description ?? text}`);
    }
    return r.result.value;
  };
  return {
    evaluate,
    // The panel may still be loading (no body yet) when it is first attached: its text is then empty.
    text: () => evaluate<string>("document.body ? document.body.innerText : ''"),
    async screenshot() {
      const r = await call<{ data: string }>('Page.captureScreenshot', { format: 'png' });
      return Buffer.from(r.data, 'base64');
    },
    async emulateColorScheme(scheme) {
      await call('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: scheme }] });
    },
    send: (method, params = {}) => call(method, params),
    async detach() {
      await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
      await cdp.detach().catch(() => undefined);
    },
  };
}
