// Regenerates the ONNX rule reference in docs/rules.md from the rule modules (the Triton section
// after it is kept as written).   npm run docs:rules
import fs from 'node:fs';
import path from 'node:path';
import { renderRuleDocs, withGeneratedSection } from '../server/rules/docs';
import { allRules } from '../server/rules/registry';
import { TARGET_WORKSPACE_RULES } from '../server/target/stack-rules';

const page = path.resolve(import.meta.dirname, '../docs/rules.md');
fs.writeFileSync(
  page,
  withGeneratedSection(fs.readFileSync(page, 'utf8'), renderRuleDocs(allRules, TARGET_WORKSPACE_RULES)),
);
process.stdout.write(
  `wrote ${allRules.length + TARGET_WORKSPACE_RULES.length} rules into ${path.relative(process.cwd(), page)}\n`,
);
