import { readFile } from 'node:fs/promises';
import { KIOSK_STRINGS } from './kiosk-strings.ts';

export interface KioskAsset {
  body: Buffer;
  contentType: string;
}

/** The page's files, served from memory: plain HTML, CSS and one script, no build step. */
const FILES: Record<string, { file: string; contentType: string }> = {
  '/': { file: 'index.html', contentType: 'text/html; charset=utf-8' },
  '/kiosk.css': { file: 'kiosk.css', contentType: 'text/css; charset=utf-8' },
  '/kiosk.js': { file: 'kiosk.js', contentType: 'text/javascript; charset=utf-8' },
};

/** Reads the page's files once at start (a missing file fails the start, not a request). */
export async function loadKioskAssets(): Promise<Map<string, KioskAsset>> {
  const assets = new Map<string, KioskAsset>();
  for (const [path, { file, contentType }] of Object.entries(FILES)) {
    const body = await readFile(new URL(`./public/${file}`, import.meta.url));
    assets.set(path, { body, contentType });
  }
  assets.set('/i18n.json', {
    body: Buffer.from(JSON.stringify(KIOSK_STRINGS)),
    contentType: 'application/json; charset=utf-8',
  });
  return assets;
}
