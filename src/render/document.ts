// The document model the handout renderers share: a derivation (or several,
// numbered) as headings, prose, aligned equation rows with their numbers,
// tables and the graph. LaTeX, HTML and Markdown only serialize it, so the
// three formats show the same steps with the same equation numbers.
import type { Convention } from './convention.js';
import type { GraphView } from './graph-view.js';

/** A run of text (escaped by each renderer) or of LaTeX math (ours, never the user's). */
export type Inline = { readonly text: string } | { readonly math: string };

export const text = (s: string): Inline => ({ text: s });
export const math = (s: string): Inline => ({ math: s });

/** A blank line for the student to fill in. */
export const BLANK = { blank: true } as const;
/** A piece of an equation: LaTeX, or a blank. */
export type Piece = string | typeof BLANK;

/** One row of an aligned block: lhs, then the right-hand side aligned at its relation. */
export interface EqRow {
  /** LaTeX; '' on a continuation row. */
  readonly lhs: string;
  /**
   * The right-hand side in pieces that may go on separate lines, the first
   * starting with its relation (`= …`) or, on a continuation row, its operator.
   */
  readonly rhs: readonly Piece[];
  /** A third column: `⇒ solution`, or the value at the point. */
  readonly then?: readonly Piece[];
  /** The equation number, e.g. "7" or "2.7"; none on continuation rows. */
  readonly tag?: string;
}

export type Block =
  | { readonly kind: 'heading'; readonly text: string }
  | {
    readonly kind: 'para';
    readonly content: readonly Inline[];
    /** Kept on the page of the block after it (what introduces a table is never left alone at a page's foot). */
    readonly keepWithNext?: boolean;
  }
  | { readonly kind: 'equations'; readonly rows: readonly EqRow[] }
  | {
    readonly kind: 'table';
    readonly head: readonly (readonly Inline[])[];
    readonly rows: readonly (readonly (readonly Inline[])[])[];
    /** Per column: numbers align right. */
    readonly numeric: readonly boolean[];
  }
  | { readonly kind: 'graph'; readonly view: GraphView; readonly caption: readonly Inline[] };

export type Edition = 'full' | 'student';

export interface Problem {
  /** 1, 2, … in a handout; absent for a single derivation. */
  readonly number?: number;
  /** The user's title, or f itself; empty: no heading (a single derivation). */
  readonly title: readonly Inline[];
  /** The title as plain text, for the page title and bookmarks. */
  readonly plainTitle: string;
  /** The user's paragraphs (plain text). */
  readonly prose: readonly string[];
  readonly blocks: readonly Block[];
  /** Nodes of its graph. */
  readonly size: number;
  /** The numeric check failed or could not run at the point. */
  readonly checkFailed: boolean;
}

export interface HandoutDoc {
  readonly title: string;
  /** The user's introduction, paragraphs of plain text. */
  readonly intro: readonly string[];
  /** The convention in use, stated once. */
  readonly convention: readonly Inline[];
  readonly problems: readonly Problem[];
  readonly edition: Edition | 'key';
  readonly conv: Convention;
  /** The student's edition: what to fill in (render/blanks.ts), plain text. */
  readonly instructions?: string;
}
