// `lagrad graph <input>`: the computation graph alone, as DOT, Mermaid, SVG
// or text (drawn in the terminal's width), with values and multipliers when
// --at gives a point. Expressions, programs and network files alike.
import { listRanges } from '../../parse/expr.js';
import { Option, type Command } from 'commander';
import { analyzeExpression } from '../../pipeline.js';
import { deriveProgram, isProgram } from '../../program-pipeline.js';
import { NOTES, type Convention } from '../../render/convention.js';
import { parsedForm } from '../../render/echo.js';
import { graphDot, graphMermaid } from '../../render/graph-formats.js';
import { DEFAULT_WIDTH, drawGraph, MIN_WIDTH } from '../../render/graph-terminal.js';
import { terminalGraphOfProgram, terminalGraphOfView } from '../../render/graph-terminal-data.js';
import type { GraphView } from '../../render/graph-view.js';
import { graphView } from '../../render/graph-view.js';
import { programGraphView } from '../../render/program-graph.js';
import { problemText } from '../../render/program-text.js';
import { UsageError } from '../errors.js';
import { emit, type CliIo, type Output } from '../io.js';
import { conventionFrom, fitConvention, formatOfExtension, inputOptions, integer, nodeLimit, notationOptions, parsePoint, type InputOptions, type NotationOptions } from '../options.js';
import { readAnyInput, readValues } from '../input.js';
import { NODE_NAME_PROGRAM } from './derive.js';

export const GRAPH_FORMATS = ['text', 'dot', 'mermaid', 'svg'] as const;
type GraphFormat = (typeof GRAPH_FORMATS)[number];

/** Options of `derive` that make no sense for a graph. */
const NOT_FOR_GRAPH = new Set(['--format', '--no-check', '--color', '--no-color']);

const GRAPH_EXTENSIONS: Readonly<Record<string, GraphFormat>> = { dot: 'dot', gv: 'dot', mmd: 'mermaid', mermaid: 'mermaid', svg: 'svg', txt: 'text' };

type GraphOptions = Omit<InputOptions, 'format'> & NotationOptions & { format?: GraphFormat; values?: string; width?: number };

function graphFormat(format: GraphFormat | undefined, out: string | undefined): GraphFormat {
  if (format) return format;
  return formatOfExtension(out, GRAPH_EXTENSIONS, 'text');
}

/** The drawing's width: --width, else the terminal's when stdout is one, else 80. */
function drawingWidth(opts: GraphOptions, io: CliIo): number {
  if (opts.width !== undefined) return opts.width;
  if (opts.out === undefined && io.stdout.isTTY === true && io.columns !== undefined && io.columns >= MIN_WIDTH) return io.columns;
  return DEFAULT_WIDTH;
}

async function svgOf(view: GraphView, title: string): Promise<string> {
  const { canDraw, renderGraphSvg } = await import('../../render/graph-svg.js');
  if (!canDraw(view)) {
    throw new UsageError(`the graph has ${view.nodes.length} nodes and ${view.edges.length} edges, too many to lay out as SVG in reasonable time; use --format dot and Graphviz (dot -Tsvg)`);
  }
  return `${renderGraphSvg(view, { title })}\n`;
}

/** A program's graph: its variables as nodes; values, multipliers and gradients in the text drawing when --at or --values gives the point. */
async function programGraph(source: string, format: GraphFormat, opts: GraphOptions, conv: Convention, io: CliIo): Promise<{ output: string; code: number }> {
  if (conv.node !== NOTES.node) throw new UsageError(NODE_NAME_PROGRAM);
  const atPoint = opts.at !== undefined || opts.values !== undefined;
  const analysis = deriveProgram(source, {
    values: readValues(opts.values, io), at: opts.at === undefined ? undefined : parsePoint(opts.at), wrt: opts.wrt, constants: opts.const,
    seed: opts.seed, check: false, maxDepth: opts.maxDepth,
  });
  const view = programGraphView(analysis.derivation, { conv });
  let output: string;
  if (format === 'dot') output = graphDot(view);
  else if (format === 'mermaid') output = graphMermaid(view);
  else if (format === 'text') output = drawGraph(terminalGraphOfProgram(analysis, view, conv, atPoint), drawingWidth(opts, io));
  else output = await svgOf(view, `Computation graph of the program (objective ${analysis.program.objective})`);
  const problem = atPoint && analysis.problem !== null;
  if (problem) io.stderr.write(`lagrad: ${problemText(analysis)}\n`);
  return { output, code: problem ? 1 : 0 };
}

