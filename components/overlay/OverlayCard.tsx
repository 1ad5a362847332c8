/**
 * The reading card: the popup's view of the tab (LookupView: both editions, the insight, the always-visible
 * disclaimer, related articles, Save, the side panel) in a dialog framed beside the article, with the button's
 * choices (hide on this site, pause everywhere, settings) in a menu in its header. The card learns its tab by asking the background, which answers with the
 * tab the browser names as the sender: nothing in the card's address says which tab it is, so a page that framed
 * it could only ever see its own analysis. Its state and its library come through the background too: a frame of
 * an extension page in a web page has no storage.session in Firefox, and partitioned or no IndexedDB in Chromium.
 *
 * Keys: Esc closes the card (the overlay puts focus back where it was); Tab and Shift+Tab stay inside it. Keys
 * typed here never reach the article's own shortcuts: this is another document, of another origin.
 */
import { h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '../i18n';
import { MoreIcon } from '../icons';
import { LookupView } from '../LookupView';
import { SavedLibraryContext } from '../saved-library';
import { uiLang } from '../use-edition';
import { cardLibrary } from './card-library';
import { askBackground } from '@/adapters/messaging';
import { PRISM_MARK, PRISM_MARK_VIEWBOX } from '@/utils/prism-mark';
import type { TabState } from '@/utils/tab-state';
import {
  EXAMINE_TAB_TYPE,
  OVERLAY_ACTION_TYPE,
  LINK_MARKS_CARD_OFF_TYPE,
  OVERLAY_CARD_HELLO_TYPE,
  OVERLAY_CARD_STATE_TYPE,
  PAGE_OVERLAY_TYPE,
  RECHECK_TAB_TYPE,
  type OverlayAction,
  type OverlayCardHello,
} from '@/utils/messages';

/** The card's hello: the tab it is in, as the background knows it from the browser (null when in none), and its state. */
async function hello(): Promise<OverlayCardHello> {
  const answer = (await browser.runtime
    .sendMessage({ type: OVERLAY_CARD_HELLO_TYPE })
    .catch(() => null)) as Partial<OverlayCardHello> | null;
  const id = answer?.tabId;
  const tabId = typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : null;
  return { tabId, state: tabId === null ? null : (answer?.state ?? null) };
}

/**
 * The tab this card is in and its state, kept current: from the background (the hello, then its broadcasts of the
 * tab's state), not from storage.session, which a framed extension page cannot read in every browser.
 */
function useCardTab(): { tabId: number | null | undefined; state: TabState | null | undefined } {
  const [tabId, setTabId] = useState<number | null | undefined>(undefined);
  const [state, setState] = useState<TabState | null | undefined>(undefined);
  useEffect(() => {
    let alive = true;
    let mine: number | null = null;
    const onMessage = (message: unknown) => {
      const m = message as { type?: unknown; tabId?: unknown; state?: TabState | null } | null;
      if (m?.type === OVERLAY_CARD_STATE_TYPE && mine !== null && m.tabId === mine) setState(m.state ?? null);
    };
    browser.runtime.onMessage.addListener(onMessage);
    const ask = () =>
      void hello().then((h) => {
        if (!alive) return;
        mine = h.tabId;
        setTabId(h.tabId);
        setState(h.state);
      });
    ask();
    // Opened again after a while (the worker may have restarted meanwhile): ask again.
    window.addEventListener('focus', ask);
    return () => {
      alive = false;
      browser.runtime.onMessage.removeListener(onMessage);
      window.removeEventListener('focus', ask);
    };
  }, []);
  return { tabId, state };
}

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Keeps Tab and Shift+Tab inside `root`: from the last element to the first, and back. */
export function trapTab(event: KeyboardEvent, root: ParentNode, active: Element | null): void {
  const items = [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (el) => !el.closest('[hidden]') && el.getClientRects().length > 0,
  );
  if (items.length === 0) return;
  const first = items[0]!;
  const last = items[items.length - 1]!;
  const index = active ? items.indexOf(active as HTMLElement) : -1;
  if (event.shiftKey && index <= 0) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (index === -1 || index === items.length - 1)) {
    event.preventDefault();
    first.focus();
  }
}

/** The PRISM mark (utils/prism-mark.ts, as the toolbar icon and the pill draw it). */
function PrismMark({ size = 20 }: { size?: number }) {
  return (
    <svg
      viewBox={PRISM_MARK_VIEWBOX}
      width={size}
      height={size}
      aria-hidden="true"
      focusable="false"
      class="prism-mark"
    >
      {PRISM_MARK.map(([tag, attrs], i) => h(tag, { ...attrs, key: i }))}
    </svg>
  );
}

