// Reports of `lagrad check`: terminal text and the JSON schema
// `lagrad/check@1` (DESIGN.md section 5), from the same verdicts.
import type { ClaimConvention } from '../claims/claim.js';
import type { Diagnosis } from '../claims/diagnose.js';
import type { ClaimVerdict } from '../claims/verdict.js';
import type { Derivation } from '../derive/derive.js';
import { unrollGradient } from '../derive/unroll.js';
import type { NodeId } from '../ir/types.js';
import type { ClaimsResult, Graded } from '../pipeline.js';
import { subscript } from '../model/notation.js';
import { conventionText, isNotes, multiplierSymbol, muSign, NOTES, type Convention } from './convention.js';
import { parsedForm } from './echo.js';
import { Equations } from './equations.js';
import { obj, objFrom, num, writeJson, type Json, type JsonObject } from './json-writer.js';
import { ASCII, expressionPrinter, printExpr, UNICODE, type Printer, type PrintStyle } from './print.js';
import { formatValue, type Theme, PLAIN_THEME } from './text.js';

export const CHECK_SCHEMA = 'lagrad/check@1';

/** The convention claims are judged in (claims/claim.ts), from a document convention: its symbol and sign. */
export function claimConvention(c: Convention): ClaimConvention {
  return { multiplier: { ascii: multiplierSymbol(c, 'ascii'), unicode: multiplierSymbol(c, 'unicode') }, sign: muSign(c) };
}

/** The line a report states its convention in, when it is not the notes'; null for the notes'. */
export function conventionLine(c: Convention | undefined): string | null {
  if (c === undefined || isNotes({ ...c, node: 'z' })) return null;
  return `claims judged in the ${conventionText({ ...c, node: 'z' }).lagrangian}`;
}

/** `{"multiplier": "beta", "sign": "+"}`: the convention a JSON report's claims were judged in. */
export function conventionJson(c: Convention = NOTES): JsonObject {
  return obj(['multiplier', c.multiplier], ['sign', c.sign]);
}

/** Beyond this many IR nodes (as a tree), a node is not written out in the inputs. */
const SPELLED_MAX_NODES = 24;
/** Beyond this many characters, neither. */
const SPELLED_MAX_CHARS = 72;
const described = new WeakMap<Derivation, { eq: Equations; spell: Printer; text: Map<number, string> }>();

/**
 * Node i as a diagnosis names it in text, as derive writes it, with what it
 * computes in the inputs so that no one needs to run derive to read it:
 * `z₃ = z₁·z₂, that is x·sin(x)` (the second part left out when long).
 */
export function describeClaimNode(der: Derivation, i: number): string {
  let cache = described.get(der);
  if (!cache) described.set(der, (cache = { eq: new Equations(der, UNICODE), spell: expressionPrinter(der.graph.builder, UNICODE), text: new Map() }));
  let s = cache.text.get(i);
  if (s === undefined) {
    const own = cache.eq.constraint(i);
    const spelled = spelledOut(der, i, cache.spell);
    s = spelled !== null && spelled !== cache.eq.f(i) ? `${own}, that is ${spelled}` : own;
    cache.text.set(i, s);
  }
  return s;
}

/** z_i written in the inputs (the forward equations substituted), or null when it is large. */
function spelledOut(der: Derivation, i: number, printer: Printer): string | null {
  const { graph } = der;
  const b = graph.builder;
  // The tree's size with repetition, counted iteratively and given up past the limit: a deep graph never recurses.
  let count = 0;
  const stack: NodeId[] = [graph.nodes[i]!.f!];
  while (stack.length > 0) {
    const n = b.node(stack.pop()!);
    if (n.kind === 'ref' && graph.nodes[n.index]!.kind !== 'input') {
      stack.push(graph.nodes[n.index]!.f!);
      continue;
    }
    if (++count > SPELLED_MAX_NODES) return null;
    if (n.kind === 'op') for (const a of n.args) stack.push(a);
  }
  const memo = new Map<NodeId, NodeId>();
  const subst = (id: NodeId): NodeId => {
    const hit = memo.get(id);
    if (hit !== undefined) return hit;
    const n = b.node(id);
    const node = n.kind === 'ref' ? graph.nodes[n.index]! : null;
    const out = node ? (node.kind === 'input' ? b.sym(node.name!) : subst(node.f!)) : n.kind === 'op' ? b.call(n.op, ...n.args.map(subst)) : id;
    memo.set(id, out);
    return out;
  };
  const text = printer.print(subst(graph.nodes[i]!.f!));
  return text.length > SPELLED_MAX_CHARS ? null : text;
}

/** `∂f/∂x1` or `μ₃`, `β₃` (Unicode) / `df/dx1`, `mu3`, `beta3` (ASCII). */
export function targetName(v: ClaimVerdict, style: PrintStyle): string {
  const uni = style.text === 'unicode';
  if (v.claim.kind === 'grad') return uni ? `∂f/∂${v.claim.label}` : `df/d${v.claim.label}`;
  const m = v.claim.convention.multiplier;
  return uni ? `${m.unicode}${subscript(v.claim.node)}` : `${m.ascii}${v.claim.node}`;
}

