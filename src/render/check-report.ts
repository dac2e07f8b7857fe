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
import { formatValue, type Theme, PLAIN_THEME } from './text-writer.js';

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

/**
 * What a report says of one kind of claim (an expression's, a program's):
 * the rest of every report, text and JSON, is the same for both kinds and
 * written once below.
 */
export interface ClaimReportKind<R extends ClaimsReport<V>, V extends ReportedVerdict> {
  /** The lines before the claims: what is checked, the points, the convention, the skipped points. */
  header(r: R, options: ReportOptions, theme: Theme): string[];
  /** `∂f/∂x1`, `μ₃` / `∂loss/∂W`, `μ_z` (Unicode); `df/dx1`, `mu3` (ASCII). */
  target(r: R, v: V, unicode: boolean): string;
  /** The claim as the text report echoes it. */
  claimed(v: V): string;
  /** What a claim that holds is equal to, before `at all N points`. */
  readonly holds: string;
  /** The counterexample's lines (none when there is no value to show). */
  counterexample(v: V, theme: Theme): string[];
  /** The correct answer, for --show-answer. */
  answer(r: R, v: V, unicode: boolean, conv?: Convention): string;
  /** A counterexample in JSON. */
  counterexampleJson(v: V): JsonObject;
  /** A diagnosis's JSON entries after kind, message and factor. */
  diagnosisJson(r: R, d: NonNullable<V['diagnosis']>): (readonly [string, Json] | false | undefined)[];
  /** A counterexample in a batch report (null: none to show). */
  batchCounterexample(v: V): JsonObject | null;
}

/** What the one renderer reads of a verdict. */
export interface ReportedVerdict {
  readonly claim: { readonly label: string; readonly spec: { readonly text: string } };
  readonly ok: boolean;
  readonly points: number;
  readonly counterexample: unknown;
  readonly diagnosis: (Pick<Diagnosis, 'message'> & { readonly kind: string; readonly factor?: number; readonly answer?: string }) | null;
}

/** What the one renderer reads of a result. */
export interface ClaimsReport<V> {
  readonly source: string;
  readonly verdicts: readonly V[];
  readonly firstWrong: number | null;
  readonly ok: boolean;
}

/** The terminal report of `lagrad check`, for either kind. */
export function checkReportText<R extends ClaimsReport<V>, V extends ReportedVerdict>(kind: ClaimReportKind<R, V>, r: R, options: ReportOptions = {}, theme: Theme = PLAIN_THEME): string {
  const out = kind.header(r, options, theme);
  for (const v of r.verdicts) {
    out.push('', `${v.ok ? theme.ok('✓') : theme.bad('✗')} ${kind.target(r, v, true)} = ${kind.claimed(v)}`);
    if (v.ok) out.push(theme.dim(`    ${kind.holds} at all ${v.points} points`));
    else {
      if (v.counterexample) out.push(...kind.counterexample(v, theme));
      if (v.diagnosis) out.push(`    ${v.counterexample ? 'diagnosis' : 'not checked'}: ${diagnosisMessage(v.diagnosis, options)}`);
    }
    if (options.showAnswer) out.push(theme.dim(`    answer: ${kind.target(r, v, true)} = ${kind.answer(r, v, true, options.convention)}`));
  }
  const wrong = r.verdicts.filter((v) => !v.ok).length;
  out.push('');
  if (wrong === 0) out.push(theme.ok(`✓ ${r.verdicts.length === 1 ? 'the claim holds' : `all ${r.verdicts.length} claims hold`}`));
  else {
    const first = r.verdicts[r.firstWrong!]!;
    const where = r.verdicts.length > 1 ? `; the first to go wrong, in reverse topological order: ${kind.target(r, first, true)}` : '';
    out.push(theme.bad(`✗ ${wrong} of ${r.verdicts.length} claim${r.verdicts.length === 1 ? '' : 's'} wrong${where}`));
  }
  return `${out.join('\n')}\n`;
}

/** `lagrad/check@1`, for either kind. */
export function checkReportJson<R extends ClaimsReport<V>, V extends ReportedVerdict>(kind: ClaimReportKind<R, V>, r: R, options: ReportOptions = {}): JsonObject {
  const verdictJson = (v: V): JsonObject => {
    const d = v.diagnosis as NonNullable<V['diagnosis']> | null;
    return obj(
      ['target', v.claim.label],
      ['claimed', v.claim.spec.text],
      ['ok', v.ok],
      v.counterexample ? ['counterexample', kind.counterexampleJson(v)] : null,
      d && ['diagnosis', obj(
        ['kind', d.kind],
        ['message', diagnosisMessage(d, options)],
        d.factor !== undefined && ['factor', num(d.factor)],
        ...kind.diagnosisJson(r, d),
      )],
      ['points', v.points],
      options.showAnswer && ['answer', kind.answer(r, v, false, options.convention)],
    );
  };
  const first = r.firstWrong === null ? null : r.verdicts[r.firstWrong]!.claim.label;
  return obj(
    ['schema', CHECK_SCHEMA],
    ['ok', r.ok],
    ['claims', r.verdicts.map(verdictJson)],
    ['source', r.source],
    ['firstWrong', first],
    ['convention', conventionJson(options.convention)],
  );
}

