import { mount } from '@/components/mount';
import { PopupApp, popupTabId } from '@/components/App';
import { primeTabView } from '@/components/first-reads';

/** How long the popup's first render waits for its tab's story (a cached one takes a few ms; else the skeleton). */
const FIRST_PAINT_BUDGET_MS = 150;

void mount(() => <PopupApp />, primeTabView(popupTabId, FIRST_PAINT_BUDGET_MS));
