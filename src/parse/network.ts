// The network shorthand (DESIGN.md section 3): a YAML description of a
// layered network, compiled to program text that the program parser reads
// like any other program.
//
//   input: 3            # size of x
//   output: 2           # size of y
//   batch: 1            # columns of X and Y (default 1); > 1 sums the loss over samples
//   layers:
//     - {units: 4, activation: sigmoid, bias: true}
//     - {units: 2, activation: identity, bias: true}
//   loss: squared       # squared | half-squared | logistic | cross-entropy | softmax-cross-entropy
//
// `activation` is one of sigmoid, tanh, relu, softplus, exp, identity
// (default identity); `bias` is true or false (default true).
//
// Naming scheme of the program (every name is generated, none comes from the
// file, so nothing can collide or inject):
//   - layer k has the weight `param Wk[units_k, units_(k-1)]` and, with a
//     bias, `param bk[units_k]` (a column vector, broadcast over the columns
//     of a batch);
//   - the data are `data x[input]` and `data y[output]`, or for a batch of b
//     `data X[input,b]` and `data Y[output,b]`;
//   - a hidden layer k is `hk = Wk*a + bk` (a = x or the previous layer's
//     output), then `zk = act(hk)`; with the identity there is no zk and hk
//     is the layer's output;
//   - `yhat` is the network's output: the last layer's value AFTER its
//     activation (`h2 = W2*z1 + b2; yhat = sigmoid(h2)`), and with the
//     identity the last affine map itself (`yhat = W2*z1 + b2`, as note 001);
//   - for a batch every per-sample quantity is a matrix and is written in
//     upper case: X, Y, Hk, Zk, Yhat, P;
//   - the loss is the statement `loss`, one of the named losses of the
//     program language (src/tensor/ops.ts) on (yhat, y), and `minimize loss`
//     closes the program:
//       squared                loss = squared_loss(yhat, y)          Σ (y − yhat)²
//       half-squared           loss = half_squared_loss(yhat, y)     ½ Σ (y − yhat)²
//       logistic (labels ±1)   loss = logistic_loss(yhat, y)         Σ log(1 + exp(−y ⊙ yhat)); yhat is the
//                                                                     score: last activation identity
//       cross-entropy          loss = binary_cross_entropy(p, y)     −Σ (y ⊙ log p + (1 − y) ⊙ log(1 − p)),
//                              with p = yhat when the last activation is sigmoid, or the
//                              statement p = sigmoid(yhat) when it is the identity
//       softmax-cross-entropy  loss = softmax_cross_entropy(yhat, y) Σ_j logsumexp(yhat_j) − Σ y ⊙ yhat,
//                              which is −Σ y ⊙ log softmax(yhat) for one-hot columns of y; last
//                              activation identity, at least 2 outputs
//     Written as named losses, the derivation shows each loss's textbook adjoint
//     (μ_yhat = 2(yhat − y), −y ⊙ σ(−y ⊙ yhat), (p − y) ⊘ (p ⊙ (1 − p)), softmax(yhat) − y),
//     and random values draw y as that loss's labels (one-hot columns, ±1, 0 or 1).
//     Over a batch, each loss sums over every entry, so over the samples.
//
// Every error is a YamlError (an InputError) at the line and column of the
// offending key or value. Sizes are checked against NETWORK_LIMITS before
// anything is built from them; nothing here allocates in proportion to a
// size read from the file.
import { FUNCTIONS_TABLE } from '../ops/functions.js';
import { ACTIVATIONS as FUNCTION_ACTIVATIONS } from '../ops/registry.js';
import { isMap, isScalar, isSeq, parseSafeYaml, yamlError, type Lines, type Node, type Pair, type YAMLMap } from './safe-yaml.js';

/**
 * Limits on what a network file may ask for. `bytes` bounds the file (a
 * network of 1,000 layers in block style is about 60 KiB); `size` bounds each of input,
 * output, units and batch; `parameters` the entries of all W and b together;
 * `values` the entries one forward evaluation holds (data plus every
 * statement's value).
 */
export const NETWORK_LIMITS = { bytes: 256 * 1024, size: 1_000_000, layers: 1_000, parameters: 10_000_000, values: 10_000_000 } as const;

/** Every name of a function the table marks as an activation (src/ops/functions.ts); identity applies none. */
export const ACTIVATIONS: readonly string[] = FUNCTION_ACTIVATIONS.flatMap((op) => FUNCTIONS_TABLE[op].names);
export const LOSSES = ['squared', 'half-squared', 'logistic', 'cross-entropy', 'softmax-cross-entropy'] as const;
export type Activation = string;
export type Loss = (typeof LOSSES)[number];