/** A graded submission, of either kind. */
export interface GradedOf<V> {
  readonly submission: { readonly id: string; readonly target: string; readonly claim: string };
  readonly verdict: V | null;
  readonly error: string | null;
}

/** The batch report as JSON, schema `lagrad/check-batch@1`, for either kind. */
export function batchReportJson<R extends ClaimsReport<V>, V extends ReportedVerdict>(
  kind: ClaimReportKind<R, V>, r: Pick<R, 'source'> & Partial<R>, graded: readonly GradedOf<V>[], ok: boolean, options: ReportOptions = {},
): string {
  const submissions: Json[] = graded.map(({ submission, verdict: v, error }) => {
    const c = v && kind.batchCounterexample(v);
    return obj(
      ['id', submission.id],
      ['target', submission.target],
      ['claimed', submission.claim],
      ['ok', v?.ok ?? false],
      error !== null && ['error', error],
      c && ['counterexample', c],
      v?.diagnosis && ['diagnosis', obj(['kind', v.diagnosis.kind], ['message', diagnosisMessage(v.diagnosis, options)])],
      options.showAnswer === true && v !== null && ['answer', kind.answer(r as R, v, false, options.convention)],
    );
  });
  return `${writeJson(obj(['schema', 'lagrad/check-batch@1'], ['ok', ok], ['source', r.source], ['submissions', submissions], ['convention', conventionJson(options.convention)]))}\n`;
}

/** An expression's claims, as the one report writes them. */
export const EXPRESSION_REPORT: ClaimReportKind<ClaimsResult, ClaimVerdict> = {
  header(r, options, theme) {
    const out: string[] = [];
    const given = r.contexts.filter((c) => c.origin === 'given').length;
    const random = r.contexts.length - given;
    out.push(`${theme.heading('f')} = ${parsedForm(r.parsed)}`);
    out.push(theme.dim(`compared at ${r.contexts.length} points: ${given} given (--at), ${random} seeded random inside the domain`));
    const conv = conventionLine(options.convention);
    if (conv !== null) out.push(theme.dim(conv));
    for (const p of r.skipped) out.push(theme.dim(`skipped ${pointText(p.values)}: ${p.problem?.kind === 'zero-factor' ? 'the grouped derivation has no value there' : 'the derivative is not defined there'} (${p.problem?.why})`));
    return out;
  },
  target: (_r, v, unicode) => targetName(v, unicode ? UNICODE : ASCII),
  claimed: (v) => printExpr(v.claim.builder, v.claim.root, UNICODE),
  holds: 'equal to the derivative',
  counterexample(v) {
    const c = v.counterexample!;
    const value = c.undefinedWhy ? `undefined (${c.undefinedWhy})` : formatValue(c.claimed);
    return [`    counterexample: at ${pointText(c.ctx.point.values)}: yours ${value}, correct ${formatValue(c.truth)}`];
  },
  answer: (r, v, unicode, conv) => answerText(r.derivation, v, unicode ? UNICODE : ASCII, conv),
  counterexampleJson(v) {
    const c = v.counterexample!;
    return obj(
      ['point', objFrom([...c.ctx.point.values].map(([k, x]) => [k, num(x)] as const))],
      ['claimed', num(c.claimed)],
      ['correct', num(c.truth)],
      c.undefinedWhy !== null && ['why', c.undefinedWhy],
    );
  },
  diagnosisJson: (r, d) => [
    d.edge && ['edge', obj(['from', `z${d.edge[1]}`], ['to', `z${d.edge[0]}`])],
    d.variable !== undefined && ['variable', d.variable],
    d.missing !== undefined && ['missing', d.missing],
    (d.edge || d.node !== undefined) && ['statement', describeClaimNode(r.derivation, d.edge ? d.edge[0] : d.node!)],
  ],
  batchCounterexample(v) {
    const c = v.counterexample;
    return c && obj(['claimed', num(c.claimed)], ['correct', num(c.truth)], ['point', objFrom([...c.ctx.point.values].map(([k, x]) => [k, num(x)] as const))]);
  },
};

export const renderCheckText = (r: ClaimsResult, options: ReportOptions = {}, theme: Theme = PLAIN_THEME): string => checkReportText(EXPRESSION_REPORT, r, options, theme);
export const toCheckJson = (r: ClaimsResult, options: ReportOptions = {}): JsonObject => checkReportJson(EXPRESSION_REPORT, r, options);
export const renderCheckJson = (r: ClaimsResult, options: ReportOptions = {}): string => `${writeJson(toCheckJson(r, options))}\n`;

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

/** The batch report of an expression as JSON, schema `lagrad/check-batch@1`. */
export function renderBatchJson(source: string, der: Derivation, graded: readonly Graded[], ok: boolean, options: ReportOptions = {}): string {
  return batchReportJson(EXPRESSION_REPORT, { source, derivation: der }, graded, ok, options);
}
