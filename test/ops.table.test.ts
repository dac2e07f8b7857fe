// For every entry of the op table: arity, the symbolic partials against central
// differences of `evaluate`, the complex continuation against `evaluate` on the
// real line, and the complex step against the symbolic partials. Iterates over
// Object.keys(OPS), so a new op is covered without touching this file.
import { describe, expect, it } from 'vitest';
import { Arena } from '../src/ir/arena.js';
import { Builder } from '../src/ir/build.js';
import { c } from '../src/ops/complex.js';
import { OPS, type ScalarOpName as OpName, type OpSpec } from '../src/ir/ops.js';
import type { NodeId } from '../src/ir/types.js';
import { compileReal } from '../src/verify/evaluate.js';
import { mulberry32 } from '../src/verify/rng.js';
import { close, COMPLEX_STEP, type Tolerance } from '../src/verify/tolerance.js';

const NAMES = Object.keys(OPS) as OpName[];
const POINTS = 20;
/** Ops whose derivative jumps at 0 (their domain reports a kink there): points are kept at least MARGIN away from it. */
const KINK_OPS: ReadonlySet<string> = new Set(NAMES.filter((n) => OPS[n].domain?.(0, 0.5, 1, [false, true, true])?.kind === 'kink'));
/**
 * Distance kept from the edge of every op's domain, relative to max(1, |a|) (the domain
 * must hold at a ± MARGIN·max(1, |a|) too), so that the finite difference measures the
 * partial, not the singularity. tan's poles are not in its domain test (only within
 * |cos a| < 1e-12), so tan relies on the seeded points not landing next to one.
 */
const MARGIN = 1e-2;
/** Central-difference step, scaled to the argument: h ≈ ε^{1/3}·max(1, |a|). */
const FD_STEP = Math.cbrt(Number.EPSILON);
const CS_STEP = 1e-20;
/**
 * Central differences with h = ε^{1/3}·max(1, |a|): round-off ≈ ε|f|/h ≈ 4e-11·|f|/max(1, |a|)
 * and truncation ≈ h²|f'''|/6, which MARGIN·max(1, |a|) away from a singularity is
 * ≲ (6e-6/MARGIN)² ≈ 4e-7 relative. rel 1e-5, and abs 1e-8 scaled by |f|/max(1, |a|) (the
 * size of the round-off), leave a margin of 25 to 250 over these, yet a wrong partial (a
 * sign, a factor, a missing term) is off by O(1) relative.
 */
const FD_TOL: Tolerance = { rel: 1e-5, abs: 1e-8 };
/** The continuation on the real axis is the same arithmetic up to a few ulps (hypot, atan2, exp∘log). */
const REAL_AXIS_TOL: Tolerance = { rel: 1e-12, abs: 1e-14 };

/** Which arguments are constants: every mix of variable and constant for binary ops. */
type Pattern = readonly boolean[];
function patterns(op: OpSpec): readonly Pattern[] {
  const all: Pattern[] = op.arity === 1 ? [[false]] : op.arity === 2 ? [[false, false], [false, true], [true, false]]
    : [[false, false, false], [false, true, true], [true, false, true], [true, true, false]];
  // An argument that must be a constant (nthRoot's degree) is never varied.
  return all.filter((p) => (op.constantArgs ?? []).every((k) => p[k]));
}
const patternText = (p: Pattern): string => p.map((isConst) => (isConst ? 'const' : 'var')).join(', ');

interface Point {
  readonly a: number;
  readonly b: number;
  readonly c: number;
}
const show = (name: string, p: Point, pattern: Pattern): string =>
  `${name}(${[p.a, p.b, p.c].slice(0, pattern.length).join(', ')}) [args: ${patternText(pattern)}]`;
const argOf = (p: Point, k: number): number => (k === 0 ? p.a : k === 1 ? p.b : p.c);
const withArg = (p: Point, k: number, v: number): Point => ({ a: k === 0 ? v : p.a, b: k === 1 ? v : p.b, c: k === 2 ? v : p.c });

