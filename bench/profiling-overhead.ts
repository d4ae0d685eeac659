// Profiling overhead benchmark: the remote flow against a real OpenSSH server on loopback with the trtexec test
// double (replaying a recorded run), measuring what the flow adds beyond trtexec's own lifetime (connect, probe,
// upload check, run folder, streaming, collecting and parsing the exports, cleanup) and the bytes a second run
// of an unchanged model uploads. Targets: overhead <= 1 s, second-run upload 0 bytes.
// Usage: MODELREADY_SHARED=/work/shared node --import tsx bench/profiling-overhead.ts [--runs 5]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { installTrtexecDouble, sshTargetOf, startSshd } from '../test/profiling/ssh-harness';
import { sharedRoot } from '../test/profiling/corpus';
import { runRemoteProfile } from '../server/profiling/remote-run';
import type { TrtexecCapabilities } from '../server/profiling/trtexec-command';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const sshd = await startSshd();
  try {
    const doubleDir = path.join(sshd.dir, 'bench', 'bin');
    const trtexecPath = installTrtexecDouble(doubleDir, {
      version: '10.13.0',
      corpusRun: 'examples/pytorch/resnet/A100/fp16',
      prefix: 'resnet.onnx.engine',
    });
    const model = path.join(sharedRoot, 'corpus/onnx/exported/llama_tiny_op17.full.onnx');
    const target = sshTargetOf(sshd, { trtexecPath, workDir: path.join(sshd.dir, 'work') });
    const request = { files: [{ localPath: model, remoteName: 'model.onnx' }], choices: { iterations: 10 } };
    const modelBytes = fs.statSync(model).size;
    console.log(
      `model ${path.basename(model)} (${(modelBytes / 1e6).toFixed(1)} MB); replaying the A100 FP16 ResNet run (profile ${fs.statSync(path.join(doubleDir, 'replay.profile.json')).size} B, times ${fs.statSync(path.join(doubleDir, 'replay.timing.json')).size} B)`,
    );

    const rows: { run: number; totalMs: number; trtexecMs: number; overheadMs: number; uploaded: number }[] = [];
    // One cache for the session, as in the editor: the first run pays the `trtexec --help` probe, later runs reuse it.
    const cache = new Map<string, TrtexecCapabilities>();
    for (let i = 0; i < runs; i++) {
      const t0 = Date.now();
      const result = await runRemoteProfile(target, request, { capabilityCache: cache });
      const totalMs = Date.now() - t0;
      const self = JSON.parse(fs.readFileSync(path.join(doubleDir, 'self-time.json'), 'utf8'));
      const trtexecMs = self.endedAt - self.startedAt;
      rows.push({ run: i + 1, totalMs, trtexecMs, overheadMs: totalMs - trtexecMs, uploaded: result.bytesUploaded });
      const phases = Object.entries(result.timingsMs)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      console.log(
        `run ${i + 1}: total ${totalMs} ms, trtexec's own time ${trtexecMs.toFixed(0)} ms, overhead ${(totalMs - trtexecMs).toFixed(0)} ms, uploaded ${result.bytesUploaded} B  [ms: ${phases}]`,
      );
    }
    const warm = rows.slice(1);
    console.log('');
    console.log(
      `first run (upload ${(rows[0].uploaded / 1e6).toFixed(1)} MB, trtexec --help probe): overhead ${rows[0].overheadMs.toFixed(0)} ms`,
    );
    console.log(
      `later runs: median overhead ${median(warm.map((r) => r.overheadMs)).toFixed(0)} ms, max ${Math.max(...warm.map((r) => r.overheadMs)).toFixed(0)} ms (target <= 1000 ms)`,
    );
    console.log(`bytes uploaded on runs 2..${runs}: ${warm.map((r) => r.uploaded).join(', ')} (target 0)`);
  } finally {
    await sshd.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
