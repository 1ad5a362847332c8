/**
 * The Save shortcut (`save-story`, wxt.config.ts): saves the active tab's analysis to the library, as the popup's
 * Save button does: the story is fetched as opening the popup fetches it (`getStory`, through the cache), then saved
 * by the same function (adapters/saved-library-local.ts). Only a confirmed match (status `found`, the page's own
 * site) is saved; a possible match needs the reader to look first.
 *
 * Feedback without a new permission (notifications would need one): for a few seconds the toolbar button's title
 * says what happened, and on success its badge shows ★; then the tab's own mark and title come back.
 */
import { browser } from 'wxt/browser';
import { chosenCatalogue, translate } from '@/components/i18n';
import { faultText } from '@/components/fault-text';
import { save } from '@/adapters/saved-library-local';
import type { Fault } from '@/utils/prism/fault';
import { ALLOW_LOOPBACK_API } from '@/utils/settings';
import { getDb } from '@/utils/storage/db';
import { isSaved } from '@/utils/storage/saved';
import { getStory } from './prism-service';
import { getTabState } from './tab-state-store';
import { showTabBadge, toolbarButton, type ToolbarApis } from './toolbar-badge';

export const SAVE_COMMAND = 'save-story';
export const SAVED_BADGE = '★';
/** How long the title and badge say what the shortcut did. */
export const FEEDBACK_MS = 4000;

/** `failed`: the cause (its kind and status; its technical detail is kept for a bug report, never shown). */
export type SaveOutcome = 'saved' | 'already' | 'none' | { failed: Pick<Fault, 'kind' | 'status' | 'detail'> };

/** Saves the tab's confirmed analysis; says what happened. Never throws. */
export async function saveTabStory(tabId: number): Promise<SaveOutcome> {
  try {
    const state = await getTabState(tabId);
    if (state?.status !== 'found' || !state.storyId) return 'none';
    if (await isSaved(getDb(), state.storyId)) return 'already';
    const answer = await getStory(state.storyId);
    if (!answer.ok)
      return {
        failed: {
          kind: answer.kind,
          detail: answer.message,
          ...(answer.status === undefined ? {} : { status: answer.status }),
        },
      };
    await save(answer.story, { pageUrl: state.page?.url ?? '', pageTitle: state.page?.titles[0] ?? '' });
    return 'saved';
  } catch (err) {
    return { failed: { kind: 'unknown', detail: err instanceof Error ? err.message : String(err) } };
  }
}

/** What the toolbar's title says, in the reader's language (the one chosen on the options page, as the popup). */
export async function outcomeTitle(outcome: SaveOutcome): Promise<string> {
  const catalogue = await chosenCatalogue();
  const t = (key: string, substitutions?: string[]) => translate(catalogue, key, substitutions);
  if (outcome === 'saved') return t('saveShortcutSaved');
  if (outcome === 'already') return t('saveShortcutAlready');
  if (outcome === 'none') return t('saveShortcutNone');
  // The cause's localised title; the server's own words (English, technical) are not for the toolbar.
  return t('saveShortcutFailed', [faultText(outcome.failed, t).title]);
}

async function showOutcome(tabId: number, outcome: SaveOutcome): Promise<void> {
  const button = toolbarButton(browser as unknown as ToolbarApis);
  if (!button) return;
  try {
    await button.setTitle({ tabId, title: await outcomeTitle(outcome) });
    if (outcome === 'saved') await button.setBadgeText({ tabId, text: SAVED_BADGE });
  } catch {
    return; // the tab closed
  }
  setTimeout(
    () =>
      void getTabState(tabId)
        .then((state) => showTabBadge(tabId, state))
        .catch(() => undefined),
    FEEDBACK_MS,
  );
}

/** The command's listener: the tab the shortcut was pressed in (or the active one), saved, the outcome shown. */
export async function onSaveCommand(command: string, tab?: { id?: number }): Promise<SaveOutcome | undefined> {
  if (command !== SAVE_COMMAND) return undefined;
  const tabId = tab?.id ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
  if (tabId === undefined) return undefined;
  const outcome = await saveTabStory(tabId);
  await showOutcome(tabId, outcome);
  return outcome;
}

export function registerSaveCommand(): void {
  browser.commands.onCommand.addListener((command, tab) => void onSaveCommand(command, tab));
  // Test and development builds only: headless Chromium cannot press a browser command (no window takes the
  // shortcut; a key sent to the page through CDP does not reach the browser's accelerators), so the end-to-end test
  // calls this same listener from the service worker (tests/e2e/pages.e2e.ts). Store builds have no such global.
  if (ALLOW_LOOPBACK_API)
    (globalThis as { prismLensSaveCommand?: typeof onSaveCommand }).prismLensSaveCommand = onSaveCommand;
}
