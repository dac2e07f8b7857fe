// The network shorthand (DESIGN.md section 3): YAML compiled to program text,
// and hostile network files refused with line and column before anything is
// built from them.
import { CALLABLE } from '../src/ops/registry.js';
import { TFUNCTIONS } from '../src/ir/tensor-ops.js';
import { describe, expect, it } from 'vitest';
import { parseProblemsFile } from '../src/cli/problems-file.js';
import { InputError } from '../src/parse/errors.js';
import { ACTIVATIONS, compileNetwork, LOSSES, NETWORK_LIMITS } from '../src/parse/network.js';
import { parseSafeYaml, YAML_LIMITS, YamlError } from '../src/parse/safe-yaml.js';

/** A network file: layers as [units, activation, bias?]. */
function net(o: { input: number; output: number; batch?: number; loss: string; layers: [number, string, boolean?][] }): string {
  const layers = o.layers.map(([units, activation, bias]) => `  - {units: ${units}, activation: ${activation}${bias === undefined ? '' : `, bias: ${bias}`}}`);
  return [`input: ${o.input}`, `output: ${o.output}`, ...(o.batch === undefined ? [] : [`batch: ${o.batch}`]), 'layers:', ...layers, `loss: ${o.loss}`, ''].join('\n');
}

const compile = (yaml: string): string => compileNetwork(yaml).program;

/** The error compileNetwork throws, formatted `line:column: message`. */
function failure(yaml: string): { text: string; error: unknown } {
  try {
    compileNetwork(yaml);
  } catch (e) {
    return { text: e instanceof InputError ? e.format() : `not an InputError: ${String(e)}`, error: e };
  }
  throw new Error('compileNetwork accepted the file');
}

const FUNCTIONS = new Set([...CALLABLE.keys(), ...TFUNCTIONS.keys()]);

/**
 * Checks what a program reader will rely on: every name is declared or
 * assigned before it is used, no name is assigned twice, the objective is the
 * last statement, and matrix products chain their shapes.
 */
function wellFormed(program: string): void {
  const lines = program.trimEnd().split('\n').filter((l) => !l.startsWith('#'));
  const shapes = new Map<string, number[]>();
  const assigned = new Set<string>();
  for (const line of lines) {
    const decl = /^(param|data) ([A-Za-z]\w*)\[(\d+)(?:,(\d+))?\]$/.exec(line);
    if (decl) {
      expect(shapes.has(decl[2]!), line).toBe(false);
      shapes.set(decl[2]!, decl[4] ? [Number(decl[3]), Number(decl[4])] : [Number(decl[3])]);
      continue;
    }
    if (line.startsWith('minimize ')) {
      expect(line).toBe('minimize loss');
      expect(line).toBe(lines[lines.length - 1]);
      continue;
    }
    const stmt = /^([A-Za-z]\w*) = (.+)$/.exec(line);
    expect(stmt, line).not.toBeNull();
    const [, name, rhs] = stmt!;
    for (const [used] of rhs!.matchAll(/[A-Za-z_]\w*/g)) {
      if (FUNCTIONS.has(used)) continue;
      expect(shapes.has(used) || assigned.has(used), `${used} used before it is defined in: ${line}`).toBe(true);
    }
    for (const m of rhs!.matchAll(/(W\d+)\*([A-Za-z]\w*)/g)) {
      const w = shapes.get(m[1]!)!;
      const a = m[2]!;
      const rows = shapes.get(a)?.[0] ?? rowsOf.get(a);
      expect(w[1], `${m[0]} in ${line}`).toBe(rows);
      rowsOf.set(name!, w[0]!);
    }
    for (const m of rhs!.matchAll(/^(\w+)\((\w+)\)$/g)) if (rowsOf.has(m[2]!)) rowsOf.set(name!, rowsOf.get(m[2]!)!);
    expect(assigned.has(name!) || shapes.has(name!), `${name} assigned twice`).toBe(false);
    assigned.add(name!);
  }
  rowsOf.clear();
  expect(assigned.has('loss')).toBe(true);
}
const rowsOf = new Map<string, number>();

