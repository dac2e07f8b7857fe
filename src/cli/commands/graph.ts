// `lagrad graph <input>`: the computation graph alone, as DOT, Mermaid, SVG
// or text, with values and multipliers when --at gives a point.
import { Option, type Command } from 'commander';
import { analyzeExpression } from '../../pipeline.js';
import { parsedForm } from '../../render/echo.js';
import { graphDot, graphMermaid, graphText } from '../../render/graph-formats.js';
import { graphView } from '../../render/graph-view.js';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { conventionFrom, fitConvention, formatOfExtension, inputOptions, nodeLimit, notationOptions, parsePoint, type InputOptions, type NotationOptions } from '../options.js';
import { readInput } from '../input.js';

export const GRAPH_FORMATS = ['text', 'dot', 'mermaid', 'svg'] as const;
type GraphFormat = (typeof GRAPH_FORMATS)[number];

/** Options of `derive` that make no sense for a graph. */
const NOT_FOR_GRAPH = new Set(['--format', '--no-check', '--color', '--no-color']);

const GRAPH_EXTENSIONS: Readonly<Record<string, GraphFormat>> = { dot: 'dot', gv: 'dot', mmd: 'mermaid', mermaid: 'mermaid', svg: 'svg', txt: 'text' };

function graphFormat(format: GraphFormat | undefined, out: string | undefined): GraphFormat {
  if (format) return format;
  return formatOfExtension(out, GRAPH_EXTENSIONS, 'text');
}

export function registerGraph(program: Command, io: CliIo, exit: { code: number }): void {
  const cmd = program
    .command('graph')
    .description('the computation graph: nodes z_i = f_i, edges labelled ∂f_i/∂z_j, values and multipliers at --at')
    .argument('[input]', "expression, or '-' to read it from stdin");
  for (const option of inputOptions()) if (!NOT_FOR_GRAPH.has(option.long ?? '')) cmd.addOption(option);
  cmd.addOption(new Option('--format <format>', 'output format (default: from the extension of --out, else text)').choices(GRAPH_FORMATS));
  for (const option of notationOptions()) cmd.addOption(option);
  cmd.action(async (arg: string | undefined, opts: Omit<InputOptions, 'format'> & NotationOptions & { format?: GraphFormat }) => {
    const format = graphFormat(opts.format, opts.out);
    const requested = conventionFrom(opts);
    const source = await readInput(arg, opts.file, io);
    const at = parsePoint(opts.at);
    const analysis = analyzeExpression(source, { at, wrt: opts.wrt, constants: opts.const, seed: opts.seed, check: false, maxDepth: opts.maxDepth, nodeLimit: nodeLimit('text') });
    const conv = fitConvention(requested, opts, [...analysis.derivation.graph.inputs, ...analysis.derivation.graph.constants]);
    // Values belong to a point the user chose; without --at the graph is the structure alone.
    const view = graphView(analysis.derivation, { conv, ...(at.size > 0 ? { values: analysis.point.z, mu: analysis.mu } : {}) });
    let output: string;
    if (format === 'dot') output = graphDot(view);
    else if (format === 'mermaid') output = graphMermaid(view);
    else if (format === 'text') output = graphText(view);
    else {
      const { canDraw, renderGraphSvg } = await import('../../render/graph-svg.js');
      if (!canDraw(view)) {
        throw new UsageError(`the graph has ${view.nodes.length} nodes and ${view.edges.length} edges, too many to lay out as SVG in reasonable time; use --format dot and Graphviz (dot -Tsvg)`);
      }
      output = `${renderGraphSvg(view, { title: `Computation graph of f = ${parsedForm(analysis.parsed)}` })}\n`;
    }
    if (opts.out !== undefined) io.writeFile(opts.out, output);
    else io.stdout.write(output);
    // At a point without a derivative the graph is drawn, its multipliers are NaN, and the exit is 1, as for derive.
    const problem = at.size > 0 ? analysis.point.problem : null;
    if (problem) io.stderr.write(`lagrad: the point has no derivative at node z${problem.node}: ${problem.why}\n`);
    exit.code = problem ? 1 : 0;
  });
}
