/**
 * What a reader sees of the type on an extension page, read from computed styles (the same in Chromium and
 * Firefox): every visible element with text of its own, with its size. A paragraph (a p; an li or dd of more
 * than 40 characters) under 14 px or any text under 12 px is a finding. Form controls count as text (their value or selected option is read).
 */

interface TextFinding {
  tag: string;
  text: string;
  px: number;
  paragraph: boolean;
}

/** A function's source to evaluate in the page; it returns the findings (empty when the type is legible). */
export const TEXT_AUDIT = `(() => {
  const findings = [];
  let checked = 0;
  for (const el of document.querySelectorAll('body *')) {
    if (['SCRIPT', 'STYLE', 'OPTION', 'svg'].includes(el.tagName) || el.closest('svg, .visually-hidden')) continue;
    const control = ['SELECT', 'INPUT', 'TEXTAREA', 'BUTTON'].includes(el.tagName);
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own && !control) continue;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (box.width < 2 || box.height < 2 || style.visibility === 'hidden' || el.closest('dialog:not([open])')) continue;
    checked++;
    const px = parseFloat(style.fontSize);
    // A paragraph: a p, or a list item or description long enough to be a sentence (not a tag chip).
    const paragraph = el.tagName === 'P' || (['LI', 'DD'].includes(el.tagName) && el.textContent.trim().length > 40);
    if (px < 12 || (paragraph && px < 14)) {
      findings.push({ tag: el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : ''), text: (el.textContent || el.value || '').trim().slice(0, 40), px, paragraph });
    }
  }
  return { checked, findings };
})()`;

export interface TextAudit {
  checked: number;
  findings: TextFinding[];
}

/**
 * Source to evaluate in the library page: for each visible row, the blank space between the end of its text (its
 * last line, plus the row's own padding and border) and the next row (0 everywhere when rows are as tall as their
 * content; a fixed row height leaves space under a short row's text).
 */
export const ROW_GAPS = `(() => {
  const rows = [...document.querySelectorAll('.vrow')].sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
  const gaps = [];
  for (let i = 0; i + 1 < rows.length; i++) {
    const content = rows[i].querySelector('.story-row:not(.placeholder)');
    const last = content && content.lastElementChild;
    if (!last) continue;
    const style = getComputedStyle(content);
    const end = last.getBoundingClientRect().bottom + parseFloat(style.paddingBottom) + parseFloat(style.borderBottomWidth);
    gaps.push(Math.round(rows[i + 1].getBoundingClientRect().top - end));
  }
  return gaps;
})()`;
