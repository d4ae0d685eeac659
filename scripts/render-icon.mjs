// `node scripts/render-icon.mjs`: renders media/icon.svg to media/icon.png (128x128, transparent corners), the
// icon the extension manifest points at (the Marketplace and Open VSX take PNG only). Uses Debian's headless
// chromium; CHROMIUM=path to use another build.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const media = path.resolve(import.meta.dirname, '../media');
const png = path.join(media, 'icon.png');
const partial = `${png}.partial.png`;
execFileSync(
  process.env.CHROMIUM ?? 'chromium',
  [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--hide-scrollbars',
    '--default-background-color=00000000',
    '--window-size=128,128',
    `--screenshot=${partial}`,
    path.join(media, 'icon.svg'),
  ],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);
fs.renameSync(partial, png);
console.log(`${png}: ${fs.statSync(png).size} bytes`);
