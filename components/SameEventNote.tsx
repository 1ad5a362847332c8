/**
 * Above the analysis of a same-event match (issue 23): the reader's page is not the article PRISM analysed, only
 * another report of its event, so the view says which site's article PRISM analysed, and its headline, before the
 * analysis. The headline is remote text: rendered as text, never markup.
 */
import { t } from './i18n';

export function SameEventNote({ site, headline }: { site: string; headline: string }) {
  return (
    <div class="same-event-note" role="note" data-testid="same-event-note">
      <p>
        <strong>{t('sameEventNote', [site])}</strong>
      </p>
      <p class="same-event-headline">{t('sameEventHeadline', [headline])}</p>
      <p class="muted">{t('sameEventDetail')}</p>
    </div>
  );
}