describe('note 001', () => {
  const NOTE_001 = net({ input: 3, output: 2, loss: 'squared', layers: [[4, 'sigmoid', false], [2, 'identity', false]] });
  const PROGRAM = [
    '# two-layer network, squared loss',
    'param W1[4,3]',
    'param W2[2,4]',
    'data x[3]',
    'data y[2]',
    'h1 = W1*x',
    'z1 = sigmoid(h1)',
    'yhat = W2*z1',
    'loss = squared_loss(yhat, y)',
    'minimize loss',
    '',
  ].join('\n');
  // DESIGN.md section 3, note 001's network as a program.
  const DESIGN = ['param V[4,3]', 'param W[2,4]', 'data x[3]', 'data y[2]', 'z = sigmoid(V*x)', 'yhat = W*z', 'loss = sum((y - yhat).^2)'];

  it('compiles to exactly this program', () => {
    expect(compile(NOTE_001)).toBe(PROGRAM);
    wellFormed(PROGRAM);
  });

  it("is DESIGN.md's program up to naming (W1 = V, W2 = W, z1 = z, h1 inlined) and the named loss written out", () => {
    const rename = new Map([['W1', 'V'], ['W2', 'W'], ['z1', 'z']]);
    let lines = compile(NOTE_001).trimEnd().split('\n').filter((l) => !l.startsWith('#') && l !== 'minimize loss');
    const h1 = lines.find((l) => l.startsWith('h1 = '))!.slice('h1 = '.length);
    lines = lines.filter((l) => !l.startsWith('h1 = ')).map((l) => l.replace(/\bh1\b/g, h1).replace(/\b(W1|W2|z1)\b/g, (n) => rename.get(n)!));
    // squared_loss(yhat, y) is sum((y - yhat).^2): test/tensor/losses.test.ts, and test/network-cli.test.ts for the two derivations.
    expect(lines.map((l) => l.replace('squared_loss(yhat, y)', 'sum((y - yhat).^2)'))).toEqual(DESIGN);
  });

  it('the default batch is 1, the default bias true, the default activation identity', () => {
    const p = compile('input: 3\noutput: 2\nlayers:\n  - {units: 4, activation: sigmoid}\n  - units: 2\nloss: squared\n');
    expect(p).toContain('param W1[4,3]\nparam b1[4]\nparam W2[2,4]\nparam b2[2]\ndata x[3]\ndata y[2]\n');
    expect(p).toContain('h1 = W1*x + b1\nz1 = sigmoid(h1)\nyhat = W2*z1 + b2\n');
  });
});

