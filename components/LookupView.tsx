/**
 * What PRISM has for one lookup (a tab's page, or a link), in every state: not news, no analysis yet, no
 * catalogue on this device yet, loading, offline, error, a possible match (labelled with the site it is about,
 * shown only when the reader asks), and the story with what matched, its actions and the always-visible
 * disclaimer. The story is fetched here, when the reader opens it, never at page load.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from './i18n';
import { pickEdition } from '@/utils/preferences';
import type { Match, TabState } from '@/utils/tab-state';
import { Disclaimer, StoryView } from './StoryView';
import { Skeleton, StatusView } from './StatusView';
import { StoryActions } from './StoryActions';
import { uiLang, useEditionPreference } from './use-edition';
import { useStory } from './use-story';
import { browser } from 'wxt/browser';

const libraryUrl = () => browser.runtime.getURL('/library.html');

/** A lookup older than this was cut off (the service worker was stopped mid-way): ask again. */
const STALE_LOOKING_MS = 15_000;
/** How long a view waits for the on-demand examination of a page before showing what it knows. */
const EXAMINE_WAIT_MS = 4000;

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
        ? t('matchDeclared')
        : t('matchHeadline', [match.site]);
  return (
    <p class="match-note" data-testid="match-note">
      {text}
    </p>
  );
}

export function LookupView({ state, recheck, examine, tabId, inPopup }: LookupViewProps) {
  const [attempt, setAttempt] = useState(0);
  const [revealed, setRevealed] = useState<string | null>(null);
  const examined = useRef(new Set<string>());
  const waitingSince = useRef(0);
  const [, setTick] = useState(0);
  const possible = state?.status === 'possible';
  const wanted = state?.status === 'found' || (possible && revealed === state?.storyId) ? state?.storyId : undefined;
  const story = useStory(wanted, attempt);
  const [preferred, setPreferred] = useEditionPreference();
  const again = () => {
    setAttempt((n) => n + 1);
    recheck();
  };

  useEffect(() => {
    if (state?.status === 'looking' && Date.now() - state.updatedAt > STALE_LOOKING_MS) again();
  }, [state?.status, state?.updatedAt]);

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

  if (state === undefined || state?.status === 'looking' || preferred === undefined) return <Skeleton />;
  if (needsExamining && url && (!examined.current.has(url) || waitingSince.current > Date.now() - EXAMINE_WAIT_MS)) {
    return <Skeleton />;
  }
  const retry = (
    <button type="button" class="button" onClick={() => again()}>
      {t('retry')}
    </button>
  );

  switch (state?.status ?? 'unknown') {
    case 'unknown':
      return <StatusView state="unknown" title={t('unknownTitle')} detail={t('unknownDetail')} />;
    case 'not-news':
      return <StatusView state="not-news" title={t('notNewsTitle')} detail={t('notNewsDetail')} />;
    case 'none':
      return (
        <StatusView state="none" title={t('noneTitle')} detail={state?.page?.titles[0] ?? undefined}>
          <p class="muted">{t('noneDetail')}</p>
        </StatusView>
      );
    case 'no-catalogue':
      return (
        <StatusView state="no-catalogue" title={t('noCatalogueTitle')} detail={t('noCatalogueDetail')}>
          {retry}
        </StatusView>
      );
    case 'offline':
      return (
        <StatusView state="offline" title={t('offlineTitle')} detail={t('offlineDetail')}>
          {retry}
        </StatusView>
      );
    case 'error':
      return (
        <StatusView state="error" title={t('errorTitle')} detail={state?.error}>
          {retry}
        </StatusView>
      );
  }

  const match = state?.match;
  if (possible && revealed !== state?.storyId && match) {
    const pageSite = match.pageSite ?? state?.page?.url ?? '';
    return (
      <StatusView
        state="possible"
        title={t('possibleTitle')}
        detail={match.by === 'declared' ? t('possibleDeclared', [match.site, pageSite]) : t('possibleHeadline', [match.site, pageSite])}
      >
        <button type="button" class="button" onClick={() => setRevealed(state?.storyId ?? null)}>
          {t('possibleShow', [match.site])}
        </button>
      </StatusView>
    );
  }

  if (!story) return <Skeleton />;
  if (!story.ok && story.kind === 'withdrawn') {
    return (
      <StatusView state="withdrawn" title={t('withdrawnTitle')} detail={t('withdrawnDetail')}>
        <a class="button secondary" href={libraryUrl()} target="_blank" rel="noopener">
          {t('openLibrary')}
        </a>
      </StatusView>
    );
  }
  if (!story.ok) {
    const offline = story.kind === 'offline';
    return (
      <StatusView
        state={offline ? 'offline' : 'error'}
        title={offline ? t('offlineTitle') : t('errorTitle')}
        detail={offline ? t('offlineDetail') : story.message}
      >
        {retry}
      </StatusView>
    );
  }
  const lang = pickEdition(story.story.editions, preferred, uiLang());
  return (
    <>
      <StoryActions story={story.story} page={state?.page} lang={lang} tabId={tabId} inPopup={inPopup} />
      <div class="scroll">
        {possible && match ? (
          <p class="possible-banner" role="note" data-testid="possible-banner">
            {t('possibleBanner', [match.site])}
          </p>
        ) : (
          <MatchNote match={match} />
        )}
        <StoryView story={story.story} lang={lang} onLang={setPreferred} />
      </div>
      <Disclaimer story={story.story} lang={lang} />
    </>
  );
}
