/**
 * The reading card of the on-page overlay: an extension page, framed in the article by the overlay
 * (entrypoints/overlay/pill.ts) and web-accessible for that alone (wxt.config.ts). The same component tree as the
 * popup and the side panel (components/TabView.tsx), for the tab it is in.
 */
import { mount } from '@/components/mount';
import { OverlayCard } from '@/components/overlay/OverlayCard';

void mount(() => <OverlayCard />);
