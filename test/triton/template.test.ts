// Config templates (TensorRT-LLM fill_template.py placeholders): one finding per file naming the placeholders,
// no syntax errors or follow-on findings; a placeholder only inside a string counts too; a filled copy is checked.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { checkTritonPath } from '../../server/triton';
import { checkConfigText } from '../../server/triton/validate';
import { repoRoot } from '../support/paths';

const template = path.join(repoRoot, 'test/fixtures/triton-template/tensorrt_llm/config.pbtxt');
const text = fs.readFileSync(template, 'utf8');

test('a TensorRT-LLM template gives one triton/template finding naming its placeholders', () => {
  const findings = checkTritonPath(template);
  assert.deepEqual(
    findings.map((f) => f.ruleId),
    ['triton/template'],
    findings.map((f) => `${f.ruleId}: ${f.message}`).join('\n'),
  );
  const [f] = findings;
  assert.equal(f.severity, 'warning');
  for (const name of [
    'triton_backend',
    'triton_max_batch_size',
    'decoupled_mode',
    'max_queue_delay_microseconds',
    'engine_dir',
  ])
    assert.ok(f.message.includes('${' + name + '}'), `${name} named in: ${f.message}`);
  assert.match(f.message, /5 placeholder\(s\)/);
  assert.equal(f.range?.start.line, 1); // the first placeholder, in `backend: "${triton_backend}"`
  // Without the template rule the raw text is a syntax error (the noise the finding replaces).
  assert.ok(checkConfigText(text.replace(/\$\{(\w+)\}/g, '$$$1')).some((x) => x.ruleId === 'triton/syntax'));
});

test('a placeholder only inside a string value still marks the file as a template', () => {
  const onlyString = text
    .replace('"${triton_backend}"', '"tensorrtllm"')
    .replace(/\$\{(triton_max_batch_size|max_queue_delay_microseconds)\}/g, '8')
    .replace('${decoupled_mode}', 'false');
  const findings = checkConfigText(onlyString, 'tensorrt_llm/config.pbtxt');
  assert.deepEqual(
    findings.map((f) => [f.ruleId, f.message.includes('${engine_dir}')]),
    [['triton/template', true]],
  );
  // Filled: the template finding is gone and the config is checked as usual.
  const filled = onlyString.replace('${engine_dir}', '/engines/llama');
  assert.ok(!checkConfigText(filled, 'tensorrt_llm/config.pbtxt').some((f) => f.ruleId === 'triton/template'));
});
