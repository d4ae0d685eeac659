// Links from a finding to its rule's section in the rule reference that ships with ModelReady (docs/rules.md
// in the .vsix and in the npm package): a file URI with the heading's line, which VS Code opens in an editor
// at that line. ModelReady has no public web home, so there is no web URL to give out instead.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { anchor } from './docs';

/** docs/rules.md beside the bundles' dist/ folder, or two levels above this source file (tests, tsx). */
const CANDIDATES = [path.resolve(__dirname, '../docs/rules.md'), path.resolve(__dirname, '../../docs/rules.md')];

let reference: { file: string; headingLines: Map<string, number> } | null | undefined;

/** The bundled rule reference and the line (1-based) of each heading, by its anchor; read once. */
function bundledReference(): typeof reference {
  if (reference !== undefined) return reference;
  const file = CANDIDATES.find((f) => fs.existsSync(f));
  if (!file) return (reference = null);
  const headingLines = new Map<string, number>();
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const heading = /^#{2,4} (.+)$/.exec(line);
      if (heading && !headingLines.has(anchor(heading[1]))) headingLines.set(anchor(heading[1]), i + 1);
    });
  return (reference = { file, headingLines });
}

/** `file:///…/docs/rules.md#L<line>` of the rule's heading; undefined when the reference or the heading is missing. */
export function ruleDocsUrl(id: string): string | undefined {
  const docs = bundledReference();
  const line = docs?.headingLines.get(anchor(id));
  return docs && line ? `${pathToFileURL(docs.file).href}#L${line}` : undefined;
}
