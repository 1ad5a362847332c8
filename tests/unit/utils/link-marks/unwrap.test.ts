/**
 * Search engines' redirect links read on the device (utils/link-marks/unwrap.ts): Google `/url?q=`, Bing `ck/a?u=a1…`,
 * DuckDuckGo `/l/?uddg=`; anything else, or a look-alike host, left as it is.
 */
import { describe, expect, it } from 'vitest';
import { MAX_UNWRAP_DEPTH, unwrapRedirects } from '../../../../utils/link-marks/unwrap';

const target = 'https://www.bbc.com/news/articles/c0example?x=1&y=2';
const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

describe('unwrapRedirects', () => {
  it.each([
    ['Google /url?q=', `https://www.google.com/url?q=${encodeURIComponent(target)}&sa=U&ved=2ah`],
    ['Google /url?url= (sa=t form)', `https://www.google.com/url?sa=t&url=${encodeURIComponent(target)}&usg=AOv`],
    ['Google on a country domain', `https://www.google.co.kr/url?q=${encodeURIComponent(target)}`],
    ['Google without www', `https://google.de/url?q=${encodeURIComponent(target)}`],
    ['Bing ck/a with u=a1<base64url>', `https://www.bing.com/ck/a?!&&p=abc&ptn=3&u=a1${b64url(target)}&ntb=1`],
    ['DuckDuckGo /l/?uddg=', `https://duckduckgo.com/l/?uddg=${encodeURIComponent(target)}&rut=abc`],
    ['DuckDuckGo html', `https://html.duckduckgo.com/l/?uddg=${encodeURIComponent(target)}`],
  ])('%s gives the target', (_name, href) => {
    expect(unwrapRedirects(href)).toBe(target);
  });

  it('unwraps a redirect inside a redirect, to a bounded depth', () => {
    const inner = `https://duckduckgo.com/l/?uddg=${encodeURIComponent(target)}`;
    expect(unwrapRedirects(`https://www.google.com/url?q=${encodeURIComponent(inner)}`)).toBe(target);
    let deep = target;
    for (let i = 0; i < MAX_UNWRAP_DEPTH + 1; i++) deep = `https://www.google.com/url?q=${encodeURIComponent(deep)}`;
    // One layer too many: what is left is still a Google redirect, not the target.
    expect(unwrapRedirects(deep)).toMatch(/^https:\/\/www\.google\.com\/url\?q=/);
  });

  it.each([
    ['a plain link', target, target],
    ['a look-alike Google host', `https://google.evil.com/url?q=${encodeURIComponent(target)}`, null],
    ['google.com.evil.net', `https://www.google.com.evil.net/url?q=${encodeURIComponent(target)}`, null],
    ['another Google path', `https://www.google.com/search?q=${encodeURIComponent(target)}`, null],
    ['a relative target', 'https://www.google.com/url?q=/search%3Fq%3Dx', null],
    ['a javascript: target', `https://www.google.com/url?q=${encodeURIComponent('javascript:alert(1)')}`, null],
    ['Bing u without a1', `https://www.bing.com/ck/a?u=${encodeURIComponent(target)}`, null],
    ['Bing u that is not base64', 'https://www.bing.com/ck/a?u=a1%%%', null],
    ['DuckDuckGo without uddg', 'https://duckduckgo.com/l/?kh=-1', null],
  ])('%s is not unwrapped', (_name, href, expected) => {
    // null: the link stays as it is (the function returns the link itself).
    expect(unwrapRedirects(href)).toBe(expected ?? new URL(href).href);
  });

  it('refuses what is not an http(s) link, and never throws', () => {
    expect(unwrapRedirects('javascript:alert(1)')).toBeNull();
    expect(unwrapRedirects('mailto:a@b.c')).toBeNull();
    expect(unwrapRedirects('not a url')).toBeNull();
    expect(unwrapRedirects('https://x.com/' + 'a'.repeat(9000))).toBeNull();
    expect(unwrapRedirects(42 as unknown as string)).toBeNull();
    expect(unwrapRedirects(`https://www.google.com/url?q=${encodeURIComponent('https://[bad')}`)).toBe(
      `https://www.google.com/url?q=${encodeURIComponent('https://[bad')}`,
    );
  });
});
