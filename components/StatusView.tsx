/** The states before (or instead of) a story: each says what is happening and what the reader can do. */
import type { ComponentChildren } from 'preact';
import { t } from './i18n';

export function Skeleton() {
  return (
    <div class="skeleton" aria-busy="true" aria-label={t('loading')} data-testid="state-loading">
      <div class="sk sk-label" />
      <div class="sk sk-title" />
      <div class="sk sk-line" />
      <div class="sk sk-line" />
      <div class="sk sk-line short" />
    </div>
  );
}

export function StatusView(props: {
  state: string;
  title: string;
  detail?: string;
  /** The cause of a failure (FaultView), for tests and styles. */
  fault?: string;
  children?: ComponentChildren;
  /** Below the actions. */
  after?: ComponentChildren;
}) {
  return (
    <section class="status" data-testid={`state-${props.state}`} data-fault={props.fault} role="status">
      <h2>{props.title}</h2>
      {props.detail && <p>{props.detail}</p>}
      {props.children && <div class="status-actions">{props.children}</div>}
      {props.after}
    </section>
  );
}
