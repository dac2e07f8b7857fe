// The one document writer of a derivation's middle, for an expression and a
// program alike: the constrained formulation, the Lagrangian, every KKT
// condition solved, the forward and backward passes and the gradient, each a
// heading, its prose and its numbered equations. The kinds give the prose
// and the rows of the full edition; this file numbers them and, in a
// student's edition, blanks the parts it is told (render/blanks.ts) the same
// way for both: `= ___` where a right-hand side was, `⇒ z_i = ___` where a
// solution was, `= ___` where a value was.
import type { BlankPart } from './blanks.js';
import { BLANK, type Block, type EqRow, type Inline } from './document.js';

/** A KKT condition: ∂L/∂μ_i = … = 0 ⇒ z_i = f_i, or ∂L/∂z_j = … = 0 ⇒ μ_j = …. */
export interface KktRow {
  readonly lhs: string;
  /** The full edition's right-hand side, in pieces (`= …`, continuations, `= 0`). */
  readonly rhs: readonly string[];
  /** `\Rightarrow z_i = f_i`. */
  readonly then: string;
  /** What a blank solution reads before its blank: `\Rightarrow z_i =`. */
  readonly blankThen: string;
  /** The parts whose blanking blanks this row. */
  readonly blankedBy: readonly BlankPart[];
  /** Left out, rather than blanked, when blanked (a general condition that would say too much). */
  readonly omitWhenBlank?: boolean;
}

/** An equation of a pass with its value at the point (`= 0.9`, `≈ …`, a matrix). */
export interface PassRow {
  readonly lhs: string;
  /** The full edition's right-hand side, in pieces, the first starting with its relation. */
  readonly rhs: readonly string[];
  readonly value: string;
}

/** A section: its prose before the equations. */
interface Section {
  readonly intro: readonly Block[];
}

export interface DerivationPasses {
  /** The constraints z_i = f_i, one numbered row each; none where the prose states them in general. */
  readonly formulation: Section & { readonly rows: readonly { readonly lhs: string; readonly rhs: string }[] };
  /** 𝓛 = first, then one row per term; the last row is numbered. */
  readonly lagrangian: Section & { readonly lhs: string; readonly first: string; readonly terms: readonly string[] };
  /** Groups of conditions, each its own aligned block (an empty group writes nothing). */
  readonly kkt: Section & { readonly groups: readonly (readonly KktRow[])[] };
  readonly forward: Section & { readonly rows: readonly PassRow[] };
  readonly backward: Section & { readonly rows: readonly PassRow[] };
  readonly gradient: Section & { readonly rows: readonly PassRow[] };
}

/** The blocks from the formulation to the gradient, numbered by `tag`; with the forward pass's first and last numbers. */
export function passesBlocks(p: DerivationPasses, tag: () => string, blank: (part: BlankPart) => boolean): { blocks: Block[]; forwardTags: readonly [string, string] | null } {
  const blocks: Block[] = [];
  const section = (title: string, s: Section): void => {
    blocks.push({ kind: 'heading', text: title }, ...s.intro);
  };
  const equations = (rows: EqRow[]): void => {
    if (rows.length > 0) blocks.push({ kind: 'equations', rows });
  };

  section('Constrained formulation', p.formulation);
  equations(p.formulation.rows.map((r) => ({ lhs: r.lhs, rhs: [`= ${r.rhs}`], tag: tag() })));

  section('Lagrangian', p.lagrangian);
  const { lhs, first, terms } = p.lagrangian;
  const last = terms.length;
  equations(blank('lagrangian')
    // As many lines as the full edition's, not one number.
    ? [{ lhs, rhs: ['=', BLANK, BLANK], ...(last === 0 ? { tag: tag() } : {}) }, ...terms.map((_t, k): EqRow => ({ lhs: '', rhs: [BLANK, BLANK], ...(k === last - 1 ? { tag: tag() } : {}) }))]
    : [{ lhs, rhs: [`= ${first}`], ...(last === 0 ? { tag: tag() } : {}) }, ...terms.map((t, k): EqRow => ({ lhs: '', rhs: [t], ...(k === last - 1 ? { tag: tag() } : {}) }))]);

  section('KKT conditions', p.kkt);
  for (const group of p.kkt.groups) {
    const rows: EqRow[] = [];
    for (const r of group) {
      const blanked = r.blankedBy.some(blank);
      if (blanked && r.omitWhenBlank) continue;
      rows.push(blanked ? { lhs: r.lhs, rhs: ['=', BLANK, '= 0'], then: [r.blankThen, BLANK], tag: tag() } : { lhs: r.lhs, rhs: r.rhs, then: [r.then], tag: tag() });
    }
    equations(rows);
  }

  section('Forward pass', p.forward);
  const forward = p.forward.rows.map((r): EqRow => (blank('forward')
    ? { lhs: r.lhs, rhs: ['=', BLANK], then: ['=', BLANK], tag: tag() }
    : { lhs: r.lhs, rhs: r.rhs, then: [r.value], tag: tag() }));
  equations(forward);
  const forwardTags = forward.length > 0 ? [forward[0]!.tag!, forward[forward.length - 1]!.tag!] as const : null;

  const pass = (part: BlankPart, rows: readonly PassRow[]): EqRow[] =>
    rows.map((r) => (blank(part) ? { lhs: r.lhs, rhs: ['=', BLANK], tag: tag() } : { lhs: r.lhs, rhs: r.rhs, then: [r.value], tag: tag() }));
  section('Backward pass', p.backward);
  equations(pass('backward', p.backward.rows));
  section('Gradient', p.gradient);
  equations(pass('gradient', p.gradient.rows));
  return { blocks, forwardTags };
}

/** A paragraph of inline pieces. */
export const para = (...content: Inline[]): Block => ({ kind: 'para', content });
