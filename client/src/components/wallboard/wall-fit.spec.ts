import { describe, expect, it } from 'vitest';
import { MIN_TILE, fitWall } from './wall-fit';

const TV = { width: 1880, height: 960, gap: 16 };
const SMALL_TV = { width: 1250, height: 640, gap: 12 };

describe('fitWall', () => {
  it.each([1, 2, 4, 8, 20])('puts %i queues on one 1080p and one 720p screen, every tile readable', (count) => {
    for (const screen of [TV, SMALL_TV]) {
      const fit = fitWall({ ...screen, count });
      expect(fit).not.toBeNull();
      if (!fit) continue;
      expect(fit.columns * fit.rows).toBeGreaterThanOrEqual(count);
      expect(fit.columns * fit.tileWidth + (fit.columns - 1) * screen.gap).toBeLessThanOrEqual(screen.width + 0.01);
      expect(fit.rows * fit.tileHeight + (fit.rows - 1) * screen.gap).toBeLessThanOrEqual(screen.height + 0.01);
      expect(fit.tileWidth).toBeGreaterThanOrEqual(MIN_TILE.width);
      expect(fit.tileHeight).toBeGreaterThanOrEqual(MIN_TILE.height);
    }
  });

  it('wraps four queues into two rows of two on a TV rather than one cut-off row', () => {
    expect(fitWall({ ...TV, count: 4 })).toMatchObject({ columns: 2, rows: 2 });
  });

  it('gives up (the page scrolls) when tiles would be too small to read, as on a phone with many queues', () => {
    expect(fitWall({ width: 370, height: 700, gap: 12, count: 20 })).toBeNull();
    expect(fitWall({ width: 370, height: 700, gap: 12, count: 3 })).toMatchObject({ columns: 1, rows: 3 });
  });
});
