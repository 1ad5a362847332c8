/**
 * One PRISM story, insight first: the edition tabs (the reader's language first), the title, one meta line (site ·
 * category · published), the summary, the PRISM Insight, then the full text, tags, related articles and the PRISM
 * link. The insight is what a reader installs PRISM Lens for, so it comes before the long body and sits in the
 * first screen (docs/architecture.md). The disclaimer is a separate component so the shell keeps it always in view.
 */
import { t } from './i18n';
import type { Edition, Lang, Story } from '@/utils/prism/schema';
import { displayHost, safeHref } from '@/utils/safe-url';
import { categoryKey, fullDate, relativePublished } from '@/utils/story-meta';
import { uiLang } from './use-edition';

const langName = (lang: Lang) => (lang === 'ko' ? t('editionKo') : t('editionEn'));

/** The editions in tab order: the reader's language first. */
function editionOrder(ui: Lang): Lang[] {
  return ui === 'ko' ? ['ko', 'en'] : ['en', 'ko'];
}

/** The category in the reader's language (PRISM publishes it in English); an unknown one as PRISM wrote it. */
export function categoryName(category: string): string {
  const key = categoryKey(category);
  return key ? t(key as never) : category;
}

function EditionTabs({ story, lang, onLang }: { story: Story; lang: Lang; onLang: (l: Lang) => void }) {
  const available = editionOrder(uiLang()).filter((l) => story.editions[l]);
  if (available.length < 2) return null;
  const move = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    const next = available[(available.indexOf(lang) + 1) % available.length]!;
    onLang(next);
    (event.currentTarget as HTMLElement).parentElement?.querySelector<HTMLElement>(`#tab-${next}`)?.focus();
  };
  return (
    <div class="edition-tabs" role="tablist" aria-label={t('editionTabsLabel')} data-testid="edition-tabs">
      {available.map((l) => (
        <button
          key={l}
          id={`tab-${l}`}
          type="button"
          role="tab"
          lang={l}
          aria-selected={l === lang}
          aria-controls={`edition-${l}`}
          tabIndex={l === lang ? 0 : -1}
          onClick={() => onLang(l)}
          onKeyDown={move}
        >
          {langName(l)}
        </button>
      ))}
    </div>
  );
}

/** Site · category · published ("3 days ago", with the date itself on hover). */
function MetaLine({ story }: { story: Story }) {
  const source = safeHref(story.source.url);
  const ui = uiLang();
  const published = relativePublished(story.publishedAt, Date.now(), ui);
  const when = !published
    ? ''
    : 'date' in published
      ? published.date
      : t(published.key as never, [String(published.count)] as never);
  return (
    <p class="story-meta" data-testid="story-meta">
      {source ? (
        <a href={source} target="_blank" rel="noopener noreferrer" class="source-link" title={t('sourceLinkTitle')}>
          {story.source.publisher}
        </a>
      ) : (
        <span>{story.source.publisher}</span>
      )}
      <span aria-hidden="true"> · </span>
      <span class="category">{categoryName(story.category)}</span>
      {when && (
        <>
          <span aria-hidden="true"> · </span>
          <time dateTime={story.publishedAt} title={fullDate(story.publishedAt, ui)}>
            {when}
          </time>
        </>
      )}
    </p>
  );
}

function EditionView({ story, edition, lang }: { story: Story; edition: Edition; lang: Lang }) {
  const insightTitle = edition.insight?.title.trim();
  return (
    <div
      class="edition"
      lang={lang}
      id={`edition-${lang}`}
      role="tabpanel"
      aria-labelledby={`tab-${lang}`}
      data-testid={`edition-${lang}`}
    >
      <h2 class="edition-title">{edition.title}</h2>
      <MetaLine story={story} />
      <p class="edition-summary">{edition.summary}</p>
      {edition.insight && (
        <section class="insight" aria-labelledby={`insight-${lang}`} data-testid="insight">
          <h3 class="insight-label" id={`insight-${lang}`}>
            {t('insightLabel')}
          </h3>
          {/* Some stories title the insight just "PRISM Insight": the heading already says so. */}
          {insightTitle && !/^prism\s*(insight|인사이트)$/i.test(insightTitle) && (
            <p class="insight-title">{insightTitle}</p>
          )}
          {edition.insight.body.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </section>
      )}
      <div class="edition-body">
        {edition.body.map((p, i) => (
          <p key={i}>{p}</p>
        ))}
      </div>
      {edition.tags.length > 0 && (
        <ul class="tags" aria-label={t('tagsLabel')}>
          {edition.tags.map((tag) => (
            <li key={tag}>{tag}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function StoryView({ story, lang, onLang }: { story: Story; lang: Lang; onLang: (l: Lang) => void }) {
  const edition = story.editions[lang];
  const prism = safeHref(story.url);
  return (
    <div class="story">
      <EditionTabs story={story} lang={lang} onLang={onLang} />
      {edition && <EditionView story={story} edition={edition} lang={lang} />}
      {prism && (
        <p class="read-on-prism">
          <a href={prism} target="_blank" rel="noopener noreferrer">
            {t('readOnPrism')} · {displayHost(prism)} ↗
          </a>
        </p>
      )}
      {story.related.length > 0 && (
        <section class="related" aria-labelledby="related-heading">
          <h3 id="related-heading">{t('relatedHeading')}</h3>
          <ul class="related-cards">
            {story.related.map((r) => {
              const href = safeHref(r.url);
              return (
                <li key={r.id} lang={r.lang} class="related-card">
                  <span class="related-category">{categoryName(r.category)}</span>
                  {href ? (
                    <a class="related-title" href={href} target="_blank" rel="noopener noreferrer">
                      {r.title}
                    </a>
                  ) : (
                    <span class="related-title">{r.title}</span>
                  )}
                  {r.summary && <span class="related-summary">{r.summary}</span>}
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </div>
  );
}

export function Disclaimer({ story, lang }: { story: Story; lang: Lang }) {
  return (
    <div class="disclaimer" role="note" lang={lang} data-testid="disclaimer">
      <span aria-hidden="true">ⓘ </span>
      {story.disclaimer[lang]}
    </div>
  );
}
