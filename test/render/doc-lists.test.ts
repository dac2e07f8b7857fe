// Lists of inputs (issue 12): "2 inputs z₁, z₂", never "z₁, …, z₂"; an
// ellipsis only where it stands for at least one item, in text and documents.
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { headOfList, LATEX_LIST, spanList, TEXT_LIST } from '../../src/render/lists.js';
import { fakeIo } from '../helpers/fake-io.js';

async function derive(args: string[]): Promise<string> {
  const f = fakeIo();
  expect(await main(['derive', ...args, '--no-check'], f.io), f.stderr()).toBe(0);
  return f.stdout();
}

const z = (k: number): string => `z${k}`;

describe('spanList', () => {
  it('writes every item while they fit', () => {
    expect(spanList(1, z, TEXT_LIST)).toBe('z1');
    expect(spanList(2, z, TEXT_LIST)).toBe('z1, z2');
    expect(spanList(3, z, TEXT_LIST)).toBe('z1, z2, z3');
    expect(spanList(6, z, TEXT_LIST)).toBe('z1, z2, z3, z4, z5, z6');
  });
  it('elides at least one item where it writes an ellipsis', () => {
    for (let n = 0; n <= 40; n++) {
      for (const max of [3, 4, 6, 12]) {
        const items = spanList(n, z, TEXT_LIST, max).split(', ').filter((s) => s !== '');
        const shown = items.filter((s) => s !== '…').length;
        expect(items.includes('…')).toBe(shown < n);
        expect(items.length).toBeLessThanOrEqual(Math.max(max, 3));
        if (n > 0) expect(items[items.length - 1]).toBe(`z${n}`);
      }
    }
  });
  it('in LaTeX', () => {
    expect(spanList(8, z, LATEX_LIST)).toBe('z1,\\ z2,\\ z3,\\ z4,\\ \\ldots,\\ z8');
  });
  it('headOfList says how many it leaves out', () => {
    expect(headOfList([1, 2, 3], 3)).toEqual({ shown: [1, 2, 3], more: 0 });
    expect(headOfList([1, 2, 3, 4], 3)).toEqual({ shown: [1, 2, 3], more: 1 });
  });
});

describe('the inputs of the computation graph in a document', () => {
  it('two inputs: z₁, z₂ in LaTeX, Markdown and HTML', async () => {
    expect(await derive(['x1*x2', '--format', 'latex'])).toContain('2 inputs $z_{1},\\ z_{2}$, 1 operation');
    expect(await derive(['x1*x2', '--format', 'md'])).toContain('2 inputs $z_{1},\\ z_{2}$, 1 operation');
    const html = await derive(['x1*x2', '--format', 'html']);
    const para = html.split('\n').find((l) => l.includes('2 inputs'))!;
    expect(para).toContain('z_{1},\\ z_{2}</annotation>');
    expect(para).not.toMatch(/ldots|…/);
  });
  it('three inputs written out; eight elided, the ellipsis standing for three', async () => {
    expect(await derive(['x1*x2*x3', '--format', 'latex'])).toContain('3 inputs $z_{1},\\ z_{2},\\ z_{3}$');
    expect(await derive(['a+b+c+d+g+h+k+j', '--format', 'latex'])).toContain('8 inputs $z_{1},\\ z_{2},\\ z_{3},\\ z_{4},\\ \\ldots,\\ z_{8}$');
  });
  it('one input: no list punctuation at all', async () => {
    expect(await derive(['exp(sin(t))', '--format', 'latex'])).toContain('1 input $z_{1}$, 2 operations');
  });
});
