/** Renders an extension page's root component, with the document's language set for screen readers and fonts. */
import { render, type ComponentChild } from 'preact';
import { uiLang } from './use-edition';
import './styles.css';

export function mount(app: ComponentChild): void {
  document.documentElement.lang = uiLang();
  render(app, document.getElementById('root')!);
}
