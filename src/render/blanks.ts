// What a student's edition leaves blank (`--blank`, the problems file's
// `blank`): the parts of a derivation, the default, and the sentence that
// tells the student what to fill in. No imports: the CLI's option table reads
// it without loading the renderers.

/** The parts a student's edition can leave blank, in the order of a derivation. */
export const BLANK_PARTS = ['graph', 'lagrangian', 'kkt', 'forward', 'backward', 'gradient'] as const;
export type BlankPart = (typeof BLANK_PARTS)[number];
export type Blanks = ReadonlySet<BlankPart>;

/** The default: the backward pass and the gradient (and the conditions that give them). */
export const DEFAULT_BLANKS: Blanks = new Set<BlankPart>(['backward', 'gradient']);

/** The parts named in `names`, or the first name that is not a part. */
export function blanksOf(names: readonly string[]): { blanks: Blanks } | { unknown: string; index: number } {
  const out = new Set<BlankPart>();
  for (const [index, raw] of names.entries()) {
    const name = raw.trim().toLowerCase();
    if (!(BLANK_PARTS as readonly string[]).includes(name)) return { unknown: raw.trim(), index };
    out.add(name as BlankPart);
  }
  return { blanks: out };
}

/** The message for a name that is not a part. */
export function unknownBlank(name: string): string {
  return `unknown part '${name}' to leave blank (known: ${BLANK_PARTS.join(', ')})`;
}

/** The same set of parts. */
export function sameBlanks(a: Blanks, b: Blanks): boolean {
  return a.size === b.size && [...a].every((p) => b.has(p));
}

function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * The student's instructions: what is blank, what is given. `perProblem`
 * when the problems do not all leave the same parts blank.
 */
export function studentInstructions(blanks: Blanks, perProblem = false): string {
  if (perProblem) return 'Fill in the blanks; each problem says which parts it leaves blank, the rest is given.';
  const b = (p: BlankPart): boolean => blanks.has(p);
  const blank = [
    ...(b('graph') ? ["the computation graph (its edges, and each node's arguments and consumers)"] : []),
    ...(b('lagrangian') ? ['the Lagrangian'] : []),
    ...(b('kkt') ? ['every KKT condition'] : b('backward') ? ['every condition on the multipliers'] : []),
    ...(b('forward') ? ['the forward pass and the values at the point'] : []),
    ...(b('backward') ? ['the backward pass'] : []),
    ...(b('gradient') ? ['the gradient'] : []),
  ];
  if (blank.length === 0) return 'Every step is given: read each one and check it.';
  return `Fill in the blanks: ${listed(blank)}.${b('forward') ? '' : ' The forward pass and the values at the point are given.'}`;
}

/** What one problem leaves blank, as a sentence (when problems differ). */
export function problemBlanksSentence(blanks: Blanks): string {
  const parts = BLANK_PARTS.filter((p) => blanks.has(p));
  return parts.length === 0 ? 'Nothing is left blank here: every step is given.' : `Left blank here: ${listed(parts.map((p) => PART_NAME[p]))}.`;
}

const PART_NAME: Readonly<Record<BlankPart, string>> = {
  graph: 'the graph',
  lagrangian: 'the Lagrangian',
  kkt: 'the KKT conditions',
  forward: 'the forward pass',
  backward: 'the backward pass',
  gradient: 'the gradient',
};