const TOP_KEYS = ['input', 'output', 'batch', 'layers', 'loss'] as const;
const LAYER_KEYS = ['units', 'activation', 'bias'] as const;

interface Layer {
  readonly units: number;
  readonly activation: Activation;
  readonly bias: boolean;
}

interface Network {
  readonly input: number;
  readonly output: number;
  readonly batch: number;
  readonly layers: readonly Layer[];
  readonly loss: Loss;
  /** Entries one evaluation holds (data and every statement). */
  readonly values: number;
}

/** Compiles the YAML network shorthand to program text. Throws YamlError with line and column. */
export function compileNetwork(yamlText: string): { program: string } {
  const { doc, lines } = parseSafeYaml(yamlText.replace(/^\uFEFF/, ''), { what: 'a network file', bytes: NETWORK_LIMITS.bytes });
  return { program: programOf(readNetwork(doc.contents as Node | null, lines, 'a network file', 0)) };
}

/**
 * Compiles a network given as a node of a YAML file already parsed by
 * parseSafeYaml (a problems file's `network:`), so that errors are
 * YamlErrors at the line and column of that file. `what` names it in
 * messages; `fallback` is the offset for an empty node. `values` is the
 * number of entries one evaluation holds, for limits over several networks.
 */
export function compileNetworkNode(node: Node | null, lines: Lines, what: string, fallback: number): { program: string; values: number } {
  const net = readNetwork(node, lines, what, fallback);
  return { program: programOf(net), values: net.values };
}

// ---------------------------------------------------------------------------
// Reading and validating

const offsetOf = (n: Node | null | undefined, fallback = 0): number => n?.range?.[0] ?? fallback;

/** The pairs of a map, keys checked against `known` (so `__proto__` is an unknown key like any other). */
function entries(n: Node | null, lc: Lines, what: string, known: readonly string[], fallback: number): Map<string, Pair<Node, Node | null>> {
  if (!isMap(n)) throw yamlError(lc, offsetOf(n, fallback), `${what} must be a map of keys to values (${known.join(', ')})`);
  const out = new Map<string, Pair<Node, Node | null>>();
  for (const pair of (n as YAMLMap<Node, Node | null>).items) {
    const key = pair.key as Node | null;
    if (!isScalar(key) || typeof key.value !== 'string') throw yamlError(lc, offsetOf(key, offsetOf(n, fallback)), `keys of ${what} must be plain names (${known.join(', ')})`);
    const name = key.value;
    if (!known.includes(name)) throw yamlError(lc, offsetOf(key), `unknown key '${name}' in ${what} (known: ${known.join(', ')})`);
    out.set(name, pair);
  }
  return out;
}

/** Where a pair's value is (its key when the value is empty). */
const valueOffset = (pair: Pair<Node, Node | null>): number => offsetOf(pair.value, offsetOf(pair.key));

function positiveInteger(pair: Pair<Node, Node | null>, lc: Lines, what: string): number {
  const v = pair.value;
  const value = isScalar(v) ? v.value : undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw yamlError(lc, valueOffset(pair), `${what} must be a positive whole number, not ${describe(v)}`);
  }
  if (!Number.isInteger(value)) throw yamlError(lc, valueOffset(pair), `${what} must be a whole number, not ${value}`, 'number');
  if (value <= 0) throw yamlError(lc, valueOffset(pair), `${what} must be positive, not ${value}`, 'number');
  if (value > NETWORK_LIMITS.size) {
    throw yamlError(lc, valueOffset(pair), `${what} is ${value}, more than the limit of ${NETWORK_LIMITS.size.toLocaleString('en-US')}`, 'number');
  }
  return value;
}

function oneOf<T extends string>(pair: Pair<Node, Node | null>, lc: Lines, what: string, options: readonly T[]): T {
  const v = pair.value;
  const value = isScalar(v) ? v.value : undefined;
  if (typeof value === 'string' && (options as readonly string[]).includes(value)) return value as T;
  throw yamlError(lc, valueOffset(pair), `${what} must be one of ${options.join(', ')}, not ${describe(v)}`);
}

/** A short, safe description of a value that was not what was asked for. */
function describe(v: Node | null): string {
  if (!v || (isScalar(v) && v.value === null)) return 'empty';
  if (isMap(v)) return 'a map';
  if (isSeq(v)) return 'a list';
  if (isScalar(v)) {
    if (typeof v.value === 'string') {
      const s = v.value.length > 40 ? `${v.value.slice(0, 40)}…` : v.value;
      return JSON.stringify(s);
    }
    return String(v.value);
  }
  return 'that';
}

