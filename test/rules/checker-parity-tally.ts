// What the two checker-parity tests share: counting agreement per mutation kind, and holding the disagreements
// against the fixture that lists each known one with its reason (unlisted and stale entries both fail).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from '../../server/contract/findings';
import { repoRoot } from '../support/paths';

export interface Disagreement {
  model: string;
  mutation: string | null;
  onnx: 'valid' | 'invalid';
  ours: 'valid' | 'invalid';
  reason: string;
}

const verdictWord = (valid: boolean) => (valid ? 'valid' : 'invalid');
const key = (d: { model: string; mutation: string | null }) => `${d.model}#${d.mutation ?? 'original'}`;

export class ParityTally {
  private readonly disagreements: (Disagreement & { onnxError: string | null; ourFinding?: string })[] = [];
  private readonly perMutation = new Map<string, [number, number]>();
  private files = 0;

  /** One file: onnx's verdict (and error) against ours, which is "valid" when the checker rules found nothing. */
  record(model: string, mutation: string | null, onnxValid: boolean, onnxError: string | null, findings: Finding[]) {
    const oursValid = findings.length === 0;
    const kind = mutation ?? 'original';
    const [agree, total] = this.perMutation.get(kind) ?? [0, 0];
    this.perMutation.set(kind, [agree + (oursValid === onnxValid ? 1 : 0), total + 1]);
    this.files++;
    if (oursValid !== onnxValid)
      this.disagreements.push({
        model,
        mutation,
        onnx: verdictWord(onnxValid),
        ours: verdictWord(oursValid),
        reason: '',
        onnxError,
        ourFinding: findings[0]?.message,
      });
  }

  /** Prints the agreement per mutation kind, then fails on unlisted or stale disagreements or too low agreement. */
  assertAgreement(title: string, fixture: string, minAgreement: number): void {
    const agreement = 1 - this.disagreements.length / this.files;
    const table = [...this.perMutation].map(([m, [a, t]]) => `#   ${m.padEnd(28)} ${a}/${t}`).join('\n');
    process.stdout.write(
      `# ${title}: ${this.files - this.disagreements.length}/${this.files} files agree (${(agreement * 100).toFixed(2)}%)\n${table}\n`,
    );
    const listed: Disagreement[] = JSON.parse(fs.readFileSync(fixture, 'utf8')).disagreements;
    const listedKeys = new Set(listed.map(key));
    const foundKeys = new Set(this.disagreements.map(key));
    const unlisted = this.disagreements.filter((d) => !listedKeys.has(key(d)));
    const where = path.relative(repoRoot, fixture);
    assert.deepEqual(unlisted, [], `disagreements not listed (with a reason) in ${where}`);
    const stale = listed.filter((d) => !foundKeys.has(key(d)));
    assert.deepEqual(stale, [], `listed disagreements that no longer happen: remove them from ${where}`);
    for (const d of listed) assert.ok(d.reason.length > 10, `${key(d)} needs a reason`);
    assert.ok(agreement >= minAgreement, `agreement ${(agreement * 100).toFixed(2)}% is below ${minAgreement * 100}%`);
  }
}
