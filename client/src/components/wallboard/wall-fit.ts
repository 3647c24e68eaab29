/**
 * How a TV wallboard lays out its queue tiles so that all of them fit the screen at once: a TV
 * cannot scroll. Picks the number of columns that gives the largest tile of a pleasant shape;
 * below a readable size it gives up and the page scrolls (a phone showing a wallboard link).
 */
export interface WallFitInput {
  /** The space for the tiles, in CSS pixels. */
  width: number;
  height: number;
  /** Space between tiles. */
  gap: number;
  count: number;
}

export interface WallFit {
  columns: number;
  rows: number;
  /** The size each tile gets. */
  tileWidth: number;
  tileHeight: number;
}

/** Width / height a tile looks best at (three figures across, two rows). */
export const TILE_ASPECT = 1.6;
/** Smaller than this and the figures are no longer readable from across a room. */
export const MIN_TILE = { width: 170, height: 80 } as const;

export function fitWall(input: WallFitInput): WallFit | null {
  const { width, height, gap, count } = input;
  if (count <= 0 || width <= 0 || height <= 0) return null;
  let best: (WallFit & { score: number }) | null = null;
  for (let columns = 1; columns <= count; columns += 1) {
    const rows = Math.ceil(count / columns);
    const tileWidth = (width - gap * (columns - 1)) / columns;
    const tileHeight = (height - gap * (rows - 1)) / rows;
    if (tileWidth <= 0 || tileHeight <= 0) continue;
    // The height of the largest tile of the preferred shape that fits this cell.
    const score = Math.min(tileWidth / TILE_ASPECT, tileHeight);
    if (!best || score > best.score) best = { columns, rows, tileWidth, tileHeight, score };
  }
  if (!best || best.tileWidth < MIN_TILE.width || best.tileHeight < MIN_TILE.height) return null;
  return { columns: best.columns, rows: best.rows, tileWidth: best.tileWidth, tileHeight: best.tileHeight };
}
