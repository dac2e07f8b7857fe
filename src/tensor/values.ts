// `--values FILE.json`: {"V": [[…], …], "x": […], "c": 2}, nested arrays
// row-major; a vector is a flat list (or a list of one-element rows).
import { InputError } from '../parse/errors.js';
import type { Program } from './program.js';
import { formatShape, tensor, type Shape, type Tensor } from '../ir/shape.js';

function fail(message: string): never {
  throw new InputError('usage', `--values: ${message}`);
}

/** Nested arrays of numbers → a tensor of the declared shape. */
export function tensorFromJson(name: string, value: unknown, shape: Shape): Tensor {
  const t = tensor(shape[0], shape[1]);
  const want = formatShape(shape);
  const num = (v: unknown, where: string): number => {
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${name}${where} is not a finite number`);
    return v as number;
  };
  if (shape[0] === 1 && shape[1] === 1 && !Array.isArray(value)) {
    t.data[0] = num(value, '');
    return t;
  }
  if (!Array.isArray(value) || value.length !== shape[0]) fail(`${name} must be ${want}: a list of ${shape[0]} ${shape[1] === 1 ? 'numbers' : 'rows'}`);
  (value as unknown[]).forEach((row, i) => {
    if (shape[1] === 1 && !Array.isArray(row)) {
      t.data[i] = num(row, `[${i}]`);
      return;
    }
    if (!Array.isArray(row) || row.length !== shape[1]) fail(`${name} must be ${want}: row ${i + 1} does not have ${shape[1]} entries`);
    (row as unknown[]).forEach((v, j) => (t.data[i * shape[1] + j] = num(v, `[${i}][${j}]`)));
  });
  return t;
}

/** The given values, each checked against its declaration. */
export function valuesFromJson(json: unknown, program: Program): Map<string, Tensor> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('expected an object {"name": value, …}');
  const out = new Map<string, Tensor>();
  const decls = new Map(program.declarations.map((d) => [d.name, d] as const));
  for (const [name, value] of Object.entries(json as Record<string, unknown>)) {
    const d = decls.get(name);
    if (!d) fail(`'${name}' is not a param or data of the program`);
    out.set(name, tensorFromJson(name, value, d!.shape));
  }
  return out;
}
