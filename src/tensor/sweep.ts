// μ of every variable and the gradient of every param by one reverse sweep
// of the derived equations.
import type { ProgramDerivation } from './derive.js';
import { evaluate } from './evaluate.js';
import type { NodeId } from '../ir/build.js';
import type { ProgramPoint } from './point.js';
import { filled, type Shape, type Tensor } from '../ir/shape.js';

export interface Sweep {
  /** μ of each statement variable and, for params, the gradient. */
  readonly mu: ReadonlyMap<string, Tensor>;
  readonly gradient: ReadonlyMap<string, Tensor>;
}

/** One reverse sweep of the derived equations. */
export function sweepProgram(der: ProgramDerivation, point: ProgramPoint): Sweep {
  const b = der.program.builder;
  const mus = new Map<string, Tensor>();
  const memo = new Map<NodeId, Tensor>();
  const env = { values: point.values, mus };
  for (const eq of der.backward) {
    const shape = der.program.shapes.get(eq.name)!;
    mus.set(eq.name, eq.sum === null ? filled(shape, 0) : broadcastTo(evaluate(b, eq.sum, env, memo), shape));
  }
  const gradient = new Map<string, Tensor>();
  for (const eq of der.gradient) {
    const shape = der.program.shapes.get(eq.name)!;
    gradient.set(eq.name, eq.sum === null ? filled(shape, 0) : broadcastTo(evaluate(b, eq.sum, env, memo), shape));
  }
  return { mu: mus, gradient };
}

/** A scalar 1 (μ_obj) as a tensor of the variable's shape; anything else unchanged. */
function broadcastTo(t: Tensor, s: Shape): Tensor {
  return t.rows === s[0] && t.cols === s[1] ? t : filled(s, t.data[0]!);
}
