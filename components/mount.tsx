/** Renders an extension page's root component, with the document's language set for screen readers and fonts. */
import { render, type ComponentChild } from 'preact';
import { loadUiLanguage } from './i18n';
import { uiLang } from './use-edition';
import './styles.css';

export async function mount(app: () => ComponentChild): Promise<void> {
  await loadUiLanguage();
  document.documentElement.lang = uiLang();
  render(app(), document.getElementById('root')!);
}