export function registerGraph(program: Command, io: CliIo, exit: { code: number }): void {
  const cmd = program
    .command('graph')
    .description('the computation graph: nodes z_i = f_i, edges labelled ∂f_i/∂z_j, values and multipliers at --at; drawn in the terminal, or as DOT, Mermaid, SVG')
    .argument('[input]', "expression, program (statements separated by ; or newlines), a network file NAME.yaml, or '-' for stdin");
  for (const option of inputOptions()) if (!NOT_FOR_GRAPH.has(option.long ?? '')) cmd.addOption(option);
  cmd.addOption(new Option('--format <format>', 'output format (default: from the extension of --out, else text: the graph drawn)').choices(GRAPH_FORMATS));
  cmd.addOption(new Option('--width <columns>', `columns of the text drawing (default: the terminal's, ${DEFAULT_WIDTH} when the output is not a terminal)`).argParser(integer('--width', MIN_WIDTH, 1000)));
  cmd.addOption(new Option('--values <file>', 'values of a program\'s params and data (JSON, nested arrays row-major), shown in the drawing'));
  for (const option of notationOptions()) cmd.addOption(option);
  cmd.action(async (arg: string | undefined, opts: GraphOptions) => {
    const format = graphFormat(opts.format, opts.out);
    const requested = conventionFrom(opts);
    const input = await readAnyInput(arg, opts.file, io);
    let output: Output;
    let code: number;
    if (input.kind === 'network' || isProgram(input.source)) {
      ({ output, code } = await programGraph(input.kind === 'network' ? input.program : input.source, format, opts, requested, io));
    } else {
      if (opts.values !== undefined) throw new UsageError('--values applies to programs; for an expression use --at');
      const source = input.source;
      const at = parsePoint(opts.at);
      if (listRanges(source) !== null) throw new UsageError('lagrad graph takes one expression, a program or a network; a list [y1, y2, …] is derived by lagrad derive, each output on its own, then the Jacobian');
      const analysis = analyzeExpression(source, { at, wrt: opts.wrt, constants: opts.const, seed: opts.seed, check: false, maxDepth: opts.maxDepth, nodeLimit: nodeLimit('text') });
      const conv = fitConvention(requested, opts, [...analysis.derivation.graph.inputs, ...analysis.derivation.graph.constants]);
      // Values belong to a point the user chose; without --at the graph is the structure alone.
      const view = graphView(analysis.derivation, { conv, ...(at.size > 0 ? { values: analysis.point.z, mu: analysis.mu } : {}) });
      if (format === 'dot') output = graphDot(view);
      else if (format === 'mermaid') output = graphMermaid(view);
      else if (format === 'text') output = drawGraph(terminalGraphOfView(view), drawingWidth(opts, io));
      else output = await svgOf(view, `Computation graph of f = ${parsedForm(analysis.parsed)}`);
      // At a point without a derivative the graph is drawn, its multipliers are NaN, and the exit is 1, as for derive.
      const problem = at.size > 0 ? analysis.point.problem : null;
      if (problem) io.stderr.write(`lagrad: the point has no derivative at node z${problem.node}: ${problem.why}\n`);
      code = problem ? 1 : 0;
    }
    await emit(io, opts.out, output);
    exit.code = code;
  });
}
