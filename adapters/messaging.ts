/**
 * The extension's pages (popup, side panel, card page) asking the background: the requests of the message contract
 * (utils/messages.ts `PageRequests`), sent as plain runtime messages and answered by the background's one router
 * (entrypoints/background/message-router.ts). A refusal (a request from anything but an extension page) rejects.
 */
import { browser } from 'wxt/browser';
import type { PageRequest, PageRequests } from '@/utils/messages';

export function askBackground<M extends PageRequest>(message: M): Promise<PageRequests[M['type']]['answer']> {
  return browser.runtime.sendMessage(message) as Promise<PageRequests[M['type']]['answer']>;
}