function readNetwork(root: Node | null, lc: Lines, what: string, fallback: number): Network {
  const top = entries(root, lc, what, TOP_KEYS, fallback);
  const need = (key: (typeof TOP_KEYS)[number], what: string): Pair<Node, Node | null> => {
    const pair = top.get(key);
    if (!pair) throw yamlError(lc, offsetOf(root, fallback), `the network has no '${key}' (${what})`);
    return pair;
  };
  // Values first, in the file's order, then what is missing.
  for (const [key, pair] of top) {
    if (key === 'loss') oneOf(pair, lc, "'loss'", LOSSES);
    else if (key !== 'layers') positiveInteger(pair, lc, `'${key}'`);
  }
  const inputPair = need('input', 'the size of x');
  const outputPair = need('output', 'the size of y');
  const layersPair = need('layers', 'a list of {units, activation, bias}');
  const lossPair = need('loss', LOSSES.join(' | '));
  const input = positiveInteger(inputPair, lc, "'input'");
  const output = positiveInteger(outputPair, lc, "'output'");
  const batchPair = top.get('batch');
  const batch = batchPair ? positiveInteger(batchPair, lc, "'batch'") : 1;
  const loss = oneOf(lossPair, lc, "'loss'", LOSSES);

  const list = layersPair.value;
  if (!isSeq(list) || list.items.length === 0) {
    throw yamlError(lc, valueOffset(layersPair), "'layers' must be a list of one or more layers, e.g. - {units: 4, activation: sigmoid}");
  }
  const items = list.items as (Node | null)[];
  if (items.length > NETWORK_LIMITS.layers) {
    throw yamlError(lc, offsetOf(items[NETWORK_LIMITS.layers], offsetOf(list)), `more than ${NETWORK_LIMITS.layers} layers`, 'number');
  }

  // Sizes are summed as they are read, each factor already at most
  // NETWORK_LIMITS.size, so every product is an exact double.
  let parameters = 0;
  let values = batch * (input + output);
  let previous = input;
  const layers: Layer[] = [];
  const unitsPairs: Pair<Node, Node | null>[] = [];
  const activationPairs: (Pair<Node, Node | null> | undefined)[] = [];
  items.forEach((item, k) => {
    const what = `layer ${k + 1}`;
    const pairs = entries(item, lc, what, LAYER_KEYS, offsetOf(list));
    const unitsPair = pairs.get('units');
    if (!unitsPair) throw yamlError(lc, offsetOf(item, offsetOf(list)), `${what} has no 'units'`);
    const units = positiveInteger(unitsPair, lc, `'units' of ${what}`);
    const activationPair = pairs.get('activation');
    const activation = activationPair ? oneOf(activationPair, lc, `'activation' of ${what}`, ACTIVATIONS) : 'identity';
    const biasPair = pairs.get('bias');
    let bias = true;
    if (biasPair) {
      const v = biasPair.value;
      if (!isScalar(v) || typeof v.value !== 'boolean') throw yamlError(lc, valueOffset(biasPair), `'bias' of ${what} must be true or false, not ${describe(v)}`);
      bias = v.value;
    }
    parameters += units * previous + (bias ? units : 0);
    if (parameters > NETWORK_LIMITS.parameters) {
      throw yamlError(lc, valueOffset(unitsPair), `${what} brings the parameters (entries of all W and b) to ${parameters.toLocaleString('en-US')}, more than the limit of ${NETWORK_LIMITS.parameters.toLocaleString('en-US')}`, 'number');
    }
    values += batch * units * (activation === 'identity' ? 1 : 2);
    if (values > NETWORK_LIMITS.values) {
      throw yamlError(lc, valueOffset(unitsPair), `${what} brings the values of one evaluation (data and every statement, ${batch > 1 ? `over a batch of ${batch}` : 'one sample'}) to ${values.toLocaleString('en-US')}, more than the limit of ${NETWORK_LIMITS.values.toLocaleString('en-US')}`, 'number');
    }
    previous = units;
    layers.push({ units, activation, bias });
    unitsPairs.push(unitsPair);
    activationPairs.push(activationPair);
  });

  const last = layers[layers.length - 1]!;
  const lastWhat = `layer ${layers.length}`;
  if (last.units !== output) {
    const o = lc.at(valueOffset(outputPair));
    throw yamlError(lc, valueOffset(unitsPairs[unitsPairs.length - 1]!), `the last layer is the output: 'units' of ${lastWhat} is ${last.units}, but 'output' is ${output} (line ${o.line})`);
  }
  const lossAt = valueOffset(lossPair);
  const activationLine = (): string => {
    const pair = activationPairs[activationPairs.length - 1];
    return pair ? ` (line ${lc.at(valueOffset(pair)).line})` : '';
  };
  if ((loss === 'logistic' || loss === 'softmax-cross-entropy') && last.activation !== 'identity') {
    const takes = loss === 'logistic' ? 'takes the score yhat itself' : 'applies softmax to yhat itself';
    throw yamlError(lc, lossAt, `loss ${loss} ${takes}: the activation of ${lastWhat} must be identity, not ${last.activation}${activationLine()}`);
  }
  if (loss === 'cross-entropy' && last.activation !== 'identity' && last.activation !== 'sigmoid') {
    throw yamlError(lc, lossAt, `loss cross-entropy needs probabilities: the activation of ${lastWhat} must be sigmoid (yhat is p) or identity (p = sigmoid(yhat)), not ${last.activation}${activationLine()}`);
  }
  if (loss === 'softmax-cross-entropy' && output < 2) {
    throw yamlError(lc, lossAt, `loss softmax-cross-entropy needs at least 2 outputs ('output' is ${output}); for one output use logistic or cross-entropy`);
  }
  if (loss === 'softmax-cross-entropy' || (loss === 'cross-entropy' && last.activation === 'identity')) {
    values += batch * output;
    if (values > NETWORK_LIMITS.values) {
      throw yamlError(lc, lossAt, `the loss brings the values of one evaluation to ${values.toLocaleString('en-US')}, more than the limit of ${NETWORK_LIMITS.values.toLocaleString('en-US')}`, 'number');
    }
  }
  return { input, output, batch, layers, loss, values };
}

