/**
 * Draws the Teams app icons (a key, License Desk's glyph) and writes them as PNG files:
 * - color.png: 192x192, a white key on the accent colour (full bleed; Teams rounds the corners itself);
 * - outline.png: 32x32, the same key in white on a transparent background, as Teams requires.
 *
 * Run with `npx tsx appPackage/icons.ts`; the PNGs are committed, and a test checks that they are what
 * this script draws.
 */
import fs from 'node:fs';
import path from 'node:path';
import { encodePng, type RgbaImage } from './png';

/** Must equal manifest.json's accentColor (a test checks it). */
export const ACCENT_COLOR = '#0F6CBD';

export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

/**
 * The key in its own coordinates, in units of its length: the bow (a ring) is centred on u = 0, the shaft
 * runs along +u to u = 0.76, and the two teeth hang on the +v side.
 */
function insideKey(u: number, v: number): boolean {
  const r2 = u * u + v * v;
  if (r2 <= 0.24 * 0.24 && r2 >= 0.1 * 0.1) return true; // bow
  if (u >= 0.2 && u <= 0.76 && Math.abs(v) <= 0.055) return true; // shaft
  if (u >= 0.56 && u <= 0.64 && v >= 0 && v <= 0.19) return true; // first tooth
  if (u >= 0.68 && u <= 0.76 && v >= 0 && v <= 0.15) return true; // second tooth
  return false;
}

/** Midpoint of the key's extent along u (from -0.24 to 0.76), placed at the centre of the image. */
const KEY_CENTER_U = 0.26;
const SUPERSAMPLING = 8;

/**
 * Fraction (0..1) of each pixel covered by the key, which points from the top left to the bottom right,
 * `length` pixels long, centred in a size x size image. Anti-aliased by supersampling.
 */
export function keyCoverage(size: number, length: number): Float64Array {
  const coverage = new Float64Array(size * size);
  const angle = Math.PI / 4;
  const dx = Math.cos(angle);
  const dy = Math.sin(angle);
  const center = size / 2;
  const samples = SUPERSAMPLING * SUPERSAMPLING;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < SUPERSAMPLING; sy++) {
        for (let sx = 0; sx < SUPERSAMPLING; sx++) {
          const x = (px + (sx + 0.5) / SUPERSAMPLING - center) / length;
          const y = (py + (sy + 0.5) / SUPERSAMPLING - center) / length;
          // Image axes -> key axes: u along the key, v across it.
          const u = x * dx + y * dy + KEY_CENTER_U;
          const v = -x * dy + y * dx;
          if (insideKey(u, v)) hits++;
        }
      }
      coverage[py * size + px] = hits / samples;
    }
  }
  return coverage;
}

function hexToRgb(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
}

/** 192x192, opaque: the accent colour with the key blended on top in white. */
export function drawColorIcon(): RgbaImage {
  const size = COLOR_ICON_SIZE;
  const coverage = keyCoverage(size, 120);
  const [r, g, b] = hexToRgb(ACCENT_COLOR);
  const pixels = new Uint8Array(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    const c = coverage[i];
    pixels[i * 4] = Math.round(r + (255 - r) * c);
    pixels[i * 4 + 1] = Math.round(g + (255 - g) * c);
    pixels[i * 4 + 2] = Math.round(b + (255 - b) * c);
    pixels[i * 4 + 3] = 255;
  }
  return { width: size, height: size, pixels };
}

/** 32x32: every pixel is white; only the alpha channel draws the key (transparent elsewhere). */
export function drawOutlineIcon(): RgbaImage {
  const size = OUTLINE_ICON_SIZE;
  const coverage = keyCoverage(size, 27);
  const pixels = new Uint8Array(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    pixels[i * 4] = 255;
    pixels[i * 4 + 1] = 255;
    pixels[i * 4 + 2] = 255;
    pixels[i * 4 + 3] = Math.round(coverage[i] * 255);
  }
  return { width: size, height: size, pixels };
}

export function renderIcons(): { 'color.png': Buffer; 'outline.png': Buffer } {
  return { 'color.png': encodePng(drawColorIcon()), 'outline.png': encodePng(drawOutlineIcon()) };
}

export function writeIcons(dir: string = __dirname): string[] {
  const written: string[] = [];
  for (const [name, bytes] of Object.entries(renderIcons())) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    written.push(file);
  }
  return written;
}

if (require.main === module) {
  for (const file of writeIcons()) console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
