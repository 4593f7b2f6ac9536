import { encodePng, renderPng } from '../png.js';
import { hashString } from '../seeded-random.js';

/** The video's thumbnail: an image derived from the prompt, at the video's frame size. */
export function renderThumbnail(prompt: string, width: number, height: number): Buffer {
  return renderPng(`video\u0000${prompt}`, width, height);
}

export const SPRITE_COLUMNS = 4;
export const SPRITE_ROWS = 2;

/**
 * A spritesheet PNG: SPRITE_COLUMNS x SPRITE_ROWS frames at a quarter of the video's size, each a
 * background coloured from the prompt with the square of the base clip at its place in that frame.
 */
export function renderSpritesheet(prompt: string, width: number, height: number): Buffer {
  const tileWidth = Math.max(8, Math.round(width / 4));
  const tileHeight = Math.max(8, Math.round(height / 4));
  const sheetWidth = tileWidth * SPRITE_COLUMNS;
  const sheetHeight = tileHeight * SPRITE_ROWS;
  const hash = hashString(`sprite\u0000${prompt}`);
  const background = [hash & 0xff, (hash >>> 8) & 0xff, (hash >>> 16) & 0xff];
  const square = [0xf2, 0xc1, 0x4e];
  const side = Math.round(tileHeight / 4);
  const stride = 1 + sheetWidth * 3;
  const raw = Buffer.alloc(stride * sheetHeight);
  const frames = SPRITE_COLUMNS * SPRITE_ROWS;
  for (let y = 0; y < sheetHeight; y++) {
    raw[y * stride] = 0; // filter: none
    const row = Math.floor(y / tileHeight);
    const inTileY = y % tileHeight;
    for (let x = 0; x < sheetWidth; x++) {
      const column = Math.floor(x / tileWidth);
      const inTileX = x % tileWidth;
      const t = (row * SPRITE_COLUMNS + column) / frames;
      const squareX = Math.round((tileWidth - side) * t);
      const squareY = Math.round((tileHeight * 3) / 8);
      const inSquare =
        inTileX >= squareX && inTileX < squareX + side && inTileY >= squareY && inTileY < squareY + side;
      const edge = inTileX === 0 || inTileY === 0;
      const colour = edge ? [0, 0, 0] : inSquare ? square : background;
      raw.set(colour, y * stride + 1 + x * 3);
    }
  }
  return encodePng(sheetWidth, sheetHeight, raw);
}
