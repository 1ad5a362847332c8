/**
 * The overlay's commands in the page, as a pure step (utils/pill-commands.ts): what the pill does for each command
 * and remembers between them. The DOM that carries it out is tested in tests/unit/entrypoints/overlay/pill.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { OverlayCommand, OverlayLabels } from '../../../utils/messages';
import { INITIAL_PILL_STATE, pillStep, type PillFacts, type PillState } from '../../../utils/pill-commands';

const labels = { hiddenSite: 'Hidden on $1.', snoozed: 'Paused.', card: 'PRISM analysis' } as OverlayLabels;
const A = 'https://www.scmp.com/news/a';
const B = 'https://www.scmp.com/news/b';
const facts = (over: Partial<PillFacts> = {}): PillFacts => ({ location: A, mounted: false, cardOpen: false, ...over });
const mount: OverlayCommand = { type: 'prism:overlay', command: 'mount', labels, side: 'left', lang: 'ko' };
const toggle = (pill: boolean): OverlayCommand => ({
  type: 'prism:overlay',
  command: 'toggle',
  labels,
  side: 'right',
  lang: 'en',
  pill,
});
const cmd = (command: 'close' | 'unmount' | 'card-ready'): OverlayCommand => ({ type: 'prism:overlay', command });
const hidden = (kind: 'site' | 'snooze', site: string | null = 'scmp.com'): OverlayCommand => ({
  type: 'prism:overlay',
  command: 'hidden',
  kind,
  site,
});
const effects = (state: PillState, event: Parameters<typeof pillStep>[1], f = facts()) =>
  pillStep(state, event, f).effects.map((e) => e.do);

describe('pillStep', () => {
  it('mount: the pill shows with the labels, side and language it was given, and any notice goes', () => {
    const step = pillStep(INITIAL_PILL_STATE, mount, facts());
    expect(step.state).toMatchObject({ labels, side: 'left', lang: 'ko', pillAllowed: true, notice: null });
    expect(step.effects).toEqual([{ do: 'render' }, { do: 'hide-notice' }, { do: 'show-pill', show: true }]);
    expect(step.answer).toBe('if-mounted');
  });

  it('× keeps the pill away on that address only: a mount there is refused, on another address it shows', () => {
    const dismissed = pillStep(pillStep(INITIAL_PILL_STATE, mount, facts()).state, { command: 'dismiss' }, facts());
    expect(dismissed.effects).toEqual([{ do: 'unmount' }]);
    expect(dismissed.state.dismissedAt).toBe(A);
    const again = pillStep(dismissed.state, mount, facts());
    expect(again).toMatchObject({ effects: [], answer: false });
    const elsewhere = pillStep(dismissed.state, mount, facts({ location: B }));
    expect(elsewhere.answer).toBe('if-mounted');
    expect(elsewhere.state.dismissedAt).toBeNull();
  });

  it('the keyboard command opens the card, or closes it when open; the pill shows only where it may', () => {
    expect(effects(INITIAL_PILL_STATE, toggle(true))).toEqual(['render', 'show-pill', 'open-card']);
    expect(pillStep(INITIAL_PILL_STATE, toggle(true), facts({ mounted: true, cardOpen: true })).effects).toEqual([
      { do: 'render' },
      { do: 'show-pill', show: true },
      { do: 'close-card', restoreFocus: true },
    ]);
    // The reader hid the pill here (they asked for the card): the card alone.
    const hiddenHere = pillStep(INITIAL_PILL_STATE, toggle(false), facts());
    expect(hiddenHere.state.pillAllowed).toBe(false);
    expect(hiddenHere.effects).toContainEqual({ do: 'show-pill', show: false });
    // Dismissed on this address: the card opens, the pill stays away.
    const dismissed = { ...INITIAL_PILL_STATE, dismissedAt: A };
    expect(pillStep(dismissed, toggle(true), facts()).state.pillAllowed).toBe(false);
  });

  it('closing a card opened where the pill may not show leaves nothing behind; with the pill, the pill stays', () => {
    const cardAlone = pillStep(INITIAL_PILL_STATE, toggle(false), facts()).state;
    expect(effects(cardAlone, cmd('close'), facts({ mounted: true, cardOpen: true }))).toEqual([
      'close-card',
      'unmount',
    ]);
    const withPill = pillStep(INITIAL_PILL_STATE, mount, facts()).state;
    expect(effects(withPill, cmd('close'), facts({ mounted: true, cardOpen: true }))).toEqual(['close-card']);
  });

  it('hidden: the card closes (focus stays for the notice), the pill goes, the notice says what and offers an undo', () => {
    const shown = pillStep(INITIAL_PILL_STATE, mount, facts()).state;
    const site = pillStep(shown, hidden('site'), facts({ mounted: true }));
    expect(site.effects).toEqual([
      { do: 'close-card', restoreFocus: false },
      { do: 'show-pill', show: false },
      { do: 'show-notice', text: 'Hidden on scmp.com.' },
    ]);
    expect(site.state.notice).toEqual({ undo: 'undo-hide-site', site: 'scmp.com' });
    const snooze = pillStep(shown, hidden('snooze', null), facts({ mounted: true }));
    expect(snooze.effects.at(-1)).toEqual({ do: 'show-notice', text: 'Paused.' });
    expect(snooze.state.notice).toEqual({ undo: 'undo-snooze', site: null });
    // Nothing on the page to say it in: refused.
    expect(pillStep(shown, hidden('site'), facts({ mounted: false }))).toMatchObject({ effects: [], answer: false });
    expect(pillStep(INITIAL_PILL_STATE, hidden('site'), facts({ mounted: true })).answer).toBe(false);
  });

  it('the notice ends by leaving the page; a mount or the keyboard command while it shows takes it away', () => {
    const shown = pillStep(INITIAL_PILL_STATE, mount, facts()).state;
    const noticed = pillStep(shown, hidden('site'), facts({ mounted: true })).state;
    const over = pillStep(noticed, { command: 'notice-over' }, facts({ mounted: true }));
    expect(over.effects).toEqual([{ do: 'unmount' }]);
    expect(over.state.notice).toBeNull();
    expect(effects(noticed, toggle(true), facts({ mounted: true }))).toEqual([
      'render',
      'hide-notice',
      'show-pill',
      'open-card',
    ]);
    expect(pillStep(noticed, mount, facts({ mounted: true })).state.notice).toBeNull();
    // While the notice shows, closing the card does not take the overlay (and its undo) away.
    const cardAlone = { ...noticed, pillAllowed: false };
    expect(effects(cardAlone, cmd('close'), facts({ mounted: true }))).toEqual(['close-card']);
  });

  it('unmount and card-ready are carried out as they come; anything else is refused', () => {
    const shown = pillStep(INITIAL_PILL_STATE, mount, facts()).state;
    expect(pillStep(shown, cmd('unmount'), facts({ mounted: true }))).toMatchObject({
      effects: [{ do: 'unmount' }],
      answer: true,
    });
    expect(pillStep(shown, cmd('card-ready'), facts())).toMatchObject({
      effects: [{ do: 'card-ready' }],
      answer: true,
    });
    expect(pillStep(shown, { command: 'explode' } as never, facts())).toMatchObject({ effects: [], answer: false });
  });
});
