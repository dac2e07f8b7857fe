// A handout: one or more derivations numbered in one document, the
// convention stated once, in the full, the student's or the answer key's
// edition. Builds the document model of render/document.ts.
import { symbolLatex } from '../model/notation.js';
import type { Analysis } from '../pipeline.js';
import type { ProgramAnalysis } from '../program-pipeline.js';
import { conventionLatex, isNotes, multiplierSymbol, NOTES, type Convention } from './convention.js';
import { DEFAULT_BLANKS, problemBlanksSentence, sameBlanks, studentInstructions, type Blanks } from './blanks.js';
import { parsedForm } from './echo.js';
import { math, text, type Block, type Edition, type HandoutDoc, type Inline } from './document.js';
import { problemBlocks } from './problem-blocks.js';
import { pathBlocks } from './path-blocks.js';
import type { PathSums } from '../derive/paths.js';
import { programBlocks, programConvention } from './program-blocks.js';
import { nameOf } from './print.js';
import { traceBlocks } from './trace-blocks.js';
import { DRAW_LIMIT } from './graph-svg.js';
import type { ProgramTrace } from '../tensor/trace.js';
import type { Trace } from '../verify/trace.js';
import type { AnyTrace } from './trace-rows.js';

/**
 * A problem of a handout: an expression's analysis, or a program's (`network`:
 * compiled from the network shorthand). `blanks`: what its student edition
 * leaves blank, over the document's.
 */
export type ProblemInput =
  | {
    readonly analysis: Analysis; readonly title?: string; readonly prose?: string; readonly blanks?: Blanks;
    /** `show: [trace]`: the evaluation trace at the problem's point, after the derivation. */
    readonly trace?: Trace;
    /** `derive --paths`: note 004's path sums at the problem's point (src/derive/paths.ts), after the derivation. */
    readonly paths?: PathSums;
  }
  | {
    readonly program: ProgramAnalysis; readonly network?: boolean; readonly title?: string; readonly prose?: string; readonly blanks?: Blanks;
    /** `show: [trace]`: the program's evaluation trace at its values, after the derivation. */
    readonly trace?: ProgramTrace;
  };

export interface DocOptions {
  readonly title?: string;
  readonly intro?: string;
  readonly conv?: Convention;
  /** student: backward recursions, gradients and the check left blank. key: the full answers, titled as a key. */
  readonly edition?: Edition | 'key';
  /** What the student edition leaves blank (default: the backward pass and the gradient). */
  readonly blanks?: Blanks;
  /** Draw the graph of problems up to this many nodes (default 40); larger ones get a table only. */
  readonly drawLimit?: number;
}

/** The convention, stated once at the top of a document. */
export function conventionStatement(conv: Convention): Inline[] {
  const l = conventionLatex(conv);
  const m = multiplierSymbol(conv, 'latex');
  return [
    text(isNotes(conv) ? 'Sign convention of the notes: ' : 'Convention: '),
    math(l.lagrangian),
    text(`, with one multiplier per constraint${conv.multiplier === 'beta' ? ' (the consumers of node j are written ch(j))' : ''}. Then `),
    math(l.outputMultiplier),
    text(' and '),
    math(l.theorem),
    text(`${conv.sign === '+' ? ': with the + sign every multiplier is the negative of the derivative' : ''}. The inputs `),
    math('\\theta'),
    text(' are free: '),
    math(`\\partial\\mathcal{L}/\\partial ${m}_i = 0`),
    text(' and '),
    math(`\\partial\\mathcal{L}/\\partial ${conv.node}_j = 0`),
    text(' are imposed, '),
    math('\\partial\\mathcal{L}/\\partial\\theta'),
    text(' is not.'),
    ...movedLetters(conv),
  ];
}

/** Which letters were moved off the input's names, and why (render/convention.ts's fitNotation). */
export function movedLetters(conv: Convention): Inline[] {
  const moved = conv.moved;
  if (!moved) return [];
  const parts: Inline[][] = [];
  if (moved.node !== undefined) parts.push([text('the nodes are '), math(`${conv.node}_i`), text(' because the input has '), math(symbolLatex(moved.node))]);
  if (moved.multiplier !== undefined) parts.push([text('the multipliers are '), math(`${multiplierSymbol(conv, 'latex')}_i`), text(' because the input has '), math(symbolLatex(moved.multiplier))]);
  const out: Inline[] = [];
  parts.forEach((p, k) => out.push(text(k === 0 ? ' Here ' : ', and '), ...p));
  if (out.length) out.push(text('.'));
  return out;
}

/** A formula longer than this (in LaTeX characters) is not used as a heading. */
const TITLE_MATH_MAX = 160;

