// The join URL as a QR code, drawn as an SVG of squares (the encoding is the
// qrcode-generator package's; no HTML is made from text).
import { qrcode } from 'qrcode-generator';

const SVG = 'http://www.w3.org/2000/svg';

/** An <svg> of the QR code of `text`, with a quiet zone of 4 modules, scaled by CSS. */
export function qrCodeOf(text, label) {
  const code = qrcode(0, 'M');
  code.addData(text);
  code.make();
  const modules = code.getModuleCount();
  const size = modules + 8;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('shape-rendering', 'crispEdges');
  const background = document.createElementNS(SVG, 'rect');
  Object.entries({ width: size, height: size, fill: '#fff' }).forEach(([name, value]) => background.setAttribute(name, value));
  // One path of all dark modules: a few thousand rects would slow a slide down.
  let path = '';
  for (let row = 0; row < modules; row++) {
    for (let column = 0; column < modules; column++) if (code.isDark(row, column)) path += `M${column + 4} ${row + 4}h1v1h-1z`;
  }
  const dark = document.createElementNS(SVG, 'path');
  dark.setAttribute('d', path);
  dark.setAttribute('fill', '#000');
  svg.append(background, dark);
  return svg;
}
