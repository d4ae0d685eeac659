// `modelready rules`: every rule id (ONNX rules, Triton checks, other findings) with its default severity (ids to
// use in .modelready.json), as a table, JSON, or the Markdown reference that docs/rules.md holds.
import { renderRuleDocs } from '../rules/docs';
import { ruleDocsUrl } from '../rules/docs-link';
import { ruleCatalog } from '../rules/catalog';
import { CliUsageError, EXIT_OK, parseCliArgs } from './usage';

export function runRules(args: string[]): number {
  const { values, positionals } = parseCliArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, markdown: { type: 'boolean' } },
  });
  if (positionals.length > 0) throw new CliUsageError('takes no arguments');
  if (values.json && values.markdown) throw new CliUsageError('--json and --markdown exclude each other');
  if (values.markdown) process.stdout.write(renderRuleDocs(ruleCatalog) + '\n');
  else if (values.json) {
    const rules = ruleCatalog.map((r) => ({
      id: r.id,
      defaultSeverity: r.defaultSeverity,
      ...r.docs,
      ...(r.fix && { fix: r.fix }),
      docsUrl: ruleDocsUrl(r.id),
    }));
    process.stdout.write(JSON.stringify(rules, null, 2) + '\n');
  } else {
    const width = Math.max(...ruleCatalog.map((r) => r.id.length));
    for (const r of ruleCatalog)
      process.stdout.write(`${r.id.padEnd(width)}  ${r.defaultSeverity.padEnd(7)}  ${r.docs.summary}\n`);
  }
  return EXIT_OK;
}