// ---------------------------------------------------------------------------
// Writing the program

const COUNT_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

const LOSS_TITLES: Record<Loss, string> = {
  squared: 'squared loss',
  'half-squared': 'half-squared loss',
  logistic: 'logistic loss (labels +1 or -1)',
  'cross-entropy': 'binary cross-entropy loss',
  'softmax-cross-entropy': 'softmax cross-entropy loss',
};

function programOf(net: Network): string {
  const batched = net.batch > 1;
  const name = (lower: string, upper: string): string => (batched ? upper : lower);
  const shape = (rows: number): string => (batched ? `[${rows},${net.batch}]` : `[${rows}]`);
  const x = name('x', 'X');
  const y = name('y', 'Y');
  const yhat = name('yhat', 'Yhat');
  const p = name('p', 'P');
  const L = net.layers.length;

  const count = L < COUNT_WORDS.length ? COUNT_WORDS[L]! : String(L);
  const out: string[] = [`# ${count}-layer network, ${LOSS_TITLES[net.loss]}${batched ? `, summed over a batch of ${net.batch}` : ''}`];

  let previous = net.input;
  net.layers.forEach((layer, k) => {
    out.push(`param W${k + 1}[${layer.units},${previous}]`);
    if (layer.bias) out.push(`param b${k + 1}[${layer.units}]`);
    previous = layer.units;
  });
  out.push(`data ${x}${shape(net.input)}`, `data ${y}${shape(net.output)}`);

  let a = x;
  net.layers.forEach((layer, k) => {
    const n = k + 1;
    const affine = `W${n}*${a}${layer.bias ? ` + b${n}` : ''}`;
    const h = name(`h${n}`, `H${n}`);
    if (n === L) {
      if (layer.activation === 'identity') out.push(`${yhat} = ${affine}`);
      else out.push(`${h} = ${affine}`, `${yhat} = ${layer.activation}(${h})`);
    } else if (layer.activation === 'identity') {
      out.push(`${h} = ${affine}`);
      a = h;
    } else {
      const z = name(`z${n}`, `Z${n}`);
      out.push(`${h} = ${affine}`, `${z} = ${layer.activation}(${h})`);
      a = z;
    }
  });

  const lastActivation = net.layers[L - 1]!.activation;
  switch (net.loss) {
    case 'squared':
      out.push(`loss = squared_loss(${yhat}, ${y})`);
      break;
    case 'half-squared':
      out.push(`loss = half_squared_loss(${yhat}, ${y})`);
      break;
    case 'logistic':
      out.push(`loss = logistic_loss(${yhat}, ${y})`);
      break;
    case 'cross-entropy': {
      let prob = yhat;
      if (lastActivation === 'identity') {
        out.push(`${p} = sigmoid(${yhat})`);
        prob = p;
      }
      out.push(`loss = binary_cross_entropy(${prob}, ${y})`);
      break;
    }
    case 'softmax-cross-entropy':
      out.push(`loss = softmax_cross_entropy(${yhat}, ${y})`);
      break;
  }
  out.push('minimize loss');
  return `${out.join('\n')}\n`;
}
