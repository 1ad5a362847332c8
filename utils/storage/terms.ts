/**
 * Turns text into search terms, the same way for what is indexed and for what the reader types, so that the
 * two always meet. Korean (and other CJK) runs become character bigrams because particles and endings stick to
 * words (벨라루스는, 벨라루스의); other scripts become folded words matched by prefix.
 */

/** Longest Latin/number term kept; a longer word is cut (a query word is cut the same way). */
const MAX_WORD_LENGTH = 32;

const CJK_RUN = /([\p{sc=Hangul}\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]+)/u;
const WORD = /\p{Nd}+(?:[.,]\p{Nd}+)*|[\p{L}\p{N}]+/gu;
const THOUSANDS = /^\p{Nd}{1,3}(?:,\p{Nd}{3})+(?:\.\p{Nd}+)?$/u;
/** Letters that NFD does not split into base + mark. */
const EXTRA_FOLDS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ł: 'l', ı: 'i', þ: 'th' };
const EXTRA_FOLD_RE = new RegExp(`[${Object.keys(EXTRA_FOLDS).join('')}]`, 'gu');

/**
 * NFKC, lower case, diacritics removed. Hangul survives: NFD splits syllables into conjoining jamo, which are
 * letters, not marks, and NFC puts them back together.
 */
export function foldCaseAndDiacritics(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{Mn}+/gu, '')
    .normalize('NFC')
    .replace(EXTRA_FOLD_RE, (c) => EXTRA_FOLDS[c] ?? c);
}

/** A piece of folded text: a CJK run (n-grammed) or a word/number (prefix-matched). */
type Token = { kind: 'cjk'; text: string } | { kind: 'word'; text: string };

function cleanWords(text: string): string {
  return (
    text
      // "Russia's", "don't": one word, so that "russia" still finds it by prefix
      .replace(/(\p{L})['’‘`](?=\p{L})/gu, '$1')
      // "U.S.", "E.U.": the letters of an acronym
      .replace(/(?<![\p{L}\p{N}])((?:\p{sc=Latin}\.){2,})/gu, (m) => m.replaceAll('.', ''))
  );
}

/** Splits already folded text into tokens, in order of appearance. */
function tokenize(folded: string): Token[] {
  const out: Token[] = [];
  const parts = folded.split(CJK_RUN);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (!part) continue;
    if (i % 2 === 1) {
      out.push({ kind: 'cjk', text: part });
      continue;
    }
    for (const m of cleanWords(part).matchAll(WORD)) {
      const w = m[0];
      if (/^\p{Nd}/u.test(w) && /[.,]/.test(w)) {
        if (THOUSANDS.test(w)) out.push({ kind: 'word', text: w.replaceAll(',', '') });
        else for (const piece of w.split(',')) if (piece) out.push({ kind: 'word', text: piece });
      } else {
        out.push({ kind: 'word', text: w });
      }
    }
  }
  return out;
}

/** Character bigrams of a CJK run; a single character stands for itself. */
function ngrams(run: string): string[] {
  const chars = Array.from(run);
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

function clipWord(word: string): string {
  const chars = Array.from(word);
  return chars.length > MAX_WORD_LENGTH ? chars.slice(0, MAX_WORD_LENGTH).join('') : word;
}

/**
 * Index terms of some texts, most important text first, deduplicated and capped at `max` (the terms of the
 * first texts win when the cap is reached). Single Latin letters are not indexed: a one-letter query is a
 * prefix query and finds the longer words anyway.
 */
export function indexTerms(texts: Iterable<string>, max: number): string[] {
  const seen = new Set<string>();
  for (const text of texts) {
    for (const token of tokenize(foldCaseAndDiacritics(text))) {
      if (token.kind === 'cjk') {
        for (const g of ngrams(token.text)) {
          seen.add(g);
          if (seen.size >= max) return [...seen];
        }
      } else if (Array.from(token.text).length > 1 || /\p{N}/u.test(token.text)) {
        seen.add(clipWord(token.text));
        if (seen.size >= max) return [...seen];
      }
    }
  }
  return [...seen];
}

/** One condition of a query against the `terms` index: an exact term or a term prefix. */
export interface QueryTerm {
  match: 'exact' | 'prefix';
  value: string;
}

export interface ParsedQuery {
  /** All must be present (AND). */
  terms: QueryTerm[];
  /** The conditions of each query word, in the order typed, for ranking. */
  words: QueryTerm[][];
}

/** Bigrams of a Korean query word are exact terms; a lone syllable and every other word are prefixes. */
function wordTerms(token: Token): QueryTerm[] {
  if (token.kind === 'word') return [{ match: 'prefix', value: clipWord(token.text) }];
  const grams = ngrams(token.text);
  const match = grams.length === 1 && Array.from(token.text).length === 1 ? 'prefix' : 'exact';
  return grams.map((value) => ({ match, value }));
}

/** A query's conditions: all of them (deduplicated, at most `maxTerms`), and each word's. */
export function parseQuery(query: string, maxTerms = 32): ParsedQuery {
  const words = tokenize(foldCaseAndDiacritics(query)).map(wordTerms);
  const byKey = new Map<string, QueryTerm>();
  for (const term of words.flat()) byKey.set(`${term.match}:${term.value}`, term);
  // A prefix that another query term already starts with adds nothing ("sanc sanction" = "sanction").
  const all = [...byKey.values()];
  const terms = all.filter(
    (t) => t.match === 'exact' || !all.some((o) => o !== t && o.value !== t.value && o.value.startsWith(t.value)),
  );
  return { terms: terms.slice(0, maxTerms), words };
}
