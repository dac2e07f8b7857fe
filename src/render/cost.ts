// The cost line of every derivation (derive/cost.ts), in each format: note
// 003's theorem (Baur–Strassen) on the user's own graph. One module for
// expressions and programs: the cost is counted on the one derivation.
import type { Cost } from '../derive/cost.js';
import type { Derivation } from '../derive/derive.js';
import { math, text, type Block } from './document.js';
import { obj, type JsonObject } from './json-writer.js';

/** The ratio backward/forward, to 3 significant digits ("–" when T is 0: a constant output). */
function ratio(c: Cost): string {
  return c.forward === 0 ? '–' : String(Number((c.backward / c.forward).toPrecision(3)));
}

const count = (n: number): string => n.toLocaleString('en');

/** What the forward work counts: operations of scalars, entries and multiply-adds where a matrix takes part. */
function unit(der: Derivation, forward: number): string {
  const matrices = der.graph.nodes.some((n) => n.shape[0] * n.shape[1] > 1);
  return matrices ? 'entries computed and multiply-adds' : `operation${forward === 1 ? '' : 's'}`;
}

/** The matrix products' share of T, largest first (at most three named), or null for none. */
function products(der: Derivation, c: Cost): string | null {
  if (c.products.length === 0) return null;
  const total = c.products.reduce((s, p) => s + p.work, 0);
  const named = c.products.slice(0, 3).map((p) => `${der.graph.nodes[p.node]!.name ?? `z${p.node}`} (${count(p.work)})`);
  const more = c.products.length > 3 ? `, and ${c.products.length - 3} more` : '';
  return `the matrix products are ${count(total)} of T's ${count(c.forward)} (${Math.round((100 * total) / Math.max(1, c.forward))} %): ${named.join(', ')}${more}`;
}

/** The section's heading note and its lines, for the terminal. */
export function costText(der: Derivation, c: Cost): { note: string; lines: string[] } {
  const lines = [
    `  forward T = ${count(c.forward)} ${unit(der, c.forward)}; backward ${count(c.backward)} = ${ratio(c)}·T (each of the E edges' terms, and the additions of the sums); V = ${count(c.nodes)} nodes, E = ${count(c.edges)} edge${c.edges === 1 ? '' : 's'}`,
  ];
  const p = products(der, c);
  if (p !== null) lines.push(`  ${p}`);
  return { note: "note 003's theorem (Baur–Strassen): the backward pass costs O(T), counted edge by edge", lines };
}

/** `"cost": {"forward", "backward", "nodes", "edges"}` (DESIGN.md). */
export function costJson(c: Cost): JsonObject {
  return obj(['forward', c.forward], ['backward', c.backward], ['nodes', c.nodes], ['edges', c.edges]);
}

/** A section for documents: its heading and one paragraph. */
export function costBlocks(der: Derivation, c: Cost): Block[] {
  const p = products(der, c);
  return [{ kind: 'heading', text: 'Cost' }, {
    kind: 'para',
    content: [
      text('Counted edge by edge, as in the proof that the backward pass costs '), math('O(T)'), text(' (Baur–Strassen, note 003): the forward pass '),
      math(`T = ${c.forward}`), text(` (${unit(der, c.forward)}), the backward pass ${c.backward}, that is ${ratio(c)}`), math('\\,T'), text(', on '),
      math(`V = ${c.nodes}`), text(' nodes and '), math(`E = ${c.edges}`), text(` edge${c.edges === 1 ? '' : 's'}${p === null ? '' : `; ${p}`}.`),
    ],
  }];
}