describe('every loss, batch 1 and batch 8', () => {
  const LOSS_LINES: Record<string, (b: boolean) => string[]> = {
    squared: (b) => (b ? ['loss = squared_loss(Yhat, Y)'] : ['loss = squared_loss(yhat, y)']),
    'half-squared': (b) => (b ? ['loss = half_squared_loss(Yhat, Y)'] : ['loss = half_squared_loss(yhat, y)']),
    logistic: (b) => (b ? ['loss = logistic_loss(Yhat, Y)'] : ['loss = logistic_loss(yhat, y)']),
    'cross-entropy': (b) => (b ? ['P = sigmoid(Yhat)', 'loss = binary_cross_entropy(P, Y)'] : ['p = sigmoid(yhat)', 'loss = binary_cross_entropy(p, y)']),
    'softmax-cross-entropy': (b) => (b ? ['loss = softmax_cross_entropy(Yhat, Y)'] : ['loss = softmax_cross_entropy(yhat, y)']),
  };
  it('covers every loss', () => expect(Object.keys(LOSS_LINES).sort()).toEqual([...LOSSES].sort()));

  for (const loss of LOSSES) {
    for (const batch of [1, 8]) {
      for (const bias of [true, false]) {
        it(`${loss}, batch ${batch}, ${bias ? 'with' : 'without'} biases`, () => {
          const output = loss === 'logistic' ? 1 : 3;
          const p = compile(net({ input: 5, output, batch, loss, layers: [[4, 'tanh', bias], [6, 'relu', bias], [output, 'identity', bias]] }));
          wellFormed(p);
          const b = batch > 1;
          const [X, Y, H, Z, Yhat] = b ? ['X', 'Y', 'H', 'Z', 'Yhat'] : ['x', 'y', 'h', 'z', 'yhat'];
          const plus = (k: number): string => (bias ? ` + b${k}` : '');
          const dims = (n: number): string => (b ? `[${n},8]` : `[${n}]`);
          const expected = [
            `param W1[4,5]`, ...(bias ? ['param b1[4]'] : []),
            `param W2[6,4]`, ...(bias ? ['param b2[6]'] : []),
            `param W3[${output},6]`, ...(bias ? [`param b3[${output}]`] : []),
            `data ${X}${dims(5)}`, `data ${Y}${dims(output)}`,
            `${H}1 = W1*${X}${plus(1)}`, `${Z}1 = tanh(${H}1)`,
            `${H}2 = W2*${Z}1${plus(2)}`, `${Z}2 = relu(${H}2)`,
            `${Yhat} = W3*${Z}2${plus(3)}`,
            ...LOSS_LINES[loss]!(b),
            'minimize loss',
          ];
          const lines = p.trimEnd().split('\n');
          expect(lines[0]).toMatch(new RegExp(`^# three-layer network, .*loss.*${b ? ', summed over a batch of 8' : ''}$`));
          expect(lines.slice(1)).toEqual(expected);
          // Biases are column vectors even for a batch: they broadcast over its columns.
          expect(p).not.toMatch(/param b\d+\[\d+,/);
        });
      }
    }
  }

  it('cross-entropy on a sigmoid output uses yhat as the probability', () => {
    const p = compile(net({ input: 2, output: 1, loss: 'cross-entropy', layers: [[3, 'sigmoid'], [1, 'sigmoid']] }));
    wellFormed(p);
    expect(p).toContain('h2 = W2*z1 + b2\nyhat = sigmoid(h2)\nloss = binary_cross_entropy(yhat, y)\nminimize loss\n');
    expect(p).not.toMatch(/^p = /m);
  });

  it('a nonlinear last layer: yhat is the output after the activation', () => {
    const p = compile(net({ input: 2, output: 2, batch: 4, loss: 'half-squared', layers: [[2, 'softplus']] }));
    expect(p).toBe('# one-layer network, half-squared loss, summed over a batch of 4\nparam W1[2,2]\nparam b1[2]\ndata X[2,4]\ndata Y[2,4]\nH1 = W1*X + b1\nYhat = softplus(H1)\nloss = half_squared_loss(Yhat, Y)\nminimize loss\n');
  });

  it('an identity hidden layer feeds its pre-activation on', () => {
    const p = compile(net({ input: 3, output: 1, loss: 'squared', layers: [[4, 'identity'], [5, 'exp', false], [1, 'identity']] }));
    wellFormed(p);
    expect(p).toContain('h1 = W1*x + b1\nh2 = W2*h1\nz2 = exp(h2)\nyhat = W3*z2 + b3\n');
  });

  it('every activation is written as its function', () => {
    for (const act of ['sigmoid', 'tanh', 'relu', 'softplus', 'exp']) {
      expect(compile(net({ input: 1, output: 1, loss: 'squared', layers: [[2, act], [1, 'identity']] }))).toContain(`z1 = ${act}(h1)\n`);
    }
  });

  it('many layers: names stay distinct and the count is written in digits past ten', () => {
    const layers: [number, string][] = Array.from({ length: 12 }, (_, k) => (k === 11 ? [2, 'identity'] : [3, k % 2 ? 'tanh' : 'sigmoid']));
    const p = compile(net({ input: 3, output: 2, loss: 'squared', layers }));
    wellFormed(p);
    expect(p.split('\n')[0]).toBe('# 12-layer network, squared loss');
    expect(p).toContain('yhat = W12*z11 + b12\n');
  });

  it('block style, comments, quoted values and a byte-order mark are read like flow style', () => {
    const block = '\uFEFF# a net\ninput: 3   # size of x\noutput: 2\nbatch: 1\nlayers:\n  - units: 4\n    activation: "sigmoid"\n    bias: false\n  - units: 2\n    activation: identity\n    bias: false\nloss: \'squared\'\n';
    expect(compile(block)).toBe(compile(net({ input: 3, output: 2, loss: 'squared', layers: [[4, 'sigmoid', false], [2, 'identity', false]] })));
  });

  it('sizes up to the limits compile without building anything large', () => {
    const p = compile(net({ input: 1000, output: 1000, batch: 256, loss: 'squared', layers: [[1000, 'tanh'], [1000, 'tanh'], [1000, 'identity']] }));
    expect(p).toContain('data X[1000,256]');
  });
});

describe('bad network files throw with line and column', () => {
  const base = (over: Record<string, string>): string =>
    Object.entries({ input: '3', output: '2', batch: '1', layers: '\n  - {units: 4, activation: sigmoid}\n  - {units: 2, activation: identity}', loss: 'squared', ...over })
      .filter(([, v]) => v !== '')
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n') + '\n';
  const rows: [string, string, RegExp][] = [
    ['input zero', base({ input: '0' }), /^1:8: 'input' must be positive, not 0$/],
    ['input negative', base({ input: '-3' }), /^1:8: 'input' must be positive, not -3$/],
    ['input fractional', base({ input: '2.5' }), /^1:8: 'input' must be a whole number, not 2.5$/],
    ['input infinite', base({ input: '.inf' }), /^1:8: 'input' must be a positive whole number, not Infinity$/],
    ['input not a number', base({ input: 'NaN' }), /^1:8: 'input' must be a positive whole number, not "NaN"$/],
    ['input a string', base({ input: '"3"' }), /^1:8: 'input' must be a positive whole number, not "3"$/],
    ['input empty', base({ input: '~' }), /^1:8: 'input' must be a positive whole number, not empty$/],
    ['input a list', base({ input: '[3]' }), /^1:8: 'input' must be a positive whole number, not a list$/],
    ['output zero', base({ output: '0' }), /^2:9: 'output' must be positive/],
    ['batch zero', base({ batch: '0' }), /^3:8: 'batch' must be positive/],
    ['batch fractional', base({ batch: '0.5' }), /^3:8: 'batch' must be a whole number/],
    ['units zero', base({ layers: '\n  - {units: 0}\n  - {units: 2}' }), /^5:13: 'units' of layer 1 must be positive, not 0$/],
    ['units negative', base({ layers: '\n  - {units: -4}\n  - {units: 2}' }), /^5:13: 'units' of layer 1 must be positive, not -4$/],
    ['units fractional', base({ layers: '\n  - {units: 4}\n  - {units: 1.5}' }), /^6:13: 'units' of layer 2 must be a whole number, not 1.5$/],
    ['units 10^9', base({ layers: '\n  - {units: 1000000000}\n  - {units: 2}' }), /^5:13: 'units' of layer 1 is 1000000000, more than the limit of 1,000,000$/],
    ['units 1e300', base({ layers: '\n  - {units: 1e300}\n  - {units: 2}' }), /^5:13: 'units' of layer 1 is 1e\+300, more than the limit/],
    ['input 10^9', base({ input: '1000000000' }), /^1:8: 'input' is 1000000000, more than the limit/],
    ['batch 10^9', base({ batch: '1000000000' }), /^3:8: 'batch' is 1000000000, more than the limit/],
    ['too many parameters', base({ input: '1000000', layers: '\n  - {units: 100}\n  - {units: 2}' }), /^5:13: layer 1 brings the parameters \(entries of all W and b\) to 100,000,100, more than the limit of 10,000,000$/],
    ['too many values over the batch', base({ batch: '1000000', layers: '\n  - {units: 100}\n  - {units: 2}' }), /^5:13: layer 1 brings the values of one evaluation .* over a batch of 1000000\) to .* more than the limit/],
    ['data alone too large', base({ batch: '1000000', input: '1000000' }), /^\d+:\d+: .*more than the limit/],
    ['last layer is not the output', base({ layers: '\n  - {units: 4}\n  - {units: 3}' }), /^6:13: the last layer is the output: 'units' of layer 2 is 3, but 'output' is 2 \(line 2\)$/],
    ['unknown activation', base({ layers: '\n  - {units: 4, activation: mish}\n  - {units: 2}' }), new RegExp(`^5:28: 'activation' of layer 1 must be one of ${ACTIVATIONS.join(', ')}, not "mish"$`)],
    ['activation in capitals', base({ layers: '\n  - {units: 4, activation: Sigmoid}\n  - {units: 2}' }), /^5:28: 'activation' of layer 1 must be one of/],
    ['bias yes', base({ layers: '\n  - {units: 4, bias: yes}\n  - {units: 2}' }), /^5:22: 'bias' of layer 1 must be true or false, not "yes"$/],
    ['bias 1', base({ layers: '\n  - {units: 4, bias: 1}\n  - {units: 2}' }), /^5:22: 'bias' of layer 1 must be true or false, not 1$/],
    ['unknown loss', base({ loss: 'hinge' }), /^7:7: 'loss' must be one of squared, half-squared, logistic, cross-entropy, softmax-cross-entropy, not "hinge"$/],
    ['logistic after a sigmoid', base({ output: '1', layers: '\n  - {units: 1, activation: sigmoid}', loss: 'logistic' }), /^6:7: loss logistic takes the score yhat itself: the activation of layer 1 must be identity, not sigmoid \(line 5\)$/],
    ['softmax after a tanh', base({ layers: '\n  - {units: 4}\n  - {units: 2, activation: tanh}', loss: 'softmax-cross-entropy' }), /^7:7: loss softmax-cross-entropy applies softmax to yhat itself: .* not tanh \(line 6\)$/],
    ['cross-entropy after relu', base({ layers: '\n  - {units: 4}\n  - {units: 2, activation: relu}', loss: 'cross-entropy' }), /^7:7: loss cross-entropy needs probabilities/],
    ['softmax of one output', base({ output: '1', layers: '\n  - {units: 1}', loss: 'softmax-cross-entropy' }), /^6:7: loss softmax-cross-entropy needs at least 2 outputs/],
    ['no input', base({ input: '' }), /^1:1: the network has no 'input' \(the size of x\)$/],
    ['no loss', base({ loss: '' }), /^1:1: the network has no 'loss'/],
    ['no layers', base({ layers: '' }), /^1:1: the network has no 'layers'/],
    ['layers empty', base({ layers: '[]' }), /^4:9: 'layers' must be a list of one or more layers/],
    ['layers a map', base({ layers: '{units: 2}' }), /^4:9: 'layers' must be a list/],
    ['layers empty value', base({ layers: '~' }), /^4:9: 'layers' must be a list/],
    ['a layer not a map', base({ layers: '\n  - 4\n  - {units: 2}' }), /^5:5: layer 1 must be a map of keys to values \(units, activation, bias\)$/],
    ['a layer without units', base({ layers: '\n  - {activation: tanh}\n  - {units: 2}' }), /^5:5: layer 1 has no 'units'$/],
    ['too many layers', base({ output: '1', layers: `\n${'  - {units: 1}\n'.repeat(NETWORK_LIMITS.layers + 1).trimEnd()}` }), new RegExp(`^${5 + NETWORK_LIMITS.layers}:5: more than ${NETWORK_LIMITS.layers} layers$`)],
    ['unknown key', `${base({})}hidden: 3\n`, /^8:1: unknown key 'hidden' in a network file \(known: input, output, batch, layers, loss\)$/],
    ['unknown key in a layer', base({ layers: '\n  - {units: 4, dropout: 0.5}\n  - {units: 2}' }), /^5:16: unknown key 'dropout' in layer 1 \(known: units, activation, bias\)$/],
    ['a key that is not a name', `${base({})}3: x\n`, /^8:1: keys of a network file must be plain names/],
    ['a key that is a list', `${base({})}? [a, b]\n: x\n`, /^8:3: keys of a network file must be plain names/],
  ];
  for (const [name, yaml, message] of rows) {
    it(name, () => {
      const f = failure(yaml);
      expect(f.error).toBeInstanceOf(YamlError);
      expect(f.text).toMatch(message);
    });
  }

  it('the line and column are on the error itself', () => {
    const e = failure(base({ layers: '\n  - {units: 4}\n  - {units: 3}' })).error as YamlError;
    expect([e.line, e.column]).toEqual([6, 13]);
    expect(e.within('net.yaml').format()).toMatch(/^net\.yaml: 6:13: the last layer is the output/);
  });
});

