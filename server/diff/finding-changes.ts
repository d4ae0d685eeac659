// Readiness findings that appear (new) or disappear (fixed) between two models. A finding on a node is
// keyed by rule and the node's counterpart, so renamed nodes keep their findings.
import type { FindingChanges } from '../contract/model-diff';
import type { Finding } from '../findings';

export type { FindingChanges } from '../contract/model-diff';

export function findingChanges(
  before: Finding[],
  after: Finding[],
  matches: { a: string; b: string }[],
): FindingChanges {
  // Counterparts of the nodes A's findings name only: a large model has tens of thousands of matches, few findings.
  const named = new Set<string>();
  for (const f of before) if (f.node !== undefined) named.add(f.node);
  const toB = new Map<string, string>();
  if (named.size)
    for (let i = 0; i < matches.length; i++) if (named.has(matches[i].a)) toB.set(matches[i].a, matches[i].b);
  const keyA = (f: Finding) =>
    f.node !== undefined ? `${f.ruleId} node ${toB.get(f.node) ?? `removed ${f.node}`}` : `${f.ruleId} ${f.message}`;
  const keyB = (f: Finding) => (f.node !== undefined ? `${f.ruleId} node ${f.node}` : `${f.ruleId} ${f.message}`);
  const count = (list: Finding[], key: (f: Finding) => string) => {
    const counts = new Map<string, number>();
    for (const f of list) counts.set(key(f), (counts.get(key(f)) ?? 0) + 1);
    return counts;
  };
  const unmatched = (list: Finding[], key: (f: Finding) => string, other: Map<string, number>) =>
    list.filter((f) => {
      const left = other.get(key(f)) ?? 0;
      if (left === 0) return true;
      other.set(key(f), left - 1);
      return false;
    });
  return { new: unmatched(after, keyB, count(before, keyA)), fixed: unmatched(before, keyA, count(after, keyB)) };
}
