// A figure of the app (the header diagram, the layer stack) as a file for coursework: the SVG on
// screen made standalone (every element's computed colours and fonts written onto it, so it looks
// the same anywhere), with a caption naming the packet and the capture; in the current theme or
// light for print; as SVG, or as PNG at print resolution.

import { say } from '../../../electron/text/catalog.js';
import { APP_TEXT } from './app-text.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Properties that decide how SVG shapes and text look, copied from the computed style. */
const SHAPE_STYLE = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray', 'opacity'];
const TEXT_STYLE = ['fill', 'opacity', 'font-family', 'font-size', 'font-weight', 'font-style', 'text-anchor', 'dominant-baseline'];
const CAPTION_HEIGHT = 22;
/** PNG pixels per CSS pixel: 3 gives about 288 dpi, enough to print a figure sharply. */
export const PNG_SCALE = 3;

export type FigureTheme = 'current' | 'light';

/** `svg` (on screen) as a standalone SVG document with `caption` under it. */
export function standaloneSvg(svg: SVGSVGElement, caption: string, theme: FigureTheme): string {
  const root = document.documentElement;
  const previous = root.getAttribute('data-theme');
  // Light for print: the computed styles are read with the light theme in force for a moment.
  if (theme === 'light' && previous !== null) root.removeAttribute('data-theme');
  try {
    const copy = svg.cloneNode(true) as SVGSVGElement;
    const originals = [svg, ...svg.querySelectorAll('*')];
    const copies = [copy, ...copy.querySelectorAll('*')];
    originals.forEach((original, i) => {
      const style = getComputedStyle(original);
      const target = copies[i] as SVGElement;
      for (const attribute of ['class', 'style', 'role', 'tabindex', 'aria-label']) target.removeAttribute(attribute);
      if (style.display === 'none' || style.visibility === 'hidden') target.setAttribute('display', 'none');
      const tag = original.tagName.toLowerCase();
      const names = tag === 'text' || tag === 'tspan' ? TEXT_STYLE : tag === 'g' || tag === 'svg' || tag === 'title' ? [] : SHAPE_STYLE;
      for (const name of names) {
        const value = style.getPropertyValue(name);
        if (value) target.style.setProperty(name, value);
      }
    });
    // Svelte's placeholders and the tooltips are of no use in a file.
    const walker = document.createTreeWalker(copy, NodeFilter.SHOW_COMMENT);
    const comments: Node[] = [];
    while (walker.nextNode()) comments.push(walker.currentNode);
    for (const node of comments) node.parentNode?.removeChild(node);
    const width = Number(svg.getAttribute('width')) || svg.getBoundingClientRect().width;
    const height = (Number(svg.getAttribute('height')) || svg.getBoundingClientRect().height) + CAPTION_HEIGHT;
    const background = getComputedStyle(root).getPropertyValue('--bg').trim() || '#ffffff';
    const foreground = getComputedStyle(root).getPropertyValue('--fg-muted').trim() || '#5b6577';
    copy.setAttribute('xmlns', SVG_NS);
    copy.setAttribute('width', String(width));
    copy.setAttribute('height', String(height));
    copy.setAttribute('viewBox', `0 0 ${width} ${height}`);
    const backdrop = document.createElementNS(SVG_NS, 'rect');
    backdrop.setAttribute('width', '100%');
    backdrop.setAttribute('height', '100%');
    backdrop.setAttribute('fill', background);
    copy.insertBefore(backdrop, copy.firstChild);
    const text = document.createElementNS(SVG_NS, 'text');
    text.setAttribute('x', '6');
    text.setAttribute('y', String(height - 7));
    text.setAttribute('fill', foreground);
    text.setAttribute('font-family', 'DejaVu Sans, sans-serif');
    text.setAttribute('font-size', '11');
    text.textContent = caption;
    copy.appendChild(text);
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(copy);
  } finally {
    if (theme === 'light' && previous !== null) root.setAttribute('data-theme', previous);
  }
}

/** The standalone SVG drawn into a PNG, `PNG_SCALE` pixels per CSS pixel. */
export async function pngOf(svgText: string): Promise<Blob> {
  const image = new Image();
  await new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error(say(APP_TEXT.figure_not_drawn)));
    // A data: address: the page's policy allows images from data:, not from blob:.
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`;
  });
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(image.width * PNG_SCALE);
  canvas.height = Math.ceil(image.height * PNG_SCALE);
  const context = canvas.getContext('2d')!;
  context.scale(PNG_SCALE, PNG_SCALE);
  context.drawImage(image, 0, 0);
  return new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error(say(APP_TEXT.figure_not_png)))), 'image/png'));
}
