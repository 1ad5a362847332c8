/**
 * Typed messages between the popup/side panel and the background. (The content script's page report is a plain
 * runtime message: utils/page-report.ts.)
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { Story } from './prism/schema';

export type StoryAnswer =
  | { ok: true; story: Story }
  | { ok: false; kind: 'offline' | 'http' | 'invalid' | 'unknown'; message: string };

interface ProtocolMap {
  /** Popup → background: the story, from the cache or the API. */
  getStory(id: string): StoryAnswer;
  /** Popup → background: look the tab's page up again (retry, or "look anyway" with force). */
  recheckTab(args: { tabId: number; force?: boolean }): void;
  /** Side panel → background: look a link up again (after the context menu asked about it). */
  lookUpLink(args: { windowId: number; url: string }): void;
}

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();
