import { PNG } from 'pngjs';

/**
 * The Teams app icons, drawn here rather than downloaded: a city skyline. Teams wants a
 * 192x192 full-colour icon (symbol inside the central 96x96) and a 32x32 outline icon
 * that is only white on transparent.
 */

interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

type Rgba = readonly [number, number, number, number];

/** The skyline on a 16x16 grid: buildings standing on a street line. */
const BUILDINGS: readonly Rect[] = [
  { x: 1, y: 8, w: 3, h: 7 },
  { x: 4, y: 4, w: 3, h: 11 },
  { x: 7, y: 6, w: 2, h: 9 },
  { x: 9, y: 1, w: 3, h: 14 },
  { x: 12, y: 7, w: 3, h: 8 },
];
const STREET: Rect = { x: 1, y: 15, w: 14, h: 1 };
/** Lit windows, cut out of the buildings in the colour icon. */
const WINDOWS: readonly Rect[] = [
  { x: 2, y: 10, w: 1, h: 1 },
  { x: 2, y: 12, w: 1, h: 1 },
  { x: 5, y: 6, w: 1, h: 1 },
  { x: 5, y: 8, w: 1, h: 1 },
  { x: 5, y: 10, w: 1, h: 1 },
  { x: 10, y: 3, w: 1, h: 1 },
  { x: 10, y: 5, w: 1, h: 1 },
  { x: 10, y: 7, w: 1, h: 1 },
  { x: 10, y: 9, w: 1, h: 1 },
  { x: 13, y: 9, w: 1, h: 1 },
  { x: 13, y: 11, w: 1, h: 1 },
];

export const ACCENT_COLOR = '#1F5F8B';
const WHITE: Rgba = [255, 255, 255, 255];
const TRANSPARENT: Rgba = [0, 0, 0, 0];

function hexToRgba(hex: string): Rgba {
  const value = Number.parseInt(hex.replace('#', ''), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff, 255];
}

function fill(png: PNG, rect: Rect, color: Rgba): void {
  for (let y = rect.y; y < rect.y + rect.h; y += 1) {
    for (let x = rect.x; x < rect.x + rect.w; x += 1) {
      const at = (y * png.width + x) * 4;
      png.data[at] = color[0];
      png.data[at + 1] = color[1];
      png.data[at + 2] = color[2];
      png.data[at + 3] = color[3];
    }
  }
}

function scaled(rect: Rect, scale: number, offset: number, gap = 0): Rect {
  return {
    x: offset + rect.x * scale,
    y: offset + rect.y * scale,
    w: rect.w * scale - gap,
    h: rect.h * scale,
  };
}

/** The skyline at a scale, with a thin gap after each building so they read as separate. */
function skyline(scale: number, offset: number): Rect[] {
  const gap = Math.max(1, Math.round(scale / 3));
  return [
    ...BUILDINGS.map((rect) => scaled(rect, scale, offset, gap)),
    scaled(STREET, scale, offset),
  ];
}

/** 192x192: the accent colour all over, a white skyline with windows in the central 96x96. */
export function drawColorIcon(accentColor: string = ACCENT_COLOR): Buffer {
  const size = 192;
  const png = new PNG({ width: size, height: size });
  const background = hexToRgba(accentColor);
  fill(png, { x: 0, y: 0, w: size, h: size }, background);
  const scale = 6; // 16 * 6 = 96
  const offset = (size - 16 * scale) / 2;
  for (const rect of skyline(scale, offset)) fill(png, rect, WHITE);
  for (const rect of WINDOWS) fill(png, scaled(rect, scale, offset), background);
  return PNG.sync.write(png);
}

/** 32x32: the skyline in white, everything else fully transparent (no grey, no anti-aliasing). */
export function drawOutlineIcon(): Buffer {
  const size = 32;
  const png = new PNG({ width: size, height: size });
  fill(png, { x: 0, y: 0, w: size, h: size }, TRANSPARENT);
  for (const rect of skyline(2, 0)) fill(png, rect, WHITE);
  return PNG.sync.write(png);
}