/** A diagnosis's message, with what gives the answer away when --show-answer asks for it. */
export function diagnosisMessage(d: Pick<Diagnosis, 'message'> & { readonly answer?: string }, options: ReportOptions): string {
  return options.showAnswer && d.answer !== undefined ? `${d.message}; ${d.answer}` : d.message;
}

/** The counterexample's point as `--at` takes it, in full precision: `x1=2,x2=5`. */
export function atText(values: ReadonlyMap<string, number>): string {
  return [...values].map(([k, v]) => `${k}=${v}`).join(',');
}

/** The correct answer, for --show-answer: a formula in θ for small graphs, else the derived equation. */
export function answerText(der: Derivation, v: ClaimVerdict, style: PrintStyle, conv: Convention = NOTES): string {
  const eq = new Equations(der, style, { ...conv, node: 'z' });
  if (v.claim.kind === 'grad') {
    const unrolled = unrollGradient(der)?.find((u) => u.node === v.claim.node);
    if (unrolled) return eq.expr(unrolled.inTheta);
    return eq.gradient(der.gradient[v.claim.node - 1]!).replace(/^[^=]*= /, '');
  }
  const step = der.backward.find((s) => s.node === v.claim.node)!;
  return step.rule === 'kkt.output' ? '1' : eq.adjoint(step).replace(/^[^=]*= /, '');
}

function pointText(values: ReadonlyMap<string, number>): string {
  return [...values].map(([k, v]) => `${k} = ${formatValue(v)}`).join(', ');
}

export interface ReportOptions {
  readonly showAnswer?: boolean;
  /** The convention the claims were judged in (default the notes'): stated when it is another. */
  readonly convention?: Convention;
}

export function renderCheckText(r: ClaimsResult, options: ReportOptions = {}, theme: Theme = PLAIN_THEME): string {
  const out: string[] = [];
  const given = r.contexts.filter((c) => c.origin === 'given').length;
  const random = r.contexts.length - given;
  out.push(`${theme.heading('f')} = ${parsedForm(r.parsed)}`);
  out.push(theme.dim(`compared at ${r.contexts.length} points: ${given} given (--at), ${random} seeded random inside the domain`));
  const conv = conventionLine(options.convention);
  if (conv !== null) out.push(theme.dim(conv));
  for (const p of r.skipped) out.push(theme.dim(`skipped ${pointText(p.values)}: ${p.problem?.kind === 'zero-factor' ? 'the grouped derivation has no value there' : 'the derivative is not defined there'} (${p.problem?.why})`));
  for (const v of r.verdicts) {
    const claimed = printExpr(v.claim.builder, v.claim.root, UNICODE);
    out.push('', `${v.ok ? theme.ok('✓') : theme.bad('✗')} ${targetName(v, UNICODE)} = ${claimed}`);
    if (v.ok) {
      out.push(theme.dim(`    equal to the derivative at all ${v.points} points`));
    } else {
      const c = v.counterexample;
      if (c) {
        const value = c.undefinedWhy ? `undefined (${c.undefinedWhy})` : formatValue(c.claimed);
        out.push(`    counterexample: at ${pointText(c.ctx.point.values)}: yours ${value}, correct ${formatValue(c.truth)}`);
      }
      if (v.diagnosis) out.push(`    ${c ? 'diagnosis' : 'not checked'}: ${diagnosisMessage(v.diagnosis, options)}`);
    }
    if (options.showAnswer) out.push(theme.dim(`    answer: ${targetName(v, UNICODE)} = ${answerText(r.derivation, v, UNICODE, options.convention)}`));
  }
  const wrong = r.verdicts.filter((v) => !v.ok).length;
  out.push('');
  if (wrong === 0) out.push(theme.ok(`✓ ${r.verdicts.length === 1 ? 'the claim holds' : `all ${r.verdicts.length} claims hold`}`));
  else {
    const first = r.verdicts[r.firstWrong!]!;
    const where = r.verdicts.length > 1 ? `; the first to go wrong, in reverse topological order: ${targetName(first, UNICODE)}` : '';
    out.push(theme.bad(`✗ ${wrong} of ${r.verdicts.length} claim${r.verdicts.length === 1 ? '' : 's'} wrong${where}`));
  }
  return `${out.join('\n')}\n`;
}

