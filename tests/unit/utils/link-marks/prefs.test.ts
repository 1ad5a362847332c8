/**
 * The reader's say over link marks (utils/link-marks/prefs.ts): the popup's per-site choice, read and written.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LINK_MARK_PREFS, siteChoice, withChoice } from '../../../../utils/link-marks/prefs';

const none = DEFAULT_LINK_MARK_PREFS;

describe('siteChoice and withChoice', () => {
  it('round-trips each choice for a site, leaving other sites alone', () => {
    const base = withChoice(none, 'other.com', 'off');
    for (const choice of ['default', 'on', 'off', 'all-off'] as const) {
      const prefs = withChoice(base, 'nbcnews.com', choice);
      expect(siteChoice(prefs, 'nbcnews.com')).toBe(choice);
      if (choice !== 'all-off') expect(siteChoice(prefs, 'other.com')).toBe('off');
    }
  });

  it('turns marks back on when a site choice is made after off altogether', () => {
    const off = withChoice(none, 'nbcnews.com', 'all-off');
    expect(off.off).toBe(true);
    const on = withChoice(off, 'nbcnews.com', 'on');
    expect(on).toEqual({ off: false, onSites: ['nbcnews.com'], offSites: [] });
    expect(withChoice(on, 'nbcnews.com', 'default')).toEqual(none);
  });
});
