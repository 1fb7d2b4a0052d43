import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderAsync } from '@resvg/resvg-js';
import { FONT_FAMILY } from './flowerSvg.js';

/** The fonts shipped with the app (DejaVu, see data/fonts/LICENSE-DejaVu): resvg draws no text without fonts. */
export const FONT_DIR = fileURLToPath(new URL('../../data/fonts/', import.meta.url));
export const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => `${FONT_DIR}${f}`);

/**
 * Renders an SVG to PNG with the shipped fonts only: system fonts are not loaded, so the picture looks the same on
 * every machine and needs nothing installed. Runs off the event loop (resvg's own thread).
 */
export async function svgToPng(svg: string): Promise<Buffer> {
  const missing = FONT_FILES.filter((f) => !existsSync(f));
  if (missing.length > 0)
    throw new Error(`font files missing, the picture would have no text: ${missing.join(', ')}`);
  const image = await renderAsync(svg, {
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    fitTo: { mode: 'original' },
    logLevel: 'off',
  });
  return image.asPng();
}
