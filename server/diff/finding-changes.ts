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
  const toB = new Map(matches.map((m) => [m.a, m.b]));
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
