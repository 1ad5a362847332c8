/**
 * What PRISM has for one lookup (a tab's page, or a link), in every state: not news, no analysis yet, no
 * catalogue on this device yet, loading, offline, error, a possible match (labelled with the site it is about,
 * shown only when the reader asks), and the story with what matched, its actions and the always-visible
 * disclaimer. The story is fetched here, when the reader opens it, never at page load.
 */
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { t } from './i18n';
import { pickEdition } from '@/utils/preferences';
import { faultPasses, type Fault } from '@/utils/prism/fault';
import type { Story } from '@/utils/prism/schema';
import type { Match, TabState } from '@/utils/tab-state';
import { Disclaimer, StoryView } from './StoryView';
import { FaultDetails, FaultView, faultText } from './FaultView';
import { Skeleton, StatusView } from './StatusView';
import { StoryActions } from './StoryActions';
import { SameEventNote } from './SameEventNote';
import { uiLang, useEditionPreference } from './use-edition';
import { useStory } from './use-story';
import { SavedLibraryContext, type SavedLibrary } from './saved-library';
import { lookupScreen, storyFault, tabFault, wantedStory, type Retry } from './view-state';
import { browser } from 'wxt/browser';

const libraryUrl = () => browser.runtime.getURL('/library.html');

/** A lookup older than this was cut off (the service worker was stopped mid-way): ask again. */
const STALE_LOOKING_MS = 15_000;
/** How long a view waits for the on-demand examination of a page before showing what it knows. */
const EXAMINE_WAIT_MS = 4000;
/** While open on a failure that passes (no network, server down or slow), the view tries again after these. */
const RETRY_DELAYS_MS = [2000, 4000, 8000, 10_000];

export interface LookupViewProps {
  /** `undefined` while reading; `null` when nothing is known. */
  state: TabState | null | undefined;
  /** Look again (retry after an error). */
  recheck: () => void;
  /** Run the full news detector on the page (tabs only): a miss then says "not news" or "no analysis yet". */
  examine?: () => void;
  tabId?: number;
  inPopup: boolean;
}

function MatchNote({ match }: { match?: Match }) {
  if (!match) return null;
  const text =
    match.by === 'address'
      ? t('matchAddress')
      : match.by === 'declared'
        ? t('matchDeclared', [match.site])
        : t('matchHeadline', [match.site]);
  return (
    <p class="match-note" data-testid="match-note">
      {text}
    </p>
  );
}

/**
 * Above the reader's saved copy when PRISM could not give the story: one line naming the cause in plain words, a
 * retry when the failure may pass, and the technical detail under "Details".
 */
function SavedCopyBanner({ fault, retry }: { fault: Fault | undefined; retry: (() => void) | undefined }) {
  return (
    <div class="saved-copy-banner" role="status" data-testid="saved-copy-note" data-fault={fault?.kind}>
      <p>
        <strong>{faultText(fault).title}.</strong> {t('faultSavedCopyNote')}
      </p>
      <div class="banner-actions">
        {retry && (
          <button type="button" class="button ghost small" onClick={retry}>
            {t('retry')}
          </button>
        )}
        <FaultDetails fault={fault} />
      </div>
    </div>
  );
}

/**
 * The reader's saved copy of a page whose lookup failed, read from the library by the page's address once `wanted`
 * (a failure of the tab's own lookup), and kept for that address: `undefined` while it is read, `null` when none.
 */
function usePageCopy(library: SavedLibrary, pageUrl: string | undefined, wanted: boolean): Story | null | undefined {
  const [copy, setCopy] = useState<{ pageUrl: string; story: Story | null } | undefined>(undefined);
  const known = copy !== undefined && copy.pageUrl === pageUrl;
  useEffect(() => {
    if (!wanted || !pageUrl || known || !library.pageCopy) return;
    let alive = true;
    const done = (story: Story | null) => alive && setCopy({ pageUrl, story });
    library.pageCopy(pageUrl).then(
      (story) => done(story ?? null),
      () => done(null),
    );
    return () => {
      alive = false;
    };
  }, [pageUrl, wanted, known]);
  if (!pageUrl || !library.pageCopy) return null;
  return known ? copy.story : undefined;
}

