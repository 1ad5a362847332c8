/** What a reader can do with a story: save or unsave it, open the side panel, copy it, open the library. */
import type { ComponentChildren } from 'preact';
import { useContext, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from './i18n';
import type { Lang, Story } from '@/utils/prism/schema';
import type { PageReport } from '@/utils/tab-state';
import { LibraryIcon, LinkIcon, MarkdownIcon, SidePanelIcon } from './icons';
import { SavedLibraryContext } from './saved-library';
import { openSidePanel } from '@/adapters/side-panel-opener';

/** The library page (entrypoints/library). */
const libraryUrl = () => browser.runtime.getURL('/library.html');

/** A notice under the actions; `undo` offers to take an unsave back. */
interface Notice {
  text: string;
  error?: boolean;
  undo?: (() => void) | undefined;
}

/** How long an unsave's Undo stays on screen. */
const UNDO_MS = 10_000;

export interface StoryActionsProps {
  story: Story;
  page?: PageReport;
  lang: Lang;
  /** In the popup: offer the side panel (the side panel itself does not). */
  tabId?: number;
  inPopup: boolean;
  /** A same-event match (issue 23): the analysed article's site, kept on the saved record. */
  sameEventSite?: string;
}

function IconButton(props: { label: string; testId?: string; onClick: () => void; children: ComponentChildren }) {
  return (
    <button
      type="button"
      class="button ghost icon-button"
      data-testid={props.testId}
      aria-label={props.label}
      title={props.label}
      onClick={props.onClick}
    >
      {props.children}
    </button>
  );
}

export function StoryActions({ story, page, lang, tabId, inPopup, sameEventSite }: StoryActionsProps) {
  const library = useContext(SavedLibraryContext);
  const saved = library.useSaved(story.id);
  const [notice, setNotice] = useState<Notice | null>(null);
  const say = (text: string, error = false, undo?: () => void) => {
    const shown: Notice = { text, error, undo };
    setNotice(shown);
    // An Undo stays long enough to be read and reached.
    setTimeout(() => setNotice((n) => (n === shown ? null : n)), undo ? UNDO_MS : 2500);
  };

  async function toggleSave() {
    try {
      if (saved) {
        const { undo, hadNote } = await library.unsave(story.id);
        const again = undo
          ? () => {
              setNotice(null);
              void undo().then(
                () => say(t('restoredNotice')),
                (err: unknown) => say(err instanceof Error ? err.message : String(err), true),
              );
            }
          : undefined;
        // The reader's note goes with the story: say so, and Undo brings both back.
        say(hadNote ? t('unsavedNoticeNote') : t('unsavedNotice'), false, again);
      } else {
        await library.save(story, {
          pageUrl: page?.url ?? '',
          pageTitle: page?.titles[0] ?? '',
          ...(sameEventSite ? { sameEventSite } : {}),
        });
        say(t('savedNotice'));
      }
    } catch (err) {
      say(err instanceof Error ? err.message : String(err), true);
    }
  }

  async function copy(text: string | Promise<string>, done: string) {
    try {
      await navigator.clipboard.writeText(await text);
      say(done);
    } catch {
      say(t('copyFailed'), true);
    }
  }

  // The exporter is imported on the click that needs it (local modules: well within the click's activation).
  const markdown = async () => {
    const [{ storyMarkdown }, { newSavedStory }] = await Promise.all([
      import('@/utils/storage/export-markdown'),
      import('@/utils/storage/saved-record'),
    ]);
    const options = { pageUrl: page?.url ?? '', pageTitle: page?.titles[0] ?? '' };
    return storyMarkdown(newSavedStory(story, options), { primaryLang: lang });
  };

  return (
    <div class="actions" role="toolbar" aria-label={t('actionsLabel')}>
      <button
        type="button"
        class={`button save ${saved ? 'is-saved' : ''}`}
        aria-pressed={Boolean(saved)}
        data-testid="save-button"
        disabled={saved === undefined}
        onClick={toggleSave}
      >
        <span aria-hidden="true">{saved ? '★ ' : '☆ '}</span>
        {saved ? t('savedButton') : t('saveButton')}
      </button>
      {inPopup && tabId !== undefined && (
        <IconButton label={t('openSidePanel')} testId="open-side-panel" onClick={() => openSidePanel(tabId)}>
          <SidePanelIcon />
        </IconButton>
      )}
      <IconButton label={t('copyMarkdown')} onClick={() => copy(markdown(), t('copiedMarkdown'))}>
        <MarkdownIcon />
      </IconButton>
      <IconButton label={t('copyLink')} onClick={() => copy(story.url, t('copiedLink'))}>
        <LinkIcon />
      </IconButton>
      <a
        class="button ghost icon-button"
        data-testid="open-library"
        href={libraryUrl()}
        target="_blank"
        rel="noopener"
        title={t('openLibrary')}
      >
        <LibraryIcon />
        <span class="icon-label">{t('openLibrary')}</span>
      </a>
      <div
        class={`notice ${notice?.error ? 'is-error' : ''} ${notice ? '' : 'is-empty'}`}
        role={notice?.error ? 'alert' : 'status'}
        data-testid="notice"
      >
        {notice && <span>{notice.text}</span>}
        {notice?.undo && (
          <button type="button" class="notice-undo" data-testid="undo-unsave" onClick={notice.undo}>
            {t('undo')}
          </button>
        )}
      </div>
    </div>
  );
}
