/**
 * One PRISM story: the edition tabs (the reader's preferred edition selected), the edition, tags, related articles,
 * the source and PRISM links. The disclaimer is a separate component so the shell can keep it always in view.
 */
import { t } from './i18n';
import type { Edition, Lang, Story } from '@/utils/prism/schema';
import { displayHost, safeHref } from '@/utils/safe-url';

const LANGS: Lang[] = ['ko', 'en'];
const langName = (lang: Lang) => (lang === 'ko' ? t('editionKo') : t('editionEn'));

function EditionTabs({ story, lang, onLang }: { story: Story; lang: Lang; onLang: (l: Lang) => void }) {
  const available = LANGS.filter((l) => story.editions[l]);
  if (available.length < 2) return <p class="edition-label">{langName(lang)}</p>;
  const move = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    const next = available[(available.indexOf(lang) + 1) % available.length]!;
    onLang(next);
    (event.currentTarget as HTMLElement).parentElement?.querySelector<HTMLElement>(`#tab-${next}`)?.focus();
  };
  return (
    <div class="edition-tabs" role="tablist" aria-label={t('editionTabsLabel')}>
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

function EditionView({ edition, lang }: { edition: Edition; lang: Lang }) {
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
      <p class="edition-summary">{edition.summary}</p>
      {edition.body.map((p, i) => (
        <p key={i}>{p}</p>
      ))}
      {edition.insight && (
        <aside class="insight" aria-label={t('insightLabel')}>
          <p class="insight-label">PRISM Insight</p>
          {/* Some stories title the insight just "PRISM Insight": the label already says so. */}
          {edition.insight.title.trim().toLowerCase() !== 'prism insight' && <h3>{edition.insight.title}</h3>}
          {edition.insight.body.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </aside>
      )}
      {edition.tags.length > 0 && (
        <ul class="tags" aria-label={t('tagsLabel')}>
          {edition.tags.map((t) => (
            <li key={t}>{t}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function StoryView({ story, lang, onLang }: { story: Story; lang: Lang; onLang: (l: Lang) => void }) {
  const edition = story.editions[lang];
  const source = safeHref(story.source.url);
  const prism = safeHref(story.url);
  return (
    <div class="story">
      <p class="story-meta">
        <span class="category">{story.category}</span>
        {source && (
          <a href={source} target="_blank" rel="noopener noreferrer" class="source-link">
            {t('sourceLink', [story.source.publisher])}
          </a>
        )}
      </p>
      <EditionTabs story={story} lang={lang} onLang={onLang} />
      {edition && <EditionView edition={edition} lang={lang} />}
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
                  <span class="related-category">{r.category}</span>
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