/** A document of one or more derivations; problems are numbered when there are several or a title is given. */
export function buildDocument(problems: readonly ProblemInput[], options: DocOptions = {}): HandoutDoc {
  const conv = options.conv ?? NOTES;
  const edition = options.edition ?? 'full';
  const numbered = problems.length > 1 || options.title !== undefined;
  const title = options.title ?? 'Backpropagation from the KKT conditions';
  // The convention is stated once: the scalar one when there is an expression
  // (each program then states its own), else the programs' one.
  const objectives = new Set(problems.flatMap((p) => ('program' in p ? [p.program.program.objective] : [])));
  const onlyPrograms = objectives.size > 0 && problems.every((p) => 'program' in p);
  const shared = onlyPrograms && objectives.size === 1 ? [...objectives][0] : undefined;
  const blanksOf = (p: ProblemInput): Blanks => p.blanks ?? options.blanks ?? DEFAULT_BLANKS;
  const first = problems[0] === undefined ? DEFAULT_BLANKS : blanksOf(problems[0]);
  const perProblem = problems.some((p) => !sameBlanks(blanksOf(p), first));
  // When the problems leave different parts blank, each says which.
  const blanksLead = (p: ProblemInput): Block[] =>
    edition === 'student' && perProblem ? [{ kind: 'para', content: [text(problemBlanksSentence(blanksOf(p)))] }] : [];
  return {
    title: edition === 'key' ? `${title}: answer key` : title,
    intro: paragraphsOf(options.intro),
    convention: onlyPrograms ? programConvention(shared, undefined, conv) : conventionStatement(conv),
    conv,
    edition,
    ...(edition === 'student' ? { instructions: studentInstructions(first, perProblem) } : {}),
    problems: problems.map((p, k) => {
      const number = numbered ? k + 1 : undefined;
      const tagPrefix = number === undefined ? '' : `${number}.`;
      if ('program' in p) {
        const a = p.program;
        const obj = a.program.objective;
        const built = programBlocks(a, { student: edition === 'student', blanks: blanksOf(p), tagPrefix, drawLimit: options.drawLimit ?? DRAW_LIMIT, conv, ...(p.network ? { network: true as const } : {}) });
        const lead: Block[] = onlyPrograms
          ? shared === undefined ? [{ kind: 'para', content: [text('Here '), math(`\\ell = ${nameOf(obj, 'latex')}`), text('.')] }] : []
          : [{ kind: 'para', content: programConvention(obj, `For this ${p.network ? 'network' : 'program'}, the ${isNotes(conv) ? 'convention of the notes' : 'same convention'} in matrix form: `, conv) }];
        const what = p.network ? 'Network' : 'Program';
        return {
          ...(number === undefined ? {} : { number }),
          title: p.title !== undefined ? [text(p.title)] : number === undefined ? [] : [text(`${what}, objective `), math(nameOf(obj, 'latex'))],
          plainTitle: p.title ?? `${what}, objective ${obj}`,
          prose: paragraphsOf(p.prose),
          blocks: [
            ...blanksLead(p), ...lead, ...built.blocks,
            ...(p.trace ? traceBlocks(a, p.trace, { conv, inHandout: true, ...(edition === 'student' ? { blanks: blanksOf(p) } : {}) }) : []),
          ],
          size: a.program.declarations.length + a.program.statements.length,
          checkFailed: built.checkFailed,
        };
      }
      const built = problemBlocks(p.analysis, {
        conv,
        student: edition === 'student',
        blanks: blanksOf(p),
        tagPrefix,
        drawLimit: options.drawLimit ?? DRAW_LIMIT,
      });
      const f = `f = ${parsedForm(p.analysis.parsed)}`;
      return {
        ...(number === undefined ? {} : { number }),
        // A single derivation without a title needs no heading: its first paragraph states f.
        title: p.title !== undefined ? [text(p.title)] : number === undefined ? [] : built.fLatex.length <= TITLE_MATH_MAX ? [math(`f = ${built.fLatex}`)] : [text('f')],
        plainTitle: p.title ?? (f.length <= TITLE_MATH_MAX ? f : 'f'),
        prose: paragraphsOf(p.prose),
        blocks: [
          ...blanksLead(p),
          ...built.blocks,
          ...(p.trace ? traceBlocks(p.analysis, p.trace, { conv, inHandout: true, ...(edition === 'student' ? { blanks: blanksOf(p) } : {}) }) : []),
          // The paths' products and sums give the gradient away: the full edition and the key only.
          ...(p.paths && edition !== 'student' ? pathBlocks(p.analysis, p.paths, conv) : []),
        ],
        size: p.analysis.derivation.graph.m,
        checkFailed: built.checkFailed,
      };
    }),
  };
}

/** `lagrad trace --format latex|html|md`: the evaluation trace alone, as a document (an expression's, or a program's). */
export function buildTraceDocument(a: Analysis | ProgramAnalysis, trace: AnyTrace, conv: Convention = NOTES): HandoutDoc {
  if (trace.kind === 'program') {
    const pa = a as ProgramAnalysis;
    return {
      title: 'The evaluation trace',
      intro: [],
      convention: programConvention(pa.program.objective, undefined, conv),
      conv,
      edition: 'full',
      problems: [{
        title: [],
        plainTitle: pa.program.objective,
        prose: [],
        blocks: traceBlocks(pa, trace, { conv }),
        size: pa.program.declarations.length + pa.program.statements.length,
        checkFailed: pa.problem !== null,
      }],
    };
  }
  const ea = a as Analysis;
  return buildExpressionTraceDocument(ea, trace, conv);
}

function buildExpressionTraceDocument(a: Analysis, trace: Trace, conv: Convention): HandoutDoc {
  const f = `f = ${parsedForm(a.parsed)}`;
  return {
    title: 'The evaluation trace',
    intro: [],
    convention: conventionStatement(conv),
    conv,
    edition: 'full',
    problems: [{
      title: [],
      plainTitle: f.length <= TITLE_MATH_MAX ? f : 'f',
      prose: [],
      blocks: traceBlocks(a, trace, { conv }),
      size: a.derivation.graph.m,
      checkFailed: a.point.problem !== null,
    }],
  };
}

/** Paragraphs of prose: split at blank lines, the lines of a paragraph joined. */
export function paragraphsOf(s: string | undefined): string[] {
  if (!s) return [];
  return s
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((p) => p.split('\n').map((l) => l.trim()).join(' ').trim())
    .filter((p) => p.length > 0);
}
