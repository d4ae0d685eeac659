// The committed element-type table comes from the newest onnx (the device machine's); Debian's older python3-onnx
// must find each of its types there with the same number, name and payload field. Otherwise the JSON was
// generated from a broken onnx, or onnx renumbered or moved a type and the reader and checker must follow.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { debianPython, repoRoot } from '../../test/support/paths';
import { bytesForElements, dataTypeField, dataTypeName, dataTypeNumber } from '../onnx/data-types';
import committed from './onnx-data-types.json';

interface TypeRow {
  num: number;
  name: string;
  bits: number | null;
  field: string | null;
}

test("Debian onnx 1.12's element types agree with the generated table", () => {
  const debian: { onnxVersion: string; types: TypeRow[] } = JSON.parse(
    execFileSync(debianPython, [path.join(repoRoot, 'scripts/gen-onnx-data-types.py')]).toString(),
  );
  assert.notEqual(debian.onnxVersion, committed.onnxVersion, 'the committed table should come from a newer onnx');
  assert.ok(debian.types.length >= 17, 'onnx 1.12 knows at least UNDEFINED..BFLOAT16');
  for (const row of debian.types) {
    const ours = committed.types.find((t) => t.num === row.num);
    assert.deepEqual(
      ours && { num: ours.num, name: ours.name, field: ours.field },
      { num: row.num, name: row.name, field: row.field },
      `type ${row.num}`,
    );
  }
});

test('the table answers the reader and the checker', () => {
  assert.equal(dataTypeName(16), 'BFLOAT16');
  assert.equal(dataTypeName(999), 'UNKNOWN_TYPE_999');
  assert.equal(dataTypeNumber('FLOAT16'), 10);
  // onnx keeps FLOAT16 bits in int32_data and UINT32 in uint64_data: widened, not by element width.
  assert.equal(dataTypeField('FLOAT16'), 'int32_data');
  assert.equal(dataTypeField('UINT32'), 'uint64_data');
  assert.equal(dataTypeField('UNDEFINED'), undefined);
  // Sub-byte types are packed: three INT4 values take two bytes, four FLOAT6E2M3 values three.
  assert.equal(bytesForElements('INT4', 3), 2);
  assert.equal(bytesForElements('FLOAT6E2M3', 4), 3);
  for (const row of committed.types as TypeRow[])
    assert.equal(typeof row.bits, 'number', `${row.name}: the committed table has every width`);
});
