/** Renders an extension page's root component, with the document's language set for screen readers and fonts. */
import { render, type ComponentChild } from 'preact';
import { loadUiLanguage } from './i18n';
import { uiLang } from './use-edition';
import './styles.css';

/** `ready`: reads the page started before it renders (first-reads.ts), waited for with the language. */
export async function mount(app: () => ComponentChild, ready?: Promise<void>): Promise<void> {
  await Promise.all([loadUiLanguage(), ready]);
  document.documentElement.lang = uiLang();
  render(app(), document.getElementById('root')!);
}
