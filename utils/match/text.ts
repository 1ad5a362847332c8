/**
 * Headline and story text into matching terms, shared by the publisher (which writes the event index) and the
 * background (which matches a page's headline against it). Pure, no browser API.
 *
 * English: words, lower-cased, possessives and plurals folded (a light suffix stripper, not a full stemmer), stop
 * words and news boilerplate dropped. Korean: Hangul runs as overlapping character bigrams (particles stick to
 * nouns, so whole words rarely repeat across outlets), other words as in English.
 */

export type MatchLang = 'en' | 'ko';

const STOP = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between ' +
    'both but by can could did do does doing down during each few for from further had has have having he her here ' +
    'hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or other ' +
    'our out over own same she should so some such than that the their them then there these they this those ' +
    'through to too under until up very was we were what when where which while who whom why will with would you ' +
    'your yours vs via amid us per ' +
    // news boilerplate: words any headline may carry, whatever the event
    'says said say new news report reports reported update updated updates video videos photo photos watch live ' +
    'breaking exclusive latest today week first get gets got one two three make makes made may might could still ' +
    'back year years day days time look here heres what whats know need things thing way'
  ).split(' '),
);

/** Strip what an outlet adds around the headline: " - Reuters", "| CNN", "VIDEO:", "UPDATE 2-", a truncation. */
export function stripBoilerplate(title: string, siteWords: readonly string[] = []): string {
  let t = title.normalize('NFKC').replace(/\s+/g, ' ').trim();
  t = t.replace(/\s*(\.\.\.|…)\s*$/u, '');
  // A leading tag in capitals: "VIDEO:", "UPDATE 2-", "WATCH: "
  t = t.replace(/^(?:[A-Z]{2,}(?: \d+)?\s*[:-]\s+|[A-Z]{2,} \d+-)/u, '');
  // A trailing outlet: the last " - x", " | x", " — x", ": x" segment when it is short and names the site, or is at
  // most four words after a longer headline.
  for (let i = 0; i < 2; i++) {
    const m = /^(.*\S)\s+[-|—–:·]\s+([^-|—–]+)$/u.exec(t);
    if (!m) break;
    const [, head, tail] = m as unknown as [string, string, string];
    const tailWords = tail.trim().split(/\s+/);
    const names = tailWords.some((w) => siteWords.includes(w.toLowerCase().replace(/[^a-z0-9]/g, '')));
    const headWords = head.split(/\s+/).length;
    if ((names && tailWords.length <= 6) || (tailWords.length <= 4 && headWords >= 4 && /[|—–]/u.test(t))) t = head;
    else break;
  }
  return t;
}

/** The words of a site name that a headline may carry as boilerplate: `www.reuters.com` → ["reuters"]. */
export function siteWords(host: string): string[] {
  const parts = host
    .toLowerCase()
    .split('.')
    .filter((p) => p && !/^(www|m|amp|edition|news|com|co|org|net|uk|kr|au|in)$/.test(p));
  return parts.map((p) => p.replace(/[^a-z0-9]/g, '')).filter((p) => p.length >= 3);
}

const HANGUL = /[\uac00-\ud7a3]/u;

export function isKorean(text: string): boolean {
  let ko = 0;
  let latin = 0;
  for (const ch of text) {
    if (HANGUL.test(ch)) ko++;
    else if (/[A-Za-z]/.test(ch)) latin++;
  }
  return ko > 0 && ko * 2 >= latin;
}

function stem(w: string): string {
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith("'s") || w.endsWith('’s')) w = w.slice(0, -2);
  if (w.endsWith('ies') && w.length > 4) return w.slice(0, -3) + 'y';
  if (/(ss|sh|ch|x|z)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !/(ss|us|is|as)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) return w.slice(0, -3);
  if (w.endsWith('ed') && w.length > 4 && !w.endsWith('eed')) return w.slice(0, -2);
  return w;
}

export interface Term {
  term: string;
  /** Written with a capital (or digits) where a capital is not the headline's habit: a name, a number. */
  marked: boolean;
  /** Written with a capital or digits (in a headline in title case, every word is). */
  capital: boolean;
}

/** The terms of a text in order (repeats kept). */
export function terms(text: string, lang: MatchLang = isKorean(text) ? 'ko' : 'en'): Term[] {
  const out: Term[] = [];
  const words = text.normalize('NFKC').match(/[\p{L}\p{N}]+(?:['’.&][\p{L}\p{N}]+)*/gu) ?? [];
  const titleCase = words.filter((w) => /^\p{Lu}/u.test(w)).length > words.length / 2;
  words.forEach((raw, i) => {
    if (lang === 'ko' && HANGUL.test(raw)) {
      const run = raw.replace(/[^\uac00-\ud7a3]/gu, '');
      if (run.length === 1) out.push({ term: run, marked: false, capital: false });
      for (let j = 0; j + 1 < run.length; j++) out.push({ term: run.slice(j, j + 2), marked: false, capital: false });
      return;
    }
    for (const part of raw.split(/[.&]/)) {
      const lower = part.toLowerCase().replace(/['’]/g, "'");
      if (lower.length < 2 && !/\d/.test(lower)) continue;
      if (STOP.has(lower)) continue;
      const t = stem(lower.replace(/'s$/, '').replace(/'/g, ''));
      if (!t || STOP.has(t)) continue;
      const marked =
        /\d/.test(part) || (/^\p{Lu}/u.test(part) && ((i > 0 && !titleCase) || /^\p{Lu}{2,}$/u.test(part)));
      out.push({ term: t, marked, capital: /^[\p{Lu}\p{N}]/u.test(part) });
    }
  });
  return out;
}
