/**
 * What PRISM has for one lookup (a tab's page, or a link), in every state: not news, no analysis yet, loading,
 * offline, error, and the story with its actions and the always-visible disclaimer.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from './i18n';
import { pickEdition } from '@/utils/preferences';
import type { TabState } from '@/utils/tab-state';
import { Disclaimer, StoryView } from './StoryView';
import { Skeleton, StatusView } from './StatusView';
import { StoryActions } from './StoryActions';
import { uiLang, useEditionPreference } from './use-edition';
import { useStory } from './use-story';

/** A lookup older than this was cut off (the service worker was stopped mid-way): ask again. */
const STALE_LOOKING_MS = 15_000;

export interface LookupViewProps {
  /** `undefined` while reading; `null` when nothing is known. */
  state: TabState | null | undefined;
  /** Look again; `force` looks up a page that does not look like news. */
  recheck: (force?: boolean) => void;
  tabId?: number;
  inPopup: boolean;
}

export function LookupView({ state, recheck, tabId, inPopup }: LookupViewProps) {
  const [attempt, setAttempt] = useState(0);
  const story = useStory(state?.status === 'found' ? state.storyId : undefined, attempt);
  const [preferred, setPreferred] = useEditionPreference();
  const again = (force = false) => {
    setAttempt((n) => n + 1);
    recheck(force);
  };

  useEffect(() => {
    if (state?.status === 'looking' && Date.now() - state.updatedAt > STALE_LOOKING_MS) again();
  }, [state?.status, state?.updatedAt]);

  if (state === undefined || state?.status === 'looking' || preferred === undefined) return <Skeleton />;
  const retry = (
    <button type="button" class="button" onClick={() => again()}>
      {t('retry')}
    </button>
  );

  switch (state?.status ?? 'unknown') {
    case 'unknown':
      return <StatusView state="unknown" title={t('unknownTitle')} detail={t('unknownDetail')} />;
    case 'not-news':
      return (
        <StatusView state="not-news" title={t('notNewsTitle')} detail={t('notNewsDetail')}>
          <button type="button" class="button" onClick={() => again(true)}>
            {t('lookAnyway')}
          </button>
        </StatusView>
      );
    case 'none':
      return (
        <StatusView state="none" title={t('noneTitle')} detail={state?.page?.title ?? undefined}>
          <p class="muted">{t('noneDetail')}</p>
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

  if (!story) return <Skeleton />;
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
        <StoryView story={story.story} lang={lang} onLang={setPreferred} />
      </div>
      <Disclaimer story={story.story} lang={lang} />
    </>
  );
}
