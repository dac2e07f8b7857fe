// `lagrad derive net.yaml`: the network shorthand compiles to a program, and
// the YAML and the program give the same derivation.
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { compileNetwork } from '../src/parse/network.js';
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
});
