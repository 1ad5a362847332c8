/**
 * The pill's stylesheet, inside its closed shadow root. `:host` resets every property with `all: initial
 * !important` (important declarations of a shadow tree win over the page's, even the page's own !important
 * ones), so nothing of the page's styles reaches the pill, not even inherited fonts or colours; sizes are pixels
 * (never `rem`, which would follow the page's root font size). No web fonts: the system's UI font, so no
 * `@font-face` of ours (and the generic `system-ui` first, which a page's `@font-face` cannot redefine). Light and
 * dark follow the system. Colours meet WCAG AA (4.5:1 for text, 3:1 for the focus ring).
 */
export const PILL_CSS = `
:host {
  all: initial !important;
  display: block !important;
  position: fixed !important;
  top: 0 !important;
  left: 0 !important;
  width: 0 !important;
  height: 0 !important;
  overflow: visible !important;
  z-index: 2147483647 !important;
  visibility: visible !important;
  opacity: 1 !important;
  pointer-events: none !important;
}
.root {
  --surface: #ffffff;
  --text: #1a1c1e;
  --muted: #4f555c;
  --line: #c4c9ce;
  --hover: #eaf5ef;
  --focus: #1d5fd1;
  --shadow: 0 2px 10px rgba(0, 0, 0, 0.2);
  color-scheme: light;
  font: 500 14px/20px system-ui, -apple-system, 'Segoe UI', Roboto, 'Apple SD Gothic Neo', 'Noto Sans KR',
    'Noto Sans CJK KR', 'Malgun Gothic', 'Nanum Gothic', sans-serif;
  letter-spacing: normal;
  text-transform: none;
  color: var(--text);
  pointer-events: none;
}
@media (prefers-color-scheme: dark) {
  .root {
    --surface: #1e2125;
    --text: #e7e9ec;
    --muted: #b3b9c0;
    --line: #4a5057;
    --hover: #17302a;
    --focus: #8ab4ff;
    --shadow: 0 2px 12px rgba(0, 0, 0, 0.6);
    color-scheme: dark;
  }
}
.root:lang(ko) { word-break: keep-all; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.pill, .menu, .toast {
  position: fixed;
  right: 16px;
  display: flex;
  align-items: center;
  background: var(--surface);
  color: var(--text);
  border: 1px solid var(--line);
  box-shadow: var(--shadow);
  pointer-events: auto;
}
.side-left .pill, .side-left .menu, .side-left .toast, .side-left .card { right: auto; left: 16px; }
/* The menu and the notice above the card where they meet (the card is later in the tree). */
.menu, .toast { z-index: 2; }
.pill { bottom: 16px; height: 40px; padding: 3px; gap: 0; border-radius: 20px; }
.toast { bottom: 16px; min-height: 40px; max-width: 360px; padding: 4px 4px 4px 14px; gap: 8px; border-radius: 20px; }
.menu { bottom: 64px; flex-direction: column; align-items: stretch; padding: 4px; border-radius: 12px; min-width: 200px; }
button {
  all: unset;
  box-sizing: border-box;
  display: inline-flex;
  align-items: center;
  gap: 8px;
  min-height: 32px;
  padding: 0 12px;
  border-radius: 16px;
  font: inherit;
  color: inherit;
  cursor: pointer;
  white-space: nowrap;
}
button:hover { background: var(--hover); }
button:focus-visible { outline: 2px solid var(--focus); outline-offset: 1px; }
.open { padding: 0 12px 0 6px; font-weight: 600; }
.icon { width: 32px; padding: 0; justify-content: center; color: var(--muted); }
.menu button { border-radius: 8px; width: 100%; }
.toast-text { flex: 1; }
.undo { font-weight: 600; text-decoration: underline; text-underline-offset: 2px; }
svg { display: block; flex: none; }
.card {
  position: fixed;
  top: 16px;
  right: 16px;
  width: 400px;
  max-width: calc(100vw - 32px);
  height: calc(100vh - 80px);
  border: 1px solid var(--line);
  border-radius: 12px;
  box-shadow: 0 8px 32px rgba(0, 0, 0, 0.3);
  background: var(--surface);
  color-scheme: light dark;
  pointer-events: auto;
}
@media (max-height: 360px) {
  .card { top: 8px; height: calc(100vh - 64px); }
}
`;
