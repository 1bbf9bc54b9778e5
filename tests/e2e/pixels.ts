import type { Locator, Page } from '@playwright/test';

/**
 * Counts pixels of an element's screenshot that differ from `background` by more than
 * `tolerance` in any channel. The PNG is decoded by the page itself, so no image library is
 * needed here.
 */
export async function countNonBackgroundPixels(
  page: Page,
  element: Locator,
  background: [number, number, number],
  tolerance = 12,
): Promise<{ changed: number; total: number }> {
  const png = await element.screenshot();
  return page.evaluate(
    async ({ base64, background, tolerance }) => {
      const bytes = Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d')!;
      context.drawImage(bitmap, 0, 0);
      const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
      let changed = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (
          Math.abs(data[i]! - background[0]) > tolerance ||
          Math.abs(data[i + 1]! - background[1]) > tolerance ||
          Math.abs(data[i + 2]! - background[2]) > tolerance
        ) {
          changed++;
        }
      }
      return { changed, total: data.length / 4 };
    },
    { base64: png.toString('base64'), background, tolerance },
  );
}

/**
 * Counts "arterial red" pixels of an element's screenshot (red channel well above green and
 * blue), and finds a point well inside a red area: the red pixel closest to the red pixels'
 * centroid whose whole 9 × 9 neighbourhood is red too, in CSS pixels from the element's corner.
 */
export async function findReddishPixels(
  page: Page,
  element: Locator,
): Promise<{ reddish: number; total: number; inside: { x: number; y: number } | null }> {
  const png = await element.screenshot();
  const box = await element.boundingBox();
  return page.evaluate(
    async ({ base64, cssWidth }) => {
      const bytes = Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d')!;
      context.drawImage(bitmap, 0, 0);
      const { data, width, height } = context.getImageData(0, 0, bitmap.width, bitmap.height);
      const red = new Uint8Array(width * height);
      let reddish = 0;
      let sumX = 0;
      let sumY = 0;
      for (let i = 0; i < width * height; i++) {
        const r = data[4 * i]!;
        const g = data[4 * i + 1]!;
        const b = data[4 * i + 2]!;
        if (r > 90 && r > 1.8 * g && r > 1.8 * b) {
          red[i] = 1;
          reddish++;
          sumX += i % width;
          sumY += Math.floor(i / width);
        }
      }
      let inside: { x: number; y: number } | null = null;
      if (reddish > 0) {
        const cx = sumX / reddish;
        const cy = sumY / reddish;
        let best = Infinity;
        for (let y = 4; y < height - 4; y++) {
          for (let x = 4; x < width - 4; x++) {
            if (!red[y * width + x]) continue;
            const distance = Math.hypot(x - cx, y - cy);
            if (distance >= best) continue;
            let all = true;
            for (let dy = -4; dy <= 4 && all; dy++)
              for (let dx = -4; dx <= 4 && all; dx++) all = red[(y + dy) * width + x + dx] === 1;
            if (all) {
              best = distance;
              inside = { x, y };
            }
          }
        }
      }
      const scale = cssWidth ? width / cssWidth : 1;
      return {
        reddish,
        total: width * height,
        inside: inside ? { x: inside.x / scale, y: inside.y / scale } : null,
      };
    },
    { base64: png.toString('base64'), cssWidth: box?.width ?? null },
  );
}

/** Mean and standard deviation of the grey level (red channel, 0–255) inside a box of an element's screenshot. */
export async function greyStats(
  page: Page,
  png: Buffer,
  box: { x: number; y: number; width: number; height: number },
): Promise<{ mean: number; sd: number }> {
  return page.evaluate(
    async ({ base64, box }) => {
      const bytes = Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d')!;
      context.drawImage(bitmap, 0, 0);
      const { data } = context.getImageData(
        Math.round(box.x),
        Math.round(box.y),
        Math.round(box.width),
        Math.round(box.height),
      );
      let sum = 0;
      let squares = 0;
      const n = data.length / 4;
      for (let i = 0; i < data.length; i += 4) {
        sum += data[i]!;
        squares += data[i]! * data[i]!;
      }
      const mean = sum / n;
      return { mean, sd: Math.sqrt(Math.max(0, squares / n - mean * mean)) };
    },
    { base64: png.toString('base64'), box },
  );
}
