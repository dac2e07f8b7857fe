// A program's computation graph: a node per differentiated param (the
// inputs z_1 … z_d, in declaration order), then a node per statement in
// program order, f_i being the statement's expression over its variables;
// α(i) the variables it uses (data and params held fixed are constants, as an
// expression's constants are), β(j) the statements that use z_j. The one
// derivation (derive/derive.ts) reads it as it reads an expression's.
import type { CompGraph, ZNode } from '../model/graph.js';
import type { Program } from './program.js';

export function programGraph(program: Program): CompGraph {
  const params = program.declarations.filter((d) => d.role === 'param');
  const nodes: ZNode[] = [{ index: 0, kind: 'input', shape: [1, 1], alpha: [], beta: [] }];
  const index = new Map<string, number>();
  for (const p of params) {
    index.set(p.name, nodes.length);
    nodes.push({ index: nodes.length, kind: 'input', name: p.name, shape: p.shape, alpha: [], beta: [] });
  }
  for (const st of program.statements) {
    index.set(st.name, nodes.length);
    const alpha = st.uses.filter((u) => index.has(u)).map((u) => index.get(u)!);
    nodes.push({ index: nodes.length, kind: 'op', name: st.name, f: st.root, shape: st.shape, alpha, beta: [] });
  }
  for (const node of nodes) for (const j of node.alpha) nodes[j]!.beta.push(node.index);
  const constants = program.declarations.filter((d) => d.role !== 'param').map((d) => d.name);
  return {
    kind: 'program', builder: program.builder, nodes, d: params.length, m: nodes.length - 1,
    output: index.get(program.objective)!, inputs: params.map((p) => p.name), constants,
  };
}