/**
 * The card's settings, in a menu in its header (not an always-visible bar): hide the button on this site, pause it on
 * every site for 30 days, or open the settings. Esc closes the menu first (then the card); arrows move in it.
 */
function CardMenu({ act }: { act: (action: OverlayAction) => void }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const items = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
  useEffect(() => {
    if (!open) return;
    items()[0]?.focus();
    const outside = (event: MouseEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, [open]);
  const shut = () => {
    setOpen(false);
    button.current?.focus();
  };
  const onKey = (event: KeyboardEvent) => {
    const all = items();
    const at = all.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'Escape') {
      // The card's own Esc handler would close the card: this Esc closes only the menu.
      event.preventDefault();
      event.stopPropagation();
      shut();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = (at + (event.key === 'ArrowDown' ? 1 : all.length - 1)) % all.length;
      all[next]?.focus();
    } else if (event.key === 'Tab') shut();
  };
  const choose = (run: () => void) => () => {
    setOpen(false);
    run();
  };
  return (
    <div class="card-menu">
      <button
        type="button"
        ref={button}
        class="button ghost icon-button card-menu-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls="card-menu"
        aria-label={t('overlayCardPrefsLabel')}
        title={t('overlayCardPrefsLabel')}
        data-testid="card-menu"
        onClick={() => setOpen((o) => !o)}
      >
        <MoreIcon />
      </button>
      {open && (
        <div
          class="menu"
          role="menu"
          id="card-menu"
          aria-label={t('overlayCardPrefsLabel')}
          ref={menu}
          onKeyDown={onKey}
        >
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            data-testid="card-hide-site"
            onClick={choose(() => act('hide-site'))}
          >
            {t('overlayHideSite')}
          </button>
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            data-testid="card-snooze"
            onClick={choose(() => act('snooze'))}
          >
            {t('overlaySnooze')}
          </button>
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            data-testid="card-link-marks-off"
            onClick={choose(
              () => void browser.runtime.sendMessage({ type: LINK_MARKS_CARD_OFF_TYPE }).catch(() => undefined),
            )}
          >
            {t('linkMarksCardOff')}
          </button>
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            data-testid="card-settings"
            onClick={choose(() => void browser.runtime.openOptionsPage())}
          >
            {t('openSettings')}
          </button>
        </div>
      )}
    </div>
  );
}

export function OverlayCard() {
  const { tabId, state } = useCardTab();
  const title = useRef<HTMLHeadingElement>(null);
  const recheck = () => tabId && void askBackground({ type: RECHECK_TAB_TYPE, tabId }).catch(() => undefined);
  const examine = () => tabId && void askBackground({ type: EXAMINE_TAB_TYPE, tabId }).catch(() => undefined);

  const close = () => {
    if (typeof tabId !== 'number') return;
    void browser.tabs
      .sendMessage(tabId, { type: PAGE_OVERLAY_TYPE, command: 'close' }, { frameId: 0 })
      .catch(() => undefined);
  };
  const act = (action: OverlayAction) =>
    void browser.runtime.sendMessage({ type: OVERLAY_ACTION_TYPE, action }).catch(() => undefined);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        close();
      } else if (event.key === 'Tab') trapTab(event, document, document.activeElement);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [tabId]);

  // Opened (the frame got focus) with nothing focused inside: start at the card's title.
  useEffect(() => {
    const start = () => {
      if (!document.activeElement || document.activeElement === document.body) title.current?.focus();
    };
    if (document.hasFocus()) start();
    window.addEventListener('focus', start);
    return () => window.removeEventListener('focus', start);
  }, []);

  return (
    <div class="app overlay-card" role="dialog" aria-modal="true" aria-labelledby="overlay-card-title" lang={uiLang()}>
      <header class="app-header">
        <PrismMark />
        <h1 id="overlay-card-title" tabIndex={-1} ref={title}>
          {t('overlayPill')}
        </h1>
        <CardMenu act={act} />
        <button
          type="button"
          class="button ghost icon-button card-close"
          aria-label={t('overlayClose')}
          title={t('overlayClose')}
          data-testid="card-close"
          onClick={close}
        >
          <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
            <path d="M6 6l12 12M18 6L6 18" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
          </svg>
        </button>
      </header>
      <main class="app-main">
        <SavedLibraryContext.Provider value={cardLibrary}>
          {tabId === undefined ? null : tabId === null ? (
            <p class="status">{t('noTab')}</p>
          ) : (
            <LookupView state={state} recheck={recheck} examine={examine} tabId={tabId} inPopup />
          )}
        </SavedLibraryContext.Provider>
      </main>
    </div>
  );
}
