/**
 * The PRISM mark, drawn from here everywhere: the toolbar icon (assets/icon.svg is `prismMarkSvg()`, checked by
 * tests/unit/utils/prism-mark.test.ts; `npm run icons` renders it to PNGs), the pill (entrypoints/overlay/pill-dom.ts)
 * and the reading card's header (components/overlay/OverlayCard.tsx).
 */
export const PRISM_MARK_VIEWBOX = '0 0 128 128';

/** Its shapes, in drawing order: SVG element names and their attributes. */
export const PRISM_MARK: readonly (readonly ['rect' | 'path', Readonly<Record<string, string>>])[] = [
  ['rect', { x: '4', y: '4', width: '120', height: '120', rx: '28', fill: '#0b6e4f' }],
  [
    'path',
    { d: 'M64 22 L104 92 H24 Z', fill: 'none', stroke: '#ffffff', 'stroke-width': '10', 'stroke-linejoin': 'round' },
  ],
  ['path', { d: 'M64 52 L84 86 H44 Z', fill: '#9be7c4' }],
];

/** The mark as an SVG file (assets/icon.svg). */
export function prismMarkSvg(): string {
  const shapes = PRISM_MARK.map(
    ([tag, attrs]) =>
      `  <${tag} ${Object.entries(attrs)
        .map(([k, v]) => `${k}="${v}"`)
        .join(' ')}/>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${PRISM_MARK_VIEWBOX}">\n${shapes.join('\n')}\n</svg>\n`;
}
