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
