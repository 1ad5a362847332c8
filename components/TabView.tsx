/**
 * What PRISM has for one tab, in every state. Shared by the popup and the side panel.
 */
import { useEffect, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { sendMessage } from '@/utils/messaging';
import type { Lang } from '@/utils/prism/schema';
import { Disclaimer, StoryView } from './StoryView';
import { Skeleton, StatusView } from './StatusView';
import { useStory } from './use-story';
import { useTabState } from './use-tab-state';

/** A lookup older than this was cut off (the service worker was stopped mid-way): ask again. */
const STALE_LOOKING_MS = 15_000;

export function TabView({ tabId, firstLang }: { tabId: number; firstLang: Lang }) {
  const state = useTabState(tabId);
  const [attempt, setAttempt] = useState(0);
  const story = useStory(state?.status === 'found' ? state.storyId : undefined, attempt);
  const recheck = (force = false) => {
    setAttempt((n) => n + 1);
    void sendMessage('recheckTab', { tabId, force }).catch(() => undefined);
  };

  useEffect(() => {
    if (state?.status === 'looking' && Date.now() - state.updatedAt > STALE_LOOKING_MS) recheck();
  }, [state?.status, state?.updatedAt]);

  if (state === undefined || state?.status === 'looking') return <Skeleton />;
  const retry = (
    <button type="button" class="button" onClick={() => recheck()}>
      {i18n.t('retry')}
    </button>
  );

  switch (state?.status ?? 'unknown') {
    case 'unknown':
      return <StatusView state="unknown" title={i18n.t('unknownTitle')} detail={i18n.t('unknownDetail')} />;
    case 'not-news':
      return (
        <StatusView state="not-news" title={i18n.t('notNewsTitle')} detail={i18n.t('notNewsDetail')}>
          <button type="button" class="button" onClick={() => recheck(true)}>
            {i18n.t('lookAnyway')}
          </button>
        </StatusView>
      );
    case 'none':
      return (
        <StatusView state="none" title={i18n.t('noneTitle')} detail={state?.page?.title ?? undefined}>
          <p class="muted">{i18n.t('noneDetail')}</p>
        </StatusView>
      );
    case 'offline':
      return (
        <StatusView state="offline" title={i18n.t('offlineTitle')} detail={i18n.t('offlineDetail')}>
          {retry}
        </StatusView>
      );
    case 'error':
      return (
        <StatusView state="error" title={i18n.t('errorTitle')} detail={state?.error}>
          {retry}
        </StatusView>
      );
  }

  // found
  if (!story) return <Skeleton />;
  if (!story.ok) {
    return (
      <StatusView
        state={story.kind === 'offline' ? 'offline' : 'error'}
        title={story.kind === 'offline' ? i18n.t('offlineTitle') : i18n.t('errorTitle')}
        detail={story.message}
      >
        {retry}
      </StatusView>
    );
  }
  const disclaimerLang: Lang = story.story.editions[firstLang] ? firstLang : firstLang === 'ko' ? 'en' : 'ko';
  return (
    <>
      <div class="scroll">
        <StoryView story={story.story} firstLang={firstLang} />
      </div>
      <Disclaimer story={story.story} lang={disclaimerLang} />
    </>
  );
}