export function LookupView({ state, recheck, examine, tabId, inPopup }: LookupViewProps) {
  const [attempt, setAttempt] = useState(0);
  const [revealed, setRevealed] = useState<string | null>(null);
  const examined = useRef(new Set<string>());
  const waitingSince = useRef(0);
  const [, setTick] = useState(0);
  const story = useStory(wantedStory(state, revealed), attempt);
  const [preferred, setPreferred] = useEditionPreference();
  const retries = useRef(0);
  const shownFailure = useRef<{ fault: Fault; url: string } | undefined>(undefined);
  const pageCopy = usePageCopy(useContext(SavedLibraryContext), state?.page?.url, !!tabFault(state));
  const again = () => {
    setAttempt((n) => n + 1);
    recheck();
  };

  // A lookup cut off (the service worker stopped mid-way) is asked again at its deadline, even if the view opened
  // before it and nothing has changed since.
  useEffect(() => {
    if (state?.status !== 'looking') return;
    const wait = state.updatedAt + STALE_LOOKING_MS - Date.now();
    if (wait <= 0) {
      again();
      return;
    }
    const timer = setTimeout(again, wait);
    return () => clearTimeout(timer);
  }, [state?.status, state?.updatedAt]);

  // A failure that passes by itself is tried again while the view is open (backing off), and at once when the
  // network comes back: the story appears without a click.
  const storyFailure = storyFault(state, story);
  const failure = tabFault(state) ?? storyFailure;
  // A story that could not be fetched is asked again by itself; the tab's lookup (its shard) is not redone.
  const retryStory = () => setAttempt((n) => n + 1);
  const retry = storyFailure ? retryStory : again;
  const failureKey = failure ? `${failure.kind}:${failure.status ?? ''}:${state?.seq ?? ''}:${attempt}` : '';
  useEffect(() => {
    if (!failure) {
      if (state?.status !== 'looking' && story) retries.current = 0;
      return;
    }
    if (!faultPasses(failure)) return;
    // Never sooner than the server asked (a long Retry-After).
    const delay = Math.max(
      RETRY_DELAYS_MS[Math.min(retries.current, RETRY_DELAYS_MS.length - 1)]!,
      failure.retryAfterMs ?? 0,
    );
    const timer = setTimeout(() => {
      retries.current++;
      retry();
    }, delay);
    const online = () => retry();
    window.addEventListener('online', online);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('online', online);
    };
  }, [failureKey]);

  // The reader is looking at a page with no match: examine it once (a truthful "not news"), and try the headline
  // the detector finds.
  const url = state?.page ? `${state.page.url}#${state.seq}` : undefined;
  const needsExamining = state?.status === 'none' && state.page?.detection === undefined && !!examine && !!url;
  useEffect(() => {
    if (!needsExamining || !url || examined.current.has(url)) return;
    examined.current.add(url);
    waitingSince.current = Date.now();
    examine?.();
    // Whatever happens to the request, stop waiting after a while: the page then shows what is known.
    const timer = setTimeout(() => setTick((n) => n + 1), EXAMINE_WAIT_MS);
    return () => clearTimeout(timer);
  }, [needsExamining, url]);

  // Looking again after a failure (a retry) keeps that failure in view until the answer: no flicker.
  if (failure && state?.page) shownFailure.current = { fault: failure, url: state.page.url };
  else if (state?.status !== 'looking') shownFailure.current = undefined;
  const stillFailing = state?.status === 'looking' && shownFailure.current?.url === state.page?.url;
  const screen = lookupScreen({
    state,
    story,
    preferenceRead: preferred !== undefined,
    keptFault: stillFailing ? shownFailure.current?.fault : undefined,
    examining:
      needsExamining && !!url && (!examined.current.has(url) || waitingSince.current > Date.now() - EXAMINE_WAIT_MS),
    revealed,
    pageCopy,
  });
  const retryOf = (r: Retry | null) => (r === 'story' ? retryStory : r === 'lookup' ? again : undefined);

  switch (screen.view) {
    case 'loading':
      return <Skeleton />;
    case 'unknown':
      return <StatusView state="unknown" title={t('unknownTitle')} detail={t('unknownDetail')} />;
    case 'not-news':
      return <StatusView state="not-news" title={t('notNewsTitle')} detail={t('notNewsDetail')} />;
    case 'none':
      return (
        <StatusView state="none" title={t('noneTitle')} detail={screen.headline}>
          <p class="muted">{t('noneDetail')}</p>
        </StatusView>
      );
    case 'no-catalogue':
      return (
        <StatusView
          state="no-catalogue"
          title={t('noCatalogueTitle')}
          // A key set refused as malformed is not "not downloaded yet": say what was wrong with it.
          detail={state?.fault?.kind === 'invalid' ? faultText(state.fault).detail : t('noCatalogueDetail')}
        >
          <button type="button" class="button" onClick={() => again()}>
            {t('retry')}
          </button>
        </StatusView>
      );
    case 'fault':
      return <FaultView fault={screen.fault} retry={retryOf(screen.retry)} libraryUrl={libraryUrl()} />;
    case 'possible': {
      const { by, site, pageSite, storyId } = screen;
      return (
        <StatusView
          state="possible"
          title={t('possibleTitle')}
          detail={by === 'declared' ? t('possibleDeclared', [site, pageSite]) : t('possibleHeadline', [site, pageSite])}
        >
          <button type="button" class="button" onClick={() => setRevealed(storyId)}>
            {t('possibleShow', [site])}
          </button>
        </StatusView>
      );
    }
  }

  const { story: shown, savedCopy, note, fault } = screen;
  const lang = pickEdition(shown.editions, preferred ?? null, uiLang());
  return (
    <>
      <StoryActions
        story={shown}
        page={state?.page}
        lang={lang}
        tabId={tabId}
        inPopup={inPopup}
        sameEventSite={note?.kind === 'same-event' ? note.site : undefined}
      />
      <div class="scroll">
        {savedCopy && <SavedCopyBanner fault={fault} retry={retryOf(screen.retry ?? null)} />}
        {note?.kind === 'same-event' ? (
          <SameEventNote site={note.site} headline={shown.source.title} />
        ) : note?.kind === 'possible' ? (
          <p class="possible-banner" role="note" data-testid="possible-banner">
            {t('possibleBanner', [note.site])}
          </p>
        ) : (
          <MatchNote match={note?.match} />
        )}
        <StoryView story={shown} lang={lang} onLang={setPreferred} />
      </div>
      <Disclaimer story={shown} lang={lang} />
    </>
  );
}
