// axe-core's color-contrast rule on a page, as the theme tests run it: injected through the DevTools protocol
// (which the page's CSP does not govern; a <script> tag would be refused), one line per failing element.
import fs from 'node:fs';
import type { Page } from 'playwright-core';

type Axe = {
  run(
    c: Document,
    o: object,
  ): Promise<{ violations: { id: string; nodes: { target: string[]; failureSummary: string }[] }[] }>;
};

export async function contrastViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window)))
    await page.evaluate(fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: Axe }).axe;
    const result = await axe.run(document, { runOnly: { type: 'rule', values: ['color-contrast'] } });
    return result.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`));
  });
}
