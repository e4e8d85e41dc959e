// Pixel statistics of a WebGL canvas (the viewers keep their drawing buffer): luminance variance
// ~0 when blank or one colour, large when something is drawn; a signature to tell two frames apart.
import type { Page } from 'playwright-core';

export interface CanvasStats {
  width: number;
  height: number;
  variance: number;
  distinctColours: number;
  signature: number;
}

export function canvasStats(page: Page, selector: string): Promise<CanvasStats> {
  return page.evaluate((sel) => {
    const src = document.querySelector<HTMLCanvasElement>(sel)!;
    const c = document.createElement('canvas');
    c.width = src.width;
    c.height = src.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(src, 0, 0);
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    let sum = 0;
    let sum2 = 0;
    let signature = 0;
    const colours = new Set<number>();
    const n = data.length / 4;
    for (let i = 0; i < data.length; i += 4) {
      const y = 0.2126 * data[i]! + 0.7152 * data[i + 1]! + 0.0722 * data[i + 2]!;
      sum += y;
      sum2 += y * y;
      signature = (signature * 31 + data[i]! + 7 * data[i + 1]! + 13 * data[i + 2]!) % 1_000_000_007;
      if (colours.size < 5000) colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    }
    const mean = sum / n;
    return { width: c.width, height: c.height, variance: sum2 / n - mean * mean, distinctColours: colours.size, signature };
  }, selector);
}
