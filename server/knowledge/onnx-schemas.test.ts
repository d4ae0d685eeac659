// The committed schemas come from the newest onnx (the device machine's); Debian's older python3-onnx
// must find every one of its schemas there unchanged: same ops, versions, inputs, outputs, attributes
// (types, required, defaults), type constraints and deprecations. Otherwise the JSON was generated
// from a broken or partial onnx, or an upstream change we must know about slipped in.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { debianPython, repoRoot } from '../../test/support/paths';
import { onnxSchemas, type OpSchema } from './onnx-schemas';

type SchemaJson = ReturnType<typeof onnxSchemas>;

/** Schemas that onnx itself corrected after 1.12 (same since_version, fixed definition). */
const UPSTREAM_FIXES: Record<string, string> = {
  'ai.onnx/Erf/13 typeConstraints':
    'newer onnx dropped the integer types from Erf-13 (erf of an integer tensor has no integer result)',
  'ai.onnx/GridSample/16 inputs':
    "newer onnx swapped GridSample-16's type parameters: X and Y are T1, grid is T2 (1.12 typed X and grid T1, Y T2)",
  'ai.onnx/GridSample/16 outputs': 'the same swap: Y is T1',
};

test('Debian onnx 1.12 schemas are a subset of the generated JSON', () => {
  const debian: SchemaJson = JSON.parse(
    execFileSync(debianPython, [path.join(repoRoot, 'scripts/gen-onnx-schemas.py')], {
      maxBuffer: 64 << 20,
    }).toString(),
  );
  assert.notEqual(
    debian.onnxVersion,
    onnxSchemas().onnxVersion,
    "the committed JSON should come from a newer onnx than Debian's",
  );
  for (const row of debian.versionTable)
    assert.ok(
      onnxSchemas().versionTable.some((r) => JSON.stringify(r) === JSON.stringify(row)),
      `version table row ${row}`,
    );
  for (const [domain, [, max]] of Object.entries(debian.domainOpsetRanges))
    assert.ok(onnxSchemas().domainOpsetRanges[domain][1] >= max, `${domain} opset range`);

  let compared = 0;
  const differences: string[] = [];
  for (const [domain, ops] of Object.entries(debian.domains)) {
    for (const [op, versions] of Object.entries(ops)) {
      const ours = onnxSchemas().domains[domain]?.[op];
      assert.ok(ours, `${domain}/${op} is missing`);
      for (const theirs of versions as OpSchema[]) {
        const mine = ours.find((v) => v.since === theirs.since);
        assert.ok(mine, `${domain}/${op}-${theirs.since} is missing`);
        compared++;
        for (const key of [
          'inputs',
          'outputs',
          'minInputs',
          'maxInputs',
          'minOutputs',
          'maxOutputs',
          'attributes',
          'typeConstraints',
          'deprecated',
        ] as const) {
          if (JSON.stringify(mine[key]) !== JSON.stringify(theirs[key]))
            differences.push(`${domain}/${op}/${theirs.since} ${key}`);
        }
      }
    }
  }
  process.stdout.write(
    `# compared ${compared} schema versions of onnx ${debian.onnxVersion} with onnx ${onnxSchemas().onnxVersion}'s; differing: ${differences.join(', ') || 'none'}\n`,
  );
  assert.ok(compared > 400, `only ${compared} schemas came from Debian's onnx`);
  assert.deepEqual(
    differences.filter((d) => !UPSTREAM_FIXES[d]),
    [],
    'schemas that differ without a known upstream fix',
  );
  assert.deepEqual(
    Object.keys(UPSTREAM_FIXES).filter((d) => !differences.includes(d)),
    [],
    'listed upstream fixes that no longer differ',
  );
});

test('onnx-opsets.json (the extension opset picker) is the schemas file opset ranges', async () => {
  const { default: opsets } = await import('./onnx-opsets.json');
  assert.deepEqual(opsets, {
    generatedBy: 'scripts/gen-onnx-schemas.py',
    onnxVersion: onnxSchemas().onnxVersion,
    domainOpsetRanges: onnxSchemas().domainOpsetRanges,
  });
});
