// The scaling families of the benchmark. Each family turns a target node
// count into a problem for the library: either IR built through the Builder
// (deep chain) or expression text (wide sum, unrolled MLP). The node counts
// below are exact for the current builder, rounded down so that the 10³ cases
// stay within the check-every-node limit (1,000); the bench records the real m from
// the analysis anyway.

/**
 * Deep chain: r₀ = x, r_{k+1} = sin(r_k + y). Each level is two graph nodes
 * (an add of two non-constants, then a sin), so m = 2 + 2·levels.
 */
export const chain = {
  name: 'chain',
  title: 'deep chain  r ← sin(r + y), built through Builder',
  kind: 'builder',
  levelsFor: (nodes) => Math.max(1, Math.floor((nodes - 2) / 2)),
  build(lib, nodes) {
    const levels = this.levelsFor(nodes);
    const b = new lib.Builder(new lib.Arena());
    let r = b.sym('x');
    const y = b.sym('y');
    for (let k = 0; k < levels; k++) r = b.call('sin', b.add(r, y));
    return {
      describe: `${levels} levels`,
      parsed: { source: `chain of ${levels} levels`, builder: b, root: r, symbols: ['x', 'y'], inputs: ['x', 'y'], constants: [] },
      options: { at: new Map([['x', 0.3], ['y', 0.1]]) },
    };
  },
};

/**
 * Wide sum over two shared inputs: Σ_{k=1..N} sin(x + k·y). The scaling k·y
 * folds into its consumer, so each term is two nodes (x + k·y, sin) and the
 * sum one more: m = 2 + 3N − 1. x and y each have fan-out N.
 */
export const wideSum = {
  name: 'wide-sum',
  title: 'wide sum  Σ_k sin(x + k·y), text, fan-out N on x and y',
  kind: 'text',
  termsFor: (nodes) => Math.max(1, Math.floor((nodes - 1) / 3)),
  build(_lib, nodes) {
    const terms = this.termsFor(nodes);
    const parts = new Array(terms);
    for (let k = 1; k <= terms; k++) parts[k - 1] = `sin(x + ${k}*y)`;
    return {
      describe: `${terms} terms`,
      source: parts.join(' + '),
      options: { at: new Map([['x', 0.3], ['y', 0.001]]) },
    };
  },
};

/**
 * Unrolled scalar MLP, one hidden layer of width H, one sample, squared loss:
 *   (sigmoid(Σ_j v_j·tanh(a_j·x1 + c_j·x2 + b_j)) − 0.5)^2
 * with every weight a symbol (an input of the graph). Per unit: 4 weight
 * inputs and 6 op nodes (two products, two adds, tanh, v_j·h_j) plus one add
 * of the output sum; m = 11·H + 3.
 */
export const mlp = {
  name: 'mlp',
  title: 'unrolled MLP  (σ(Σ_j v_j·tanh(a_j·x1 + c_j·x2 + b_j)) − 0.5)², text, width H',
  kind: 'text',
  widthFor: (nodes) => Math.max(1, Math.floor((nodes - 3) / 11)),
  build(_lib, nodes) {
    const width = this.widthFor(nodes);
    const units = new Array(width);
    for (let j = 1; j <= width; j++) units[j - 1] = `v${j}*tanh(a${j}*x1 + c${j}*x2 + b${j})`;
    const source = `(sigmoid(${units.join(' + ')}) - 0.5)^2`;
    // A deterministic point: weights small enough that tanh and sigmoid do not saturate.
    const at = new Map([['x1', 0.7], ['x2', -0.4]]);
    for (let j = 1; j <= width; j++) {
      const s = Math.sin(j);
      at.set(`a${j}`, 0.5 * s);
      at.set(`c${j}`, 0.5 * Math.cos(j));
      at.set(`b${j}`, 0.1 * s * s);
      at.set(`v${j}`, (j % 2 ? 1 : -1) / Math.sqrt(width));
    }
    return { describe: `width ${width}`, source, options: { at } };
  },
};

export const FAMILIES = [chain, wideSum, mlp];

export function familyByName(name) {
  const f = FAMILIES.find((x) => x.name === name);
  if (!f) throw new Error(`unknown family '${name}' (known: ${FAMILIES.map((x) => x.name).join(', ')})`);
  return f;
}
