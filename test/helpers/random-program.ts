// Random small programs for property tests: a layer with a random function,
// a second statement of a random form, and a random scalar objective, with
// random (small) shapes. Seeded, so every failure names its program.
import { mulberry32 } from '../../src/verify/rng.js';

const FUNCS = ['sigmoid', 'tanh', 'softplus', 'exp', 'sin'];

export function randomProgram(seed: number, options: { minRows?: number; maxDim?: number; softmax?: boolean } = {}): { source: string; m: number; n: number } {
  const rng = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
  const maxDim = options.maxDim ?? 4;
  const minRows = options.minRows ?? 1;
  const n = 1 + Math.floor(rng() * maxDim);
  const m = minRows + Math.floor(rng() * (maxDim - minRows + 1));
  const batch = 1 + Math.floor(rng() * 3);
  const lines = [`param A[${m},${n}]`, `param c[${m}]`, `data X[${n},${batch}]`, `param B[${n},${m}]`];
  lines.push(`H = ${pick(FUNCS)}(A*X + c)`);
  lines.push(pick([`G = B*H .* X`, `G = (B*H) ./ 2 - X`, `G = ${pick(FUNCS)}(B*H) + X`, ...(options.softmax === false ? [] : [`G = B*softmax(H)`])]));
  lines.push(pick([`f = sum(G.^2)`, `f = sqnorm(G) + mean(H)`, `f = sum(logsumexp(G))`, `f = sum(H .* (B'*G))`]));
  return { source: lines.join('\n'), m, n };
}
