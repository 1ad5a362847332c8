// @vitest-environment happy-dom
/**
 * The options page's "Test connection": it asks the API through the PRISM client, so a test of an address gets the
 * same protections as every real request (no redirect to another origin, a byte cap, a timeout, the answer
 * validated), and says plainly when the address is not a PRISM API it can use.
 */
import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, waitFor } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OptionsForm } from '../../../components/OptionsForm';
import { MAX_BYTES } from '../../../utils/prism/client';

const BASE = 'https://api.prism.test';
const META = {
  v: 2,
  generatedAt: '2026-12-01T00:00:00.000Z',
  stories: 42,
  keyset: { path: `keyset/${'a'.repeat(64)}.bin`, sha256: 'a'.repeat(64), format: 'gcs-v1', keys: 100, bytes: 300 },
};

/** An answer as fetch gives it after following redirects to `finalUrl`. */
function answer(body: string, finalUrl = `${BASE}/v2/meta.json`): Response {
  const res = new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
  Object.defineProperty(res, 'url', { value: finalUrl });
  Object.defineProperty(res, 'redirected', { value: finalUrl !== `${BASE}/v2/meta.json` });
  return res;
}

let fetchSpy: ReturnType<typeof vi.fn>;
beforeEach(() => {
  fakeBrowser.reset();
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation((key: string) => key);
  // The page lists the keyboard shortcuts (ShortcutList); WXT's fake browser has no commands.getAll of its own.
  vi.spyOn(fakeBrowser.commands, 'getAll').mockImplementation(() => Promise.resolve([]) as never);
  fetchSpy = vi.fn();
  vi.stubGlobal('fetch', fetchSpy);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function testConnection(): Promise<string> {
  const { container, getByText } = render(<OptionsForm />);
  const input = container.querySelector<HTMLInputElement>('#api-base')!;
  fireEvent.input(input, { target: { value: BASE } });
  fireEvent.click(getByText('optionsTest'));
  await waitFor(() => expect(container.textContent).toMatch(/optionsReachable|optionsUnreachable/), { timeout: 5000 });
  return container.textContent!.includes('optionsReachable') ? 'reachable' : 'unreachable';
}

describe('Test connection', () => {
  it('says the API is reachable when meta.json is a PRISM catalogue, asked without cookies or referrer', async () => {
    fetchSpy.mockResolvedValue(answer(JSON.stringify(META)));
    expect(await testConnection()).toBe('reachable');
    const [url, init] = fetchSpy.mock.calls[0]! as [string, RequestInit];
    expect(url).toBe(`${BASE}/v2/meta.json`);
    expect(init).toMatchObject({ credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'no-store' });
    expect(init.signal).toBeInstanceOf(AbortSignal); // the client's timeout
  });

  it('refuses an answer that came from another origin through a redirect', async () => {
    fetchSpy.mockResolvedValue(answer(JSON.stringify(META), 'https://elsewhere.example/v2/meta.json'));
    expect(await testConnection()).toBe('unreachable');
  });

  it('refuses an answer larger than the cap for meta.json, without reading it all', async () => {
    const huge = JSON.stringify({ ...META, padding: 'x'.repeat(MAX_BYTES.meta + 1) });
    fetchSpy.mockResolvedValue(answer(huge));
    expect(await testConnection()).toBe('unreachable');
  });

  it('refuses what is not a PRISM catalogue', async () => {
    fetchSpy.mockResolvedValue(answer(JSON.stringify({ hello: 'world' })));
    expect(await testConnection()).toBe('unreachable');
  });
});
