// SARIF 2.1.0, the format GitHub code scanning ingests.
import path from 'node:path';
import type { Finding, RelatedLocation } from '../findings';
import { displayPath } from './paths';
import { ruleInfo } from '../rules/catalog';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

export function formatSarif(findings: Finding[], baseDir = process.cwd()): object {
  const ruleIds = [...new Set(findings.map((f) => f.ruleId))].sort();
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ModelReady',
            rules: ruleIds.map(describeRule),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: ruleIds.indexOf(f.ruleId),
          level: LEVEL[f.severity],
          message: { text: f.node ? `${f.message} (node ${f.node})` : f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: toUri(f.file, baseDir) },
                // Model findings have no text position; GitHub code scanning wants a line, so they sit on line 1.
                region: f.range
                  ? {
                      startLine: f.range.start.line + 1,
                      startColumn: f.range.start.character + 1,
                      endLine: f.range.end.line + 1,
                      endColumn: f.range.end.character + 1,
                    }
                  : { startLine: 1 },
              },
              ...(f.node && { logicalLocations: [{ name: f.node, kind: 'member' }] }),
            },
          ],
          ...(f.related?.length && { relatedLocations: f.related.map((r, id) => relatedLocation(r, id, baseDir)) }),
        })),
      },
    ],
  };
}

/** A related location: a node of a model (logical location) or a text range, with its own message. */
function relatedLocation(r: RelatedLocation, id: number, baseDir: string): object {
  return {
    id,
    message: { text: r.node ? `${r.message} (node ${r.node})` : r.message },
    physicalLocation: {
      artifactLocation: { uri: toUri(r.file, baseDir) },
      region: r.range
        ? {
            startLine: r.range.start.line + 1,
            startColumn: r.range.start.character + 1,
            endLine: r.range.end.line + 1,
            endColumn: r.range.end.character + 1,
          }
        : { startLine: 1 },
    },
    ...(r.node && { logicalLocations: [{ name: r.node, kind: 'member' }] }),
  };
}

/**
 * Rule metadata for the SARIF driver, from the catalog of every rule id. No helpUri: the rule reference has no public
 * web address (a file path on the CI runner would be no use in code scanning), so the help text travels inside the
 * SARIF file instead.
 */
function describeRule(id: string): object {
  const rule = ruleInfo(id);
  if (!rule) return { id };
  return {
    id,
    shortDescription: { text: rule.docs.summary },
    fullDescription: { text: rule.docs.why },
    help: {
      text: `${rule.docs.why}\n\nHow to fix: ${rule.docs.howToFix}`,
      markdown: `${rule.docs.why}\n\n**How to fix:** ${rule.docs.howToFix}`,
    },
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
  };
}

function toUri(file: string, baseDir: string): string {
  return displayPath(file, baseDir).split(path.sep).map(encodeURIComponent).join('/');
}
