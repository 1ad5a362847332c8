/** The overlay's strings, in the reader's interface language (the rules of components/i18n.ts), picked here. */
import { chosenCatalogue, translate } from '@/components/i18n';
import type { OverlayLabels } from '@/utils/messages';
import { langFromLocale } from '@/utils/preferences';
import type { Lang } from '@/utils/prism/schema';

/** A message with its `$1` kept for the pill to fill in (a site name), in the popup's language. */
async function translator(): Promise<(key: string) => string> {
  const catalogue = await chosenCatalogue();
  return (key) => translate(catalogue, key, ['$1']);
}

export async function overlayLabels(): Promise<{ labels: OverlayLabels; lang: Lang }> {
  const t = await translator();
  return {
    lang: langFromLocale(t('uiLang')),
    labels: {
      pill: t('overlayPill'),
      open: t('overlayOpen'),
      region: t('overlayRegion'),
      more: t('overlayMore'),
      dismiss: t('overlayDismiss'),
      hideSite: t('overlayHideSite'),
      snooze: t('overlaySnooze'),
      hiddenSite: t('overlayHiddenSite'),
      snoozed: t('overlaySnoozed'),
      undo: t('overlayUndo'),
      card: t('overlayCardTitle'),
    },
  };
}
