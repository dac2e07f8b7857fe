// What the pipeline leaves to the renderers: the echoed parsed form of an
// expression, and how a claim's diagnosis names a node (the pipeline and the
// claims layer print nothing; the CLI and src/index.ts pass `describeNode`).
import type { Builder } from '../ir/build.js';
import type { NodeId } from '../ir/types.js';
import type { Derivation } from '../derive/derive.js';
import { ASCII, printExpr } from './print.js';

/** The expression as parsed, with explicit operators: `f = …` in every output. */
export function parsedForm(parsed: { readonly builder: Builder; readonly root: NodeId }): string {
  return printExpr(parsed.builder, parsed.root, ASCII);
}

/** Node i as a diagnosis names it: `z3 = sin(z1)`, its f_i in ASCII. */
export function describeNode(der: Derivation, i: number): string {
  return `z${i} = ${printExpr(der.graph.builder, der.graph.nodes[i]!.f!, ASCII)}`;
}
