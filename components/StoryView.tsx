/** One PRISM story: both editions (the reader's language first), the disclaimer, related articles, the source. */
import { i18n } from '#i18n';
import type { Edition, Lang, Story } from '@/utils/prism/schema';
import { displayHost, safeHref } from '@/utils/safe-url';

function EditionView({ edition, lang }: { edition: Edition; lang: Lang }) {
  return (
    <article class="edition" lang={lang} data-testid={`edition-${lang}`}>
      <p class="edition-label">{lang === 'ko' ? i18n.t('editionKo') : i18n.t('editionEn')}</p>
      <h2 class="edition-title">{edition.title}</h2>
      <p class="edition-summary">{edition.summary}</p>
      {edition.body.map((p, i) => (
        <p key={i}>{p}</p>
      ))}
      {edition.insight && (
        <aside class="insight" aria-label={i18n.t('insightLabel')}>
          <p class="insight-label">PRISM Insight</p>
          <h3>{edition.insight.title}</h3>
          {edition.insight.body.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </aside>
      )}
      {edition.tags.length > 0 && (
        <ul class="tags" aria-label={i18n.t('tagsLabel')}>
          {edition.tags.map((t) => (
            <li key={t}>{t}</li>
          ))}
        </ul>
      )}
    </article>
  );
}

export function StoryView({ story, firstLang }: { story: Story; firstLang: Lang }) {
  const order: Lang[] = firstLang === 'ko' ? ['ko', 'en'] : ['en', 'ko'];
  const source = safeHref(story.source.url);
  const prism = safeHref(story.url);
  return (
    <div class="story">
      <p class="story-meta">
        <span class="category">{story.category}</span>
        {source && (
          <a href={source} target="_blank" rel="noopener noreferrer" class="source-link">
            {i18n.t('sourceLink', [story.source.publisher])}
          </a>
        )}
      </p>
      {order.map((lang) => {
        const edition = story.editions[lang];
        return edition ? <EditionView key={lang} edition={edition} lang={lang} /> : null;
      })}
      {story.related.length > 0 && (
        <section class="related" aria-labelledby="related-heading">
          <h3 id="related-heading">{i18n.t('relatedHeading')}</h3>
          <ul>
            {story.related.map((r) => {
              const href = safeHref(r.url);
              return (
                <li key={r.id} lang={r.lang}>
                  {href ? (
                    <a href={href} target="_blank" rel="noopener noreferrer">
                      {r.title}
                    </a>
                  ) : (
                    <span>{r.title}</span>
                  )}
                  {r.summary && <p>{r.summary}</p>}
                </li>
              );
            })}
          </ul>
        </section>
      )}
      {prism && (
        <p class="read-on-prism">
          <a href={prism} target="_blank" rel="noopener noreferrer">
            {i18n.t('readOnPrism')} · {displayHost(prism)}
          </a>
        </p>
      )}
    </div>
  );
}

export function Disclaimer({ story, lang }: { story: Story; lang: Lang }) {
  return (
    <div class="disclaimer" role="note" lang={lang} data-testid="disclaimer">
      {story.disclaimer[lang]}
    </div>
  );
}