/**
 * Seeded points inside the op's domain, at least MARGIN from its edge (and from 0
 * for the kink ops). Half the values are drawn in [−3, 3]; a constant second
 * argument is sometimes an integer, where pow accepts a negative base; a quarter
 * of the points are drawn wider, in [−20, 20].
 */
function pointsFor(name: OpName, op: OpSpec, pattern: Pattern, seed: number): Point[] {
  const rng = mulberry32(seed);
  const draw = (wide: boolean): number => Math.round((2 * rng() - 1) * (wide ? 20 : 3) * 1e4) / 1e4;
  const inside = (a: number, b: number, c: number): boolean => (op.domain?.(a, b, c, pattern) ?? null) === null;
  const out: Point[] = [];
  for (let tries = 0; out.length < POINTS && tries < 10_000; tries++) {
    const wide = out.length % 4 === 3;
    const a = draw(wide);
    let b = op.arity >= 2 ? draw(wide) : 0;
    let c = op.arity >= 3 ? draw(wide) : 0;
    if (op.arity >= 2 && pattern[1] && rng() < 0.5) b = Math.round(b);
    if (op.arity === 3 && b > c) [b, c] = [c, b];
    if (KINK_OPS.has(name) && Math.abs(a) < MARGIN) continue;
    // The margin applies to the arguments that vary; a constant is used exactly as drawn.
    const shifts = (isConst: boolean | undefined, x: number): number[] => {
      const m = MARGIN * Math.max(1, Math.abs(x));
      return isConst === false ? [-m, 0, m] : [0];
    };
    const ok = shifts(pattern[0], a).every((da) => shifts(pattern[1], b).every((db) => shifts(pattern[2], c).every((dc) => inside(a + da, b + db, c + dc))));
    if (!ok) continue;
    // Next to a pole (cot near 0) differences cannot resolve the derivative: not a point to test partials at.
    if (!Number.isFinite(op.evaluate(a, b, c)) || Math.abs(op.evaluate(a, b, c)) > 100) continue;
    out.push({ a, b, c });
  }
  return out;
}

/** The op's partials as closures over z = [0, a, b, out], built in a fresh arena. */
function compiledPartials(op: OpSpec, pattern: Pattern, p: Point): ((z: Float64Array) => number)[] {
  const b = new Builder(new Arena());
  const values = [p.a, p.b, p.c];
  const args: NodeId[] = pattern.map((isConst, k) => (isConst ? b.num(values[k]!) : b.ref(k + 1)));
  const out = b.ref(4);
  return op.partials(b, args, out).map((id) => compileReal(b, id, new Map()));
}

const SEED_BASE = 0x0b5;
const seedOf = (name: string, pattern: Pattern): number =>
  [...`${name}:${patternText(pattern)}`].reduce((h, ch) => Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0, SEED_BASE);

/**
 * Values where domains end, kinks sit and integer exponents change the rules: at
 * every pair of these, an op whose domain accepts the point must be defined and
 * differentiable there, on both sides (the tool's check differences around it).
 */
const SPECIAL = [0, 0.5, -0.5, 1, -1, 1.5, -1.5, 2, -2, 2.5, -2.5, 3, -3, Math.PI / 2, -Math.PI / 2];

