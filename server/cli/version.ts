// The package version for `modelready --version`: read from the package.json beside the bundle (dist/cli.js) or the
// sources (server/cli), so an installed package and a development checkout both answer.
import fs from 'node:fs';
import path from 'node:path';

export function packageVersion(): string {
  for (let dir = __dirname, i = 0; i < 4; dir = path.dirname(dir), i++) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'modelready' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not here: look one folder up
    }
  }
  return 'unknown';
}
