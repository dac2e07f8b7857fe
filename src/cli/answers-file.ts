// The answers file of `lagrad check --answers`: YAML (or JSON, which YAML
// reads too) mapping targets to claimed expressions, parsed with the same
// defences as the problems file; errors name line and column.
//   grad:
//     x1: 1/x1 + x2
//   mu:
//     z3: mu5
import type { ClaimSpec } from '../claims/claim.js';
import { isMap, isScalar, type Node, type YAMLMap } from '../parse/safe-yaml.js';
import { at, parseSafeYaml } from './problems-file.js';

const SECTIONS = ['grad', 'mu'] as const;
/** An input's or a node's name (x1, z3, mu3, W), or a node's number; either after a list's output (y2/x1: an entry of the Jacobian of [y1, y2, …]). */
const TARGET = /^(?:[A-Za-z]\d+\/)?(?:[A-Za-z_\u0391-\u03A9\u03B1-\u03C9\u03D1\u03D5\u03F5][A-Za-z0-9_\u0391-\u03A9\u03B1-\u03C9\u03D1\u03D5\u03F5]*|\d+)$/u;

export function parseAnswersFile(src: string): ClaimSpec[] {
  const { doc, lines } = parseSafeYaml(src);
  const root = doc.contents as Node | null;
  if (!isMap(root)) throw at(lines, root?.range?.[0] ?? 0, 'an answers file maps "grad" and "mu" to claims, e.g. grad: {x1: "1/x1 + x2"}');
  const specs: ClaimSpec[] = [];
  for (const section of (root as YAMLMap<Node, Node | null>).items) {
    const name = isScalar(section.key) ? section.key.value : undefined;
    if (typeof name !== 'string' || !(SECTIONS as readonly string[]).includes(name)) {
      throw at(lines, section.key?.range?.[0] ?? 0, `unknown key ${JSON.stringify(String(name))}: an answers file has "grad" and "mu"`);
    }
    const claims = section.value;
    if (!isMap(claims)) throw at(lines, claims?.range?.[0] ?? section.key.range?.[0] ?? 0, `"${name}" maps targets to claimed expressions`);
    for (const pair of (claims as YAMLMap<Node, Node | null>).items) {
      const target = isScalar(pair.key) ? pair.key.value : undefined;
      const claim = isScalar(pair.value) ? pair.value.value : undefined;
      if (typeof target !== 'string' && typeof target !== 'number') throw at(lines, pair.key?.range?.[0] ?? 0, 'a target is a name such as x1 or z3');
      if (typeof claim !== 'string' && typeof claim !== 'number') throw at(lines, pair.value?.range?.[0] ?? pair.key.range?.[0] ?? 0, `the claim for ${name}.${target} must be an expression`);
      if (!TARGET.test(String(target))) {
        throw at(lines, pair.key?.range?.[0] ?? 0, `a target is a name such as x1 or z3 (y2/x1 for a list's output), got ${JSON.stringify(String(target)).slice(0, 80)}`);
      }
      specs.push({ target: String(target), text: String(claim) });
    }
  }
  return specs;
}