describe.each(NAMES)('op %s', (name) => {
  const op = OPS[name];

  it('has one partial per argument', () => {
    const b = new Builder(new Arena());
    const args = Array.from({ length: op.arity }, (_, k) => b.ref(k + 1));
    expect(op.partials(b, args, b.ref(4)), `${name}: arity ${op.arity}`).toHaveLength(op.arity);
    expect([1, 2, 3], `${name}: arity`).toContain(op.arity);
  });

  for (const pattern of patterns(op)) {
    const points = pointsFor(name, op, pattern, seedOf(name, pattern));

    it(`finds ${POINTS} points inside its domain [args: ${patternText(pattern)}]`, () => {
      expect(points.length, `${name} [args: ${patternText(pattern)}]: points found inside the domain`).toBe(POINTS);
    });

    const ev = (p: Point): number => op.evaluate(p.a, p.b, p.c);
    const zOf = (p: Point): Float64Array => new Float64Array([0, p.a, p.b, p.c, ev(p)]);

    it(`partials agree with central differences of evaluate [args: ${patternText(pattern)}]`, () => {
      const failures: string[] = [];
      for (const p of points) {
        const value = ev(p);
        const partials = compiledPartials(op, pattern, p);
        pattern.forEach((isConst, k) => {
          if (isConst) return;
          const x = argOf(p, k);
          const h = FD_STEP * Math.max(1, Math.abs(x));
          const xp = x + h;
          const xm = x - h;
          const fd = (ev(withArg(p, k, xp)) - ev(withArg(p, k, xm))) / (xp - xm);
          const symbolic = partials[k]!(zOf(p));
          const scale = Math.max(1, Math.abs(value)) / Math.max(1, Math.abs(x));
          if (!close(symbolic, fd, FD_TOL, scale)) {
            failures.push(`${show(name, p, pattern)}: ∂/∂arg${k + 1} symbolic ${symbolic}, central difference ${fd}`);
          }
        });
      }
      expect(failures).toEqual([]);
    });

    it.runIf(op.hasComplex)(`complex continuation agrees with evaluate on the real axis [args: ${patternText(pattern)}]`, () => {
      const failures: string[] = [];
      for (const p of points) {
        const real = ev(p);
        const z = op.complex(c(p.a), c(p.b), c(p.c));
        if (!close(z.re, real, REAL_AXIS_TOL) || !close(z.im, 0, REAL_AXIS_TOL, Math.abs(real))) {
          failures.push(`${show(name, p, pattern)}: complex ${z.re} + ${z.im}i, evaluate ${real}`);
        }
      }
      expect(failures).toEqual([]);
    });

    it(`is differentiable wherever its domain accepts a special value [args: ${patternText(pattern)}]`, () => {
      const failures: string[] = [];
      const third = op.arity === 3 ? SPECIAL : [0];
      for (const a of SPECIAL) {
        for (const bv of op.arity >= 2 ? SPECIAL : [0]) {
          for (const cv of third) {
            const p = { a, b: bv, c: cv };
            if ((op.domain?.(a, bv, cv, pattern) ?? null) !== null) continue;
            const value = ev(p);
            if (!Number.isFinite(value)) {
              failures.push(`${show(name, p, pattern)}: the domain accepts the point, evaluate gives ${value}`);
              continue;
            }
            const partials = compiledPartials(op, pattern, p);
            pattern.forEach((isConst, k) => {
              if (isConst) return;
              const x = argOf(p, k);
              const h = FD_STEP * Math.max(1, Math.abs(x));
              const fd = (ev(withArg(p, k, x + h)) - ev(withArg(p, k, x - h))) / (2 * h);
              const symbolic = partials[k]!(zOf(p));
              const scale = Math.max(1, Math.abs(value)) / Math.max(1, Math.abs(x));
              if (!Number.isFinite(symbolic) || !Number.isFinite(fd) || !close(symbolic, fd, FD_TOL, scale)) {
                failures.push(`${show(name, p, pattern)}: the domain accepts the point; ∂/∂arg${k + 1} symbolic ${symbolic}, central difference ${fd}`);
              }
            });
          }
        }
      }
      expect(failures).toEqual([]);
    });

    it.runIf(op.hasComplex)(`complex step agrees with the partials [args: ${patternText(pattern)}]`, () => {
      const failures: string[] = [];
      for (const p of points) {
        const value = ev(p);
        const partials = compiledPartials(op, pattern, p);
        pattern.forEach((isConst, k) => {
          if (isConst) return;
          const w = op.complex(c(p.a, k === 0 ? CS_STEP : 0), c(p.b, k === 1 ? CS_STEP : 0), c(p.c, k === 2 ? CS_STEP : 0));
          const step = w.im / CS_STEP;
          const symbolic = partials[k]!(zOf(p));
          const x = argOf(p, k);
          const scale = Math.max(1, Math.abs(value)) / Math.max(1, Math.abs(x));
          if (!close(symbolic, step, COMPLEX_STEP, scale)) {
            failures.push(`${show(name, p, pattern)}: ∂/∂arg${k + 1} symbolic ${symbolic}, complex step ${step}`);
          }
        });
      }
      expect(failures).toEqual([]);
    });
  }
});
