// Regenerates the rule reference in docs/rules.md (every rule id: ONNX rules, Triton checks, other findings) from
// server/rules/catalog.ts.   npm run docs:rules
import fs from 'node:fs';
import path from 'node:path';
import { renderRuleDocs, withGeneratedSection } from '../server/rules/docs';
import { ruleCatalog } from '../server/rules/catalog';

const page = path.resolve(import.meta.dirname, '../docs/rules.md');
fs.writeFileSync(page, withGeneratedSection(fs.readFileSync(page, 'utf8'), renderRuleDocs(ruleCatalog)));
process.stdout.write(`wrote ${ruleCatalog.length} rules into ${path.relative(process.cwd(), page)}\n`);