function verdictJson(r: ClaimsResult, v: ClaimVerdict, options: ReportOptions): JsonObject {
  const c = v.counterexample;
  const d = v.diagnosis;
  return obj(
    ['target', v.claim.label],
    ['claimed', v.claim.spec.text],
    ['ok', v.ok],
    c && ['counterexample', obj(
      ['point', objFrom([...c.ctx.point.values].map(([k, x]) => [k, num(x)] as const))],
      ['claimed', num(c.claimed)],
      ['correct', num(c.truth)],
      c.undefinedWhy !== null && ['why', c.undefinedWhy],
    )],
    d && ['diagnosis', obj(
      ['kind', d.kind],
      ['message', diagnosisMessage(d, options)],
      d.factor !== undefined && ['factor', num(d.factor)],
      d.edge && ['edge', obj(['from', `z${d.edge[1]}`], ['to', `z${d.edge[0]}`])],
      d.variable !== undefined && ['variable', d.variable],
      d.missing !== undefined && ['missing', d.missing],
      (d.edge || d.node !== undefined) && ['statement', describeClaimNode(r.derivation, d.edge ? d.edge[0] : d.node!)],
    )],
    ['points', v.points],
    options.showAnswer && ['answer', answerText(r.derivation, v, ASCII, options.convention)],
  );
}

export function toCheckJson(r: ClaimsResult, options: ReportOptions = {}): JsonObject {
  const first = r.firstWrong === null ? null : r.verdicts[r.firstWrong]!.claim.label;
  return obj(
    ['schema', CHECK_SCHEMA],
    ['ok', r.ok],
    ['claims', r.verdicts.map((v): Json => verdictJson(r, v, options))],
    ['source', r.source],
    ['firstWrong', first],
    ['convention', conventionJson(options.convention)],
  );
}

export function renderCheckJson(r: ClaimsResult, options: ReportOptions = {}): string {
  return `${writeJson(toCheckJson(r, options))}\n`;
}

/**
 * One CSV cell. A cell that begins with =, +, -, @, a tab or a carriage
 * return would be run as a formula by a spreadsheet (CSV injection): as
 * OWASP recommends, it is prefixed with a single quote and quoted. Other
 * cells are quoted only when RFC 4180 needs it (a comma, a quote, a line break).
 */
export function csvField(s: string): string {
  if (/^[=+\-@\t\r]/.test(s)) return `"'${s.replaceAll('"', '""')}"`;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Beyond this many entries, a program's CSV point cell names the point (origin, index) instead of listing it. */
export const csvPointLimit = 200;

/** What the CSV report needs of a graded submission, scalar or matrix. */
export interface GradedRow {
  readonly submission: { readonly id: string; readonly target: string };
  readonly verdict: { readonly ok: boolean; readonly diagnosis: { readonly kind: string; readonly message: string; readonly answer?: string } | null } | null;
  readonly error: string | null;
  /** The counterexample's point, as the CSV writes it ('' when none). */
  readonly point?: string;
}

/**
 * The batch report as CSV: id,target,ok,diagnosis,message,point, one row per
 * submission; `point` is the counterexample's point (as --at takes it for an
 * expression, as --values takes it for a program), so that it can be reproduced.
 */
export function renderBatchCsv(graded: readonly GradedRow[], options: ReportOptions = {}): string {
  const lines = ['id,target,ok,diagnosis,message,point'];
  for (const { submission, verdict, error, point } of graded) {
    const kind = error !== null ? 'invalid' : verdict!.ok ? '' : verdict!.diagnosis?.kind ?? '';
    const message = error ?? (verdict!.ok || !verdict!.diagnosis ? '' : diagnosisMessage(verdict!.diagnosis, options));
    lines.push([submission.id, submission.target, verdict?.ok ? 'true' : 'false', kind, message, point ?? ''].map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** The graded submissions of an expression with their counterexamples' points, for the CSV report. */
export function withPoints(graded: readonly Graded[]): GradedRow[] {
  return graded.map((g) => ({ ...g, point: g.verdict?.counterexample ? atText(g.verdict.counterexample.ctx.point.values) : '' }));
}

/** The batch report as JSON, schema `lagrad/check-batch@1`. */
export function renderBatchJson(source: string, der: Derivation, graded: readonly Graded[], ok: boolean, options: ReportOptions = {}): string {
  const submissions: Json[] = graded.map(({ submission, verdict: v, error }) => obj(
    ['id', submission.id],
    ['target', submission.target],
    ['claimed', submission.claim],
    ['ok', v?.ok ?? false],
    error !== null && ['error', error],
    v?.counterexample && ['counterexample', obj(
      ['claimed', num(v.counterexample.claimed)],
      ['correct', num(v.counterexample.truth)],
      ['point', objFrom([...v.counterexample.ctx.point.values].map(([k, x]) => [k, num(x)] as const))],
    )],
    v?.diagnosis && ['diagnosis', obj(['kind', v.diagnosis.kind], ['message', diagnosisMessage(v.diagnosis, options)])],
    options.showAnswer === true && v !== null && ['answer', answerText(der, v, ASCII, options.convention)],
  ));
  return batchJson(source, submissions, ok, options.convention);
}

export function batchJson(source: string, submissions: readonly Json[], ok: boolean, convention?: Convention): string {
  return `${writeJson(obj(['schema', 'lagrad/check-batch@1'], ['ok', ok], ['source', source], ['submissions', submissions], ['convention', conventionJson(convention)]))}\n`;
}
