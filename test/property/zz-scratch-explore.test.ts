import fc from 'fast-check';
import { it } from 'vitest';
import { parseExpression } from '../../src/parse/expr.js';
import { analyzeParsed } from '../../src/pipeline.js';
import { close, COMPLEX_STEP } from '../../src/verify/tolerance.js';
import { atFor, evaluate, point, smoothExpr, toText } from './arbitraries.js';
it('explore', () => {
  const samples = fc.sample(fc.tuple(smoothExpr, point), { numRuns: 100000, seed: 7 });
  let n = 0, cdOnly = 0, other = 0, kkt = 0, problem = 0;
  const shown: string[] = [];
  for (const [e, p] of samples) {
    const at = atFor(e, p);
    const ref = evaluate(e, at);
    if (!Number.isFinite(ref.value) || ref.maxAbs > 1e6 || !ref.kinkArgs.every((u) => Math.abs(u) > 1e-3)) continue;
    const parsed = parseExpression(toText(e));
    if (parsed.builder.isConst(parsed.root)) continue;
    const a = analyzeParsed(parsed, { at });
    const c = a.check!;
    n++;
    if (c.problem) { problem++; if (shown.length < 40) shown.push(`PROBLEM ${toText(e)} ${JSON.stringify([...at])} ${JSON.stringify(c.problem)}`); continue; }
    if (c.ok) continue;
    if (!c.kktOk) { kkt++; if (shown.length < 40) shown.push(`KKT ${toText(e)} ${JSON.stringify([...at])} ${c.kktResidual}`); }
    const bad = c.rows.filter((r) => !r.ok);
    const csAgrees = bad.every((r) => Number.isFinite(r.complexStep) && close(r.mu, r.complexStep, COMPLEX_STEP, 1e3));
    if (bad.length && csAgrees) cdOnly++; else if (bad.length) { other++; if (shown.length < 40) shown.push(`OTHER ${toText(e)} ${JSON.stringify([...at])} ${bad.map((r) => `z${r.node} mu ${r.mu} cd ${r.numeric} cs ${r.complexStep}`).join('; ')}`); }
  }
  console.log({ n, cdOnly, other, kkt, problem });
  console.log(shown.join('\n'));
});
