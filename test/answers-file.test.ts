// An answers file's target that is no name is refused at its position in the
// file (found by the fuzzer: a Markdown image as a target gave a message whose
// only position was the target's own text).
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { fakeIo } from './helpers/fake-io.js';

describe('answers files', () => {
  it('refuses a target that is no name, naming the file, line and column', async () => {
    const f = fakeIo({ files: { 'a.yaml': 'grad: {"![x](http://e.com/x.png)": "2*x*cos(x^2)"}\nmu: {}\n' } });
    expect(await main(['check', 'sin(x^2)', '--answers', 'a.yaml'], f.io)).toBe(2);
    expect(f.stderr()).toBe('lagrad: error: a.yaml:1:8: a target is a name such as x1 or z3 (y2/x1 for a list\'s output), got "![x](http://e.com/x.png)"\n');
    expect(f.stdout()).toBe('');
  });
  it('still takes names and node numbers', async () => {
    const f = fakeIo({ files: { 'a.yaml': 'grad:\n  x: 2*x*cos(x^2)\nmu:\n  3: 1\n' } });
    expect(await main(['check', 'sin(x^2)', '--answers', 'a.yaml'], f.io)).toBe(0);
  });
});
