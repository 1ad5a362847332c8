/**
 * A mark's stylesheet, in its closed shadow root (a constructed sheet: a page's CSP does not apply to it). The host
 * (a `span` placed right after the link) gets its box from `:host` with `!important`: important declarations of a
 * shadow tree win over the page's, even the page's own !important ones, so nothing of the page's reaches the mark
 * and it takes exactly its own width in the line. Pixels, never `rem`; the system's UI font;
 * light and dark follow the system; the focus ring meets 3:1 in both.
 */
export const MARK_CSS = `
:host {
  all: initial !important;
  display: inline-block !important;
  position: relative !important;
  box-sizing: content-box !important;
  width: 18px !important;
  min-width: 18px !important;
  max-width: 18px !important;
  height: 18px !important;
  margin: 0 0 0 4px !important;
  padding: 0 !important;
  border: 0 !important;
  vertical-align: middle !important;
  line-height: 0 !important;
  visibility: visible !important;
  opacity: 1 !important;
  float: none !important;
  flex: none !important;
  align-self: center !important;
  justify-self: start !important;
  pointer-events: auto !important;
}
button {
  all: initial;
  box-sizing: border-box;
  display: block;
  width: 18px;
  height: 18px;
  padding: 1px;
  margin: 0;
  border-radius: 5px;
  cursor: pointer;
  background: transparent;
  line-height: 0;
  --focus: #1d5fd1;
}
button svg { display: block; width: 16px; height: 16px; }
button:hover { background: rgba(11, 110, 79, 0.14); }
button:focus-visible { outline: 2px solid var(--focus); outline-offset: 1px; }
.ring { fill: #0b6e4f; }
@media (prefers-color-scheme: dark) {
  button { --focus: #8ab4ff; }
  button:hover { background: rgba(155, 231, 196, 0.2); }
  .ring { fill: #13855f; stroke: #9be7c4; stroke-width: 6; }
}
@media (forced-colors: active) {
  button { forced-color-adjust: auto; }
  button:focus-visible { outline-color: Highlight; }
}
`;
