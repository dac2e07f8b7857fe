// The student edition leaves blank what it is told: `--blank` on the command
// line, `blank` in the problems file (for the document and per problem);
// unknown parts are refused with their position.
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { fakeIo } from './helpers/fake-io.js';

const BLANK_TEX = '\\underline{\\hspace{12em}}';

async function run(args: string[], files: Record<string, string>) {
  const f = fakeIo({ files });
  const code = await main(args, f.io);
  return { code, out: f.stdout(), err: f.stderr(), files: f.files };
}

const ONE = `problems:
  - title: Composite
    expression: exp(sin(t))
    at: {t: 0.5}
`;

/** The LaTeX between a section's heading and the next. */
function section(tex: string, name: string): string {
  const start = tex.indexOf(`\\subsection*{${name}}`);
  expect(start, name).toBeGreaterThanOrEqual(0);
  const end = tex.indexOf('\\subsection*{', start + 1);
  return tex.slice(start, end < 0 ? undefined : end);
}

describe('--blank', () => {
  it('by default leaves the backward pass and the gradient blank, and gives the forward pass and the Lagrangian', async () => {
    const r = await run(['handout', 'p.yaml', '-o', 'h.tex', '--edition', 'student'], { 'p.yaml': ONE });
    expect(r.code, r.err).toBe(0);
    const tex = r.files.get('h.tex')!;
    expect(section(tex, 'Backward pass')).toContain(BLANK_TEX);
    expect(section(tex, 'Gradient')).toContain(BLANK_TEX);
    expect(section(tex, 'Forward pass')).toContain('z_{2} &= \\sin z_{1}');
    expect(section(tex, 'Lagrangian')).not.toContain(BLANK_TEX);
    expect(tex).toContain('Fill in the blanks: every condition on the multipliers, the backward pass and the gradient. The forward pass and the values at the point are given.');
  });

  it('leaves exactly the named parts blank, with the same equation numbers as the key', async () => {
    const r = await run(['handout', 'p.yaml', '-o', 'h.tex', '--edition', 'student', '--blank', 'graph,lagrangian', '--blank', 'forward'], { 'p.yaml': ONE });
    expect(r.code, r.err).toBe(0);
    const tex = r.files.get('h.tex')!;
    const key = r.files.get('h-key.tex')!;
    // The graph is to be drawn: no picture, the table's α and β columns empty.
    expect(section(tex, 'Computation graph')).not.toContain('tikzpicture');
    expect(section(tex, 'Computation graph')).toContain('Draw the graph');
    expect(section(tex, 'Computation graph')).toMatch(/\$z_\{2\}\$ & \$\\sin z_\{1\}\$ &  &  & /);
    expect(section(key, 'Computation graph')).toContain('tikzpicture');
    expect(section(tex, 'Lagrangian')).toContain(BLANK_TEX);
    expect(section(tex, 'Lagrangian')).not.toContain('\\sin z_{1}');
    expect(section(tex, 'Forward pass')).toContain(BLANK_TEX);
    expect(section(tex, 'Forward pass')).not.toContain('0.479426');
    // Not named: given, multipliers included.
    expect(section(tex, 'Backward pass')).toContain('\\mu_{2} &= \\mu_{3} z_{3}');
    expect(section(tex, 'Gradient')).toContain('\\mu_{2} \\cos z_{1}');
    expect(section(tex, 'KKT conditions')).toContain('\\Rightarrow \\mu_{2} = \\mu_{3} z_{3}');
    expect(tex).toContain("Fill in the blanks: the computation graph (its edges, and each node's arguments and consumers), the Lagrangian and the forward pass and the values at the point.");
    const tags = (s: string): string[] => [...s.matchAll(/\\tag\{([\d.]+)\}/g)].map((m) => m[1]!);
    expect(tags(tex)).toEqual(tags(key).slice(0, tags(tex).length));
  });

  it('kkt blanks every KKT condition, and a program\'s graph hides the terms on its edges', async () => {
    const file = `problems:
  - network:
      input: 2
      output: 1
      layers:
        - {units: 3, activation: sigmoid}
        - {units: 1}
      loss: half-squared
`;
    const r = await run(['handout', 'p.yaml', '-o', 'h.md', '--edition', 'student', '--blank', 'kkt'], { 'p.yaml': file });
    expect(r.code, r.err).toBe(0);
    const md = r.files.get('h.md')!;
    const kkt = md.slice(md.indexOf('### KKT conditions'), md.indexOf('### Forward pass'));
    expect(kkt).not.toContain('W_{1} x + b_{1}');
    expect(kkt).not.toContain('\\mu_{z_{1}} = W_{2}^{\\top}');
    // Backward pass and gradient given.
    expect(md.slice(md.indexOf('### Backward pass'))).toContain('\\mu_{z_{1}} &= W_{2}^{\\top}');
    expect(md).toContain('z1 -->|"?"| z7');
  });

  it('takes blank from the problems file, for the document and per problem; the command line replaces the document\'s', async () => {
    const file = `blank: [lagrangian]
problems:
  - expression: exp(sin(t))
    at: {t: 0.5}
  - expression: x*y
    blank: forward, gradient
`;
    const r = await run(['handout', 'p.yaml', '-o', 'h.tex', '--edition', 'student'], { 'p.yaml': file });
    expect(r.code, r.err).toBe(0);
    const tex = r.files.get('h.tex')!;
    const [one, two] = tex.split('\\section*{2');
    expect(section(one!, 'Lagrangian')).toContain(BLANK_TEX);
    expect(section(one!, 'Gradient')).not.toContain(BLANK_TEX);
    expect(one).toContain('Left blank here: the Lagrangian.');
    expect(section(two!, 'Lagrangian')).not.toContain(BLANK_TEX);
    expect(section(two!, 'Forward pass')).toContain(BLANK_TEX);
    expect(section(two!, 'Gradient')).toContain(BLANK_TEX);
    expect(two).toContain('Left blank here: the forward pass and the gradient.');
    const over = await run(['handout', 'p.yaml', '-o', 'h.tex', '--edition', 'student', '--blank', 'kkt'], { 'p.yaml': file });
    const [o1, o2] = over.files.get('h.tex')!.split('\\section*{2');
    expect(section(o1!, 'Lagrangian')).not.toContain(BLANK_TEX);
    expect(section(o1!, 'KKT conditions')).toContain(BLANK_TEX);
    expect(section(o2!, 'Gradient')).toContain(BLANK_TEX);
  });

  it('refuses an unknown part with one positioned line, and writes nothing', async () => {
    const cli = await run(['handout', 'p.yaml', '-o', 'h.tex', '--edition', 'student', '--blank', 'graph,grpah'], { 'p.yaml': ONE });
    expect(cli.code).toBe(2);
    expect(cli.err).toBe("lagrad: error: --blank graph,grpah: unknown part 'grpah' to leave blank (known: graph, lagrangian, kkt, forward, backward, gradient)\n");
    expect(cli.files.has('h.tex')).toBe(false);
    const inList = await run(['handout', 'p.yaml', '-o', 'h.tex', '--edition', 'student'], { 'p.yaml': `${ONE}    blank: [forward, kkt, grpah]\n` });
    expect(inList.code).toBe(2);
    expect(inList.err).toBe("lagrad: error: p.yaml:5:27: unknown part 'grpah' in 'blank' of problem 1 (known: graph, lagrangian, kkt, forward, backward, gradient)\n");
    const top = await run(['handout', 'p.yaml', '-o', 'h.tex', '--edition', 'student'], { 'p.yaml': `blank: graph, lagrngian\n${ONE}` });
    expect(top.code).toBe(2);
    expect(top.err).toBe("lagrad: error: p.yaml:1:15: unknown part 'lagrngian' in 'blank' of the problems file (known: graph, lagrangian, kkt, forward, backward, gradient)\n");
    const notList = await run(['handout', 'p.yaml', '-o', 'h.tex', '--edition', 'student'], { 'p.yaml': `blank: {graph: 1}\n${ONE}` });
    expect(notList.code).toBe(2);
    expect(notList.err).toMatch(/^lagrad: error: p\.yaml:1:8: 'blank' of the problems file must be a list of parts/);
  });

  it('goes with --edition student', async () => {
    const r = await run(['handout', 'p.yaml', '-o', 'h.tex', '--blank', 'graph'], { 'p.yaml': ONE });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--blank goes with --edition student/);
  });
});

describe('the key next to a handout', () => {
  it('is named after -o, whatever characters the name has (a line separator U+2028 crashed it: found by npm run fuzz)', async () => {
    const { keyPath } = await import('../src/cli/commands/handout.js');
    expect(keyPath('handout.html')).toBe('handout-key.html');
    expect(keyPath('\u2028handout.html')).toBe('\u2028handout-key.html');
    expect(keyPath('a\u2029b\nc.tex')).toBe('a\u2029b\nc-key.tex');
    expect(keyPath('noext')).toBe('noext-key');
  });
});
