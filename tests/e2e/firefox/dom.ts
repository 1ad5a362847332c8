/**
 * What a reader sees in a page, for the Firefox tests (puppeteer-core): elements by test id, visible text,
 * clicking by label. Plain CSS selectors and DOM reads, which work the same in extension pages over BiDi.
 */
import type { ElementHandle, Page } from 'puppeteer-core';

const byTestId = (id: string) => `[data-testid="${id}"]`;

/** Waits for the element with `data-testid=id` to be visible; returns it. */
export async function testId(page: Page, id: string, timeoutMs = 15_000): Promise<ElementHandle<Element>> {
  const el = await page.waitForSelector(byTestId(id), { visible: true, timeout: timeoutMs });
  if (!el) throw new Error(`no ${id}`);
  return el;
}

/** The visible text of the first element matching `selector` ('' when there is none). */
export const textOf = (page: Page, selector: string) =>
  page.evaluate((s) => (document.querySelector(s) as HTMLElement | null)?.innerText ?? '', selector);

export const testIdText = (page: Page, id: string) => textOf(page, byTestId(id));

export const hasTestId = (page: Page, id: string) =>
  page.evaluate((s) => document.querySelector(s) !== null, byTestId(id));

/** Waits until the element matching `selector` shows text that includes `text`. */
export async function waitForText(page: Page, selector: string, text: string, timeoutMs = 15_000): Promise<void> {
  await page.waitForFunction(
    (s, t) => ((document.querySelector(s) as HTMLElement | null)?.innerText ?? '').includes(t),
    { timeout: timeoutMs, polling: 100 },
    selector,
    text,
  );
}

/** Clicks the first element matching `selector` whose text includes `label` (a real mouse click). */
export async function clickByText(page: Page, selector: string, label: string, timeoutMs = 15_000): Promise<void> {
  const handle = await page.waitForFunction(
    (s, l) => [...document.querySelectorAll<HTMLElement>(s)].find((e) => e.innerText.includes(l) && !e.hidden),
    { timeout: timeoutMs, polling: 100 },
    selector,
    label,
  );
  const el = handle.asElement() as ElementHandle<Element> | null;
  if (!el) throw new Error(`no ${selector} reading "${label}"`);
  await el.click();
}

/** The text of the selected edition tab. */
export const selectedEdition = (page: Page) => textOf(page, '[role="tab"][aria-selected="true"]');

/**
 * Clicks the first element matching `selector` reading `label` if the page shows one right now (checked and
 * clicked in one step inside the page, for a view that may change by itself); returns whether it did.
 */
export const clickIfShown = (page: Page, selector: string, label: string) =>
  page.evaluate(
    (s, l) => {
      const el = [...document.querySelectorAll<HTMLElement>(s)].find((e) => e.innerText.includes(l));
      el?.click();
      return el !== undefined;
    },
    selector,
    label,
  );

/** Sets an input's value as typing would (an `input` event), e.g. Hangul into a search box. */
export const fill = (page: Page, selector: string, text: string) =>
  page.$eval(
    selector,
    (el, t) => {
      const input = el as HTMLInputElement;
      input.focus();
      input.value = t;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    },
    text,
  );