describe('hostile network files throw fast with line and column, and never crash', () => {
  const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let k = 1; k < 9; k++) bomb.push(`${String.fromCharCode(97 + k)}: &${String.fromCharCode(97 + k)} [${Array(9).fill(`*${String.fromCharCode(96 + k)}`).join(',')}]`);
  const rows: [string, string, RegExp][] = [
    ['alias bomb', `${bomb.join('\n')}\nloss: squared\n`, /^2:8: aliases \(\*a\) are not allowed/],
    ['an alias for a size', 'input: &n 3\noutput: *n\nlayers: [{units: 3}]\nloss: squared\n', /^2:9: aliases \(\*n\) are not allowed/],
    ['a merge key', 'base: &b {units: 2}\ninput: 3\noutput: 2\nlayers:\n  - <<: *b\nloss: squared\n', /^5:9: aliases \(\*b\) are not allowed/],
    ['flow nesting 100,000 deep', `layers: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`, new RegExp(`^1:${9 + YAML_LIMITS.depth}: brackets nested more than ${YAML_LIMITS.depth} deep$`)],
    ['map nesting 50,000 deep', `layers: ${'{a: '.repeat(50_000)}1${'}'.repeat(50_000)}\n`, new RegExp(`^1:${9 + 4 * YAML_LIMITS.depth}: brackets nested more than`)],
    ['block nesting 300 deep', `${Array.from({ length: 300 }, (_, k) => `${' '.repeat(k)}a:`).join('\n')} 1\n`, new RegExp(`^${YAML_LIMITS.indent + 2}:${YAML_LIMITS.indent + 1}: indented more than ${YAML_LIMITS.indent} columns: nesting this deep is not a network file$`)],
    ['compact sequences 50,000 deep on one line', `layers:\n${'- '.repeat(50_000)}x\n`, new RegExp(`^2:${YAML_LIMITS.indent + 1}: indented more than`)],
    ['explicit keys 50,000 deep on one line', `${'? '.repeat(50_000)}x\n`, new RegExp(`^1:${YAML_LIMITS.indent + 1}: indented more than`)],
    ['anchored compact sequences', `${'- &a '.repeat(20_000)}x\n`, /^1:\d+: indented more than/],
    ['duplicate keys', 'input: 3\noutput: 2\ninput: 4\nlayers: [{units: 2}]\nloss: squared\n', /^3:1: Map keys must be unique/],
    ['duplicate keys in a layer', 'input: 3\noutput: 2\nlayers:\n  - {units: 2, units: 3}\nloss: squared\n', /^4:16: Map keys must be unique/],
    ['a js/function tag', 'input: !!js/function "function () { process.exit(1) }"\n', /^1:8: (Unresolved tag|tags \(.*js\/function\))/],
    ['a custom tag', 'input: !foo 3\n', /^1:8: (Unresolved tag|tags \(!foo\))/],
    ['a standard tag', 'input: !!int 3\noutput: 2\nlayers: [{units: 2}]\nloss: squared\n', /^1:\d+: tags \(tag:yaml.org,2002:int\) are not allowed$/],
    ['a binary tag', 'input: 3\nloss: !!binary aGVsbG8=\n', /^2:\d+: tags \(tag:yaml.org,2002:binary\) are not allowed$/],
    ['__proto__ at the top', '__proto__: {polluted: true}\ninput: 3\n', /^1:1: unknown key '__proto__' in a network file/],
    ['__proto__ in a layer', 'input: 3\noutput: 2\nlayers:\n  - {units: 2, __proto__: {units: 7}}\nloss: squared\n', /^4:16: unknown key '__proto__' in layer 1/],
    ['constructor key', 'constructor: 1\n', /^1:1: unknown key 'constructor' in a network file/],
    ['quoted __proto__', '"__proto__": 1\n', /^1:1: unknown key '__proto__'/],
    ['a list document', '- {units: 4}\n', /^1:1: a network file must be a map of keys to values/],
    ['a scalar document', 'squared\n', /^1:1: a network file must be a map/],
    ['a number document', '42\n', /^1:1: a network file must be a map/],
    ['a null document', 'null\n', /^1:1: a network file must be a map/],
    ['an empty file', '', /^1:1: a network file must be a map/],
    ['only a comment', '# nothing here\n', /^1:1: a network file must be a map/],
    ['only blank lines', '\n\n   \n', /^1:1: a network file must be a map/],
    ['two documents', 'input: 3\n---\ninput: 4\n', /^2:1: Source contains multiple documents/],
    ['a syntax error', 'input: [3\n', /^\d+:\d+: /],
    ['a tab for indentation', 'layers:\n\t- {units: 2}\n', /^\d+:\d+: /],
    ['a file over 256 KiB', `input: 3\n${'# padding\n'.repeat(30_000)}`, new RegExp(`^\\d+:\\d+: the file is larger than ${NETWORK_LIMITS.bytes / 1024} KiB$`)],
    ['a file over 1 MiB', `input: 3\n${'# padding\n'.repeat(120_000)}`, new RegExp(`^\\d+:\\d+: the file is larger than ${NETWORK_LIMITS.bytes / 1024} KiB$`)],
    ['20,000 keys on one line', `{${Array.from({ length: 20_000 }, (_, k) => `k${k}: 1`).join(', ')}}\n`, /^1:2: unknown key 'k0' in a network file/],
    ['25,000 keys, the last a duplicate', `${Array.from({ length: 25_000 }, (_, k) => `k${k}: 1`).join('\n')}\nk0: 2\n`, /^25001:1: Map keys must be unique$/],
    ['a duplicate key spelled with quotes', 'input: 3\n"input": 4\n', /^2:1: Map keys must be unique$/],
  ];
  for (const [name, yaml, message] of rows) {
    it(name, () => {
      const f = failure(yaml);
      expect(f.error).toBeInstanceOf(YamlError);
      expect(f.text).toMatch(message);
    });
  }
});

