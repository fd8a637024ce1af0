/**
 * Draws the extension's icons (a bold white "W" on a rounded square) into
 * `extension/public/icon/<size>.png`, where WXT finds them for every browser's manifest. The
 * PNGs are committed; run `npx tsx scripts/make-icons.ts` after changing the drawing.
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { deflateSync } from 'node:zlib';

const SIZES = [16, 32, 48, 96, 128] as const;
const OUT_DIR = resolve(import.meta.dirname, '../extension/public/icon');
/** Samples per pixel along each axis, for smooth edges without a graphics library. */
const SUPERSAMPLE = 4;
const BACKGROUND = [0x5b, 0x4b, 0xdb] as const;
const LETTER = [0xff, 0xff, 0xff] as const;

type Point = readonly [number, number];

/** The "W" as a polyline in a unit square, stroked with `STROKE` (unit) width. */
const W_PATH: Point[] = [
  [0.2, 0.28],
  [0.34, 0.74],
  [0.5, 0.4],
  [0.66, 0.74],
  [0.8, 0.28],
];
const STROKE = 0.13;
const CORNER = 0.22;

function distanceToSegment([px, py]: Point, [ax, ay]: Point, [bx, by]: Point): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function insideRoundedSquare(x: number, y: number): boolean {
  const cx = Math.min(Math.max(x, CORNER), 1 - CORNER);
  const cy = Math.min(Math.max(y, CORNER), 1 - CORNER);
  return Math.hypot(x - cx, y - cy) <= CORNER;
}

function onLetter(point: Point): boolean {
  for (let i = 1; i < W_PATH.length; i++) {
    if (distanceToSegment(point, W_PATH[i - 1]!, W_PATH[i]!) <= STROKE / 2) return true;
  }
  return false;
}

/** RGBA pixels of one icon. */
function draw(size: number): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  const samples = SUPERSAMPLE * SUPERSAMPLE;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let square = 0;
      let letter = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const point: Point = [
            (x + (sx + 0.5) / SUPERSAMPLE) / size,
            (y + (sy + 0.5) / SUPERSAMPLE) / size,
          ];
          if (!insideRoundedSquare(...point)) continue;
          square++;
          if (onLetter(point)) letter++;
        }
      }
      const mix = square === 0 ? 0 : letter / square;
      const at = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) {
        pixels[at + c] = Math.round(BACKGROUND[c]! * (1 - mix) + LETTER[c]! * mix);
      }
      pixels[at + 3] = Math.round((square / samples) * 255);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A truecolour-with-alpha PNG of `size`×`size` RGBA pixels. */
function encodePng(size: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, deflate, no filter, no interlace
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

await mkdir(OUT_DIR, { recursive: true });
for (const size of SIZES) {
  await writeFile(resolve(OUT_DIR, `${size}.png`), encodePng(size, draw(size)));
}
console.log(`wrote ${SIZES.map((size) => `${size}.png`).join(', ')} to ${OUT_DIR}`);
