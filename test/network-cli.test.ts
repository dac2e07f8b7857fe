// `lagrad derive net.yaml`: the network shorthand compiles to a program, and
// the YAML and the program give the same derivation.
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { compileNetwork, LOSSES } from '../src/parse/network.js';
import { deriveProgram } from '../src/program-pipeline.js';
import { fakeIo } from './helpers/fake-io.js';

const NET = [
  'input: 3',
  'output: 3',
  'batch: 8',
  'layers:',
  '  - {units: 5, activation: tanh, bias: true}',
  '  - {units: 4, activation: sigmoid, bias: true}',
  '  - {units: 3, activation: identity, bias: true}',
  'loss: softmax-cross-entropy',
].join('\n');

describe('derive net.yaml', () => {
  it('gives the same derivation as the program it compiles to', async () => {
    const program = compileNetwork(NET).program;
    const fromYaml = fakeIo({ files: { 'net.yaml': NET } });
    expect(await main(['derive', 'net.yaml', '--format', 'json'], fromYaml.io)).toBe(0);
    const fromProgram = fakeIo({ files: { 'net.lag': program } });
    expect(await main(['derive', '--file', 'net.lag', '--format', 'json'], fromProgram.io)).toBe(0);
    const a = JSON.parse(fromYaml.stdout());
    const b = JSON.parse(fromProgram.stdout());
    expect(a.check.ok).toBe(true);
    // The sources differ only by the file's trailing newline; everything derived is the same.
    expect(a.source.trim()).toBe(b.source.trim());
    expect({ ...a, source: '' }).toEqual({ ...b, source: '' });
    // The softmax-cross-entropy shortcut, and the last bias gradient summed over the batch of 8.
    const text = fakeIo({ files: { 'net.yaml': NET } });
    await main(['derive', 'net.yaml'], text.io);
    expect(text.stdout()).toContain('μ_Yhat = softmax(Yhat) − Y');
    expect(text.stdout()).toContain('∂loss/∂b3 = μ_Yhat·𝟙');
  });

  it('shows the program in the text output', async () => {
    const f = fakeIo({ files: { 'net.yaml': NET } });
    expect(await main(['derive', '--file', 'net.yaml'], f.io)).toBe(0);
    expect(f.stdout()).toMatch(/param\s+W1\s+\[5,3\]/);
    expect(f.stdout()).toMatch(/✓ all checks pass/);
  });

  it('refuses an absurd size with the file, line and column, before allocating', async () => {
    const f = fakeIo({ files: { 'big.yaml': 'input: 3\noutput: 2\nlayers:\n  - {units: 1000000000}\nloss: squared\n' } });
    expect(await main(['derive', 'big.yaml'], f.io)).toBe(2);
    expect(f.stdout()).toBe('');
    expect(f.stderr()).toMatch(/^lagrad: error: big\.yaml: 4:13: /);
  });

  it('note 001 as YAML (squared_loss) and as DESIGN.md\'s program (the loss written out) give the same gradients', () => {
    const yaml = 'input: 3\noutput: 2\nlayers:\n  - {units: 4, activation: sigmoid, bias: false}\n  - {units: 2, activation: identity, bias: false}\nloss: squared\n';
    const design = 'param V[4,3]\nparam W[2,4]\ndata x[3]\ndata y[2]\nz = sigmoid(V*x)\nyhat = W*z\nloss = sum((y - yhat).^2)\n';
    const values = { W1: [[0.1, -0.2, 0.3], [0.4, 0.5, -0.6], [0.7, -0.8, 0.9], [-0.1, 0.2, 0.3]], W2: [[0.5, -0.5, 0.25, 1], [-1, 0.75, 0.5, -0.25]], x: [0.3, -0.7, 1.1], y: [0.2, -0.4] };
    const a = deriveProgram(compileNetwork(yaml).program, { values });
    const b = deriveProgram(design, { values: { V: values.W1, W: values.W2, x: values.x, y: values.y } });
    expect(a.point.values.get('loss')!.data[0]).toBeCloseTo(b.point.values.get('loss')!.data[0]!, 12);
    for (const [ours, theirs] of [['W1', 'V'], ['W2', 'W']] as const) {
      const g = a.sweep.gradient.get(ours)!.data;
      b.sweep.gradient.get(theirs)!.data.forEach((e, k) => expect(g[k]).toBeCloseTo(e, 12));
    }
    expect(a.check!.ok && b.check!.ok).toBe(true);
  });

  it('seeded labels of every loss are that loss\'s labels, and every loss checks', () => {
    const LABELS: Record<string, (e: number) => boolean> = {
      squared: () => true, 'half-squared': () => true,
      logistic: (e) => e === 1 || e === -1, 'cross-entropy': (e) => e === 0 || e === 1, 'softmax-cross-entropy': (e) => e === 0 || e === 1,
    };
    for (const loss of LOSSES) {
      const output = loss === 'softmax-cross-entropy' ? 3 : 1;
      const yaml = `input: 2\noutput: ${output}\nbatch: 6\nlayers:\n  - {units: 3, activation: tanh}\n  - {units: ${output}}\nloss: ${loss}\n`;
      const a = deriveProgram(compileNetwork(yaml).program);
      const Y = a.point.values.get('Y')!;
      expect([...Y.data].every(LABELS[loss]!), `${loss}: ${[...Y.data].join(' ')}`).toBe(true);
      if (loss === 'softmax-cross-entropy') for (let j = 0; j < 6; j++) expect(Y.data[j]! + Y.data[6 + j]! + Y.data[12 + j]!).toBe(1);
      expect(a.point.labels.size).toBe(loss.includes('squared') ? 0 : 1);
      expect(a.check!.ok, loss).toBe(true);
    }
  });
});