describe('the shared defensive parser', () => {
  it('keeps the problems file on it, errors as line:column (compact nesting too)', () => {
    expect(() => parseProblemsFile(`problems:\n${'- '.repeat(5000)}x\n`)).toThrow(new RegExp(`^2:${YAML_LIMITS.indent + 1}: indented more than ${YAML_LIMITS.indent} columns: nesting this deep is not a problems file$`));
    expect(() => parseProblemsFile('a: &a 1\nb: *a\n')).toThrow(/^2:4: aliases \(\*a\) are not allowed: write each value out \(in a problems file, 'defaults' holds shared settings\)$/);
  });

  it('reads ordinary files: compact sequences, anchors without aliases, quoted brackets', () => {
    const { doc } = parseSafeYaml('a:\n- - 1\n  - 2\n- "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["\nb: &x 3\n');
    expect(doc.toJS()).toEqual({ a: [[1, 2], '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['], b: 3 });
  });

  it('finds a duplicate among 40,000 keys at its line (our own check, a Set: the parser\'s is quadratic)', () => {
    const keys = Array.from({ length: 40_000 }, (_, k) => `k${k}: 1`).join('\n');
    expect(() => parseProblemsFile(`${keys}\nk39999: 2\n`)).toThrow(/^40001:1: Map keys must be unique$/);
  });

  it('allows compact nesting up to the indentation limit', () => {
    const depth = YAML_LIMITS.indent / 2;
    const { doc } = parseSafeYaml(`${'- '.repeat(depth)}x\n`);
    let v: unknown = doc.toJS();
    for (let k = 0; k < depth; k++) v = (v as unknown[])[0];
    expect(v).toBe('x');
  });
});
