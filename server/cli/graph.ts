// `modelready graph <model.onnx> --out graph.svg [--expand all|none|N]`: the graph view's layout, in Node,
// written as a static SVG with problem marks (for CI reports and READMEs).
import path from 'node:path';
import { analyzeFile } from '../analyze';
import { GraphSession } from '../graph/session';
import { layoutGroup } from '../../common/graph-drawing/layout';
import { buildScene } from '../../common/graph-drawing/scene';
import { sceneToSvg } from '../../common/graph-drawing/svg';
import { OnnxReadError, readOnnxModel } from '../onnx/reader';
import { CliUsageError, EXIT_FINDINGS, EXIT_OK, parseCliArgs, requireOneModelFile } from './usage';
import { writeFileAtomic } from '../atomic-write';

/** Which groups to draw expanded: every one, only the root, N levels below the root, or (default) the view's first screen. */
export function parseExpand(value: string | undefined): 'all' | 'none' | 'auto' | number {
  if (value === undefined) return 'auto';
  if (value === 'all' || value === 'none') return value;
  if (/^\d+$/.test(value)) return Number(value);
  throw new CliUsageError(`--expand must be all, none or a number of levels (got "${value}")`);
}

export async function runGraph(args: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string', short: 'o' }, expand: { type: 'string' } },
  });
  if (!values.out) throw new CliUsageError('--out <file.svg> is required');
  const expand = parseExpand(values.expand);
  const file = requireOneModelFile(positionals);

  let model;
  try {
    model = readOnnxModel(file);
  } catch (error) {
    if (error instanceof OnnxReadError) {
      process.stderr.write(`modelready graph: ${error.message}\n`);
      return EXIT_FINDINGS;
    }
    throw error;
  }
  if (!model.graph) {
    process.stderr.write(`modelready graph: ${file}: the model holds no graph\n`);
    return EXIT_FINDINGS;
  }
  const findings = analyzeFile(file);
  const graph = new GraphSession(model, findings, { post: () => undefined }).typedMain();
  const skeleton = graph.skeleton();
  const expanded = new Set(
    expand === 'all'
      ? graph.allGroupIds()
      : expand === 'none'
        ? [0]
        : expand === 'auto'
          ? skeleton.initiallyExpanded
          : [0, ...graph.groupsToDepth(expand)],
  );
  const scene = await buildScene({
    skeleton,
    content: (id) => graph.content(id),
    expanded,
    layout: async (request) => layoutGroup(request),
  });
  const svg = sceneToSvg(scene, undefined, `${skeleton.title} (${path.basename(file)})`);

  // Temp file + rename: a reader of --out never sees half a file.
  const out = path.resolve(values.out);
  writeFileAtomic(out, svg);
  const drawnNodes = scene.boxes.filter((b) => b.kind === 'node').length;
  const groups = scene.boxes.filter((b) => b.kind === 'group').length;
  process.stdout.write(
    `${out}: ${drawnNodes} nodes and ${groups} collapsed groups drawn (${skeleton.nodeCount} nodes in the model), ${scene.stats.layouts} layouts, largest ${scene.stats.largestLayout}\n`,
  );
  return EXIT_OK;
}
