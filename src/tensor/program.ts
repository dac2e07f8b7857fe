// Programs (DESIGN.md section 3): statements `name = expr` separated by
// newlines or `;`, `#` comments, `param NAME[dims]`, `data NAME[dims]`,
// `minimize NAME`. Each expression is parsed by the scalar front end's
// mathjs parse (parseAnyDepth) and built into the tensor IR with shapes
// checked; every error is an InputError at an offset into the whole program.
import { InputError } from '../parse/errors.js';
import { checkCharacters } from '../parse/lexer.js';
import { MAX_NAME_LENGTH } from '../parse/expr.js';
import { buildExpression, CONSTANTS } from './expression.js';
import { MAX_ENTRIES, SizeError, Builder, type NodeId } from '../ir/build.js';
import { CALLABLE } from '../ops/registry.js';
import { TFUNCTIONS } from '../ir/tensor-ops.js';
import { isScalar, SCALAR, type Shape } from '../ir/shape.js';
import { expressionWork } from './work.js';

export type Role = 'param' | 'data';

export interface Declaration {
  readonly name: string;
  readonly role: Role;
  readonly shape: Shape;
  /** Declared with `param`/`data` (false: an undeclared symbol, a scalar param). */
  readonly declared: boolean;
  /** A param held fixed by --const or --wrt (its role is then data). */
  readonly heldFixed?: boolean;
}

export interface Statement {
  readonly name: string;
  readonly root: NodeId;
  readonly shape: Shape;
  /** The expression as written. */
  readonly text: string;
  /** User variables (params, statements) the expression uses, in first-use order; data excluded. */
  readonly uses: readonly string[];
}

export interface Program {
  readonly source: string;
  readonly builder: Builder;
  /** Params and data in order of declaration (undeclared scalar params where first used). */
  readonly declarations: readonly Declaration[];
  readonly statements: readonly Statement[];
  readonly objective: string;
  readonly shapes: ReadonlyMap<string, Shape>;
  /**
   * A vector output (note 004's Jacobian): the statements named by `output a, b` or a non-scalar objective.
   * The program then minimizes f = Σ_o sum(ō ⊙ o), ō a data seed of o's shape (`seeds`), so that one reverse
   * sweep with ō = e_k gives row k of the Jacobian.
   */
  readonly outputs?: readonly string[];
  /** Each output's seed, a data variable added after the user's declarations. */
  readonly seeds?: ReadonlyMap<string, string>;
  /** Where the outputs are named (the output line, or the vector objective's statement), for messages. */
  readonly outputsAt?: number;
}

export { MAX_ENTRIES } from '../ir/build.js';
/** Largest number of entries of all a program's values together. */
export const MAX_TOTAL_ENTRIES = 60_000_000;
/**
 * Largest work of one forward evaluation (work.ts units: a matrix product's
 * multiply-adds, entries read and written), counted from shapes as each
 * statement is built. Derivation, sweep and check cost about 40 forward
 * evaluations: the width-1,000, batch-256 network (2.6·10⁸) is checked in
 * 20 s; four 1200×1200 products in one line (6.9·10⁹) ran 200 s.
 */
export const MAX_FORWARD_WORK = 1_000_000_000;
const RESERVED = new Set(['param', 'data', 'minimize', 'pi', 'e', 'ones']);
const NAME = /^[A-Za-z\u0391-\u03A1\u03A3-\u03A9\u03B1-\u03C9\u03D1\u03D5\u03F5][A-Za-z0-9_\u0391-\u03A1\u03A3-\u03A9\u03B1-\u03C9\u03D1\u03D5\u03F5]*$/u;

interface Piece {
  readonly text: string;
  readonly offset: number;
}

/** Statements of the source: split at newlines and `;`, comments dropped, trimmed, offsets kept. */
export function splitStatements(source: string): Piece[] {
  const out: Piece[] = [];
  let lineStart = 0;
  for (const line of source.split('\n')) {
    const hash = line.indexOf('#');
    const code = hash >= 0 ? line.slice(0, hash) : line;
    let at = 0;
    for (const part of code.split(';')) {
      const lead = part.length - part.trimStart().length;
      const text = part.trim();
      if (text.length > 0) out.push({ text, offset: lineStart + at + lead });
      at += part.length + 1;
    }
    lineStart += line.length + 1;
  }
  return out;
}

/**
 * A program has a statement `name = …`, a declaration, `minimize`, or several
 * statements separated by `;` (an expression may continue over lines).
 */
export function isProgram(source: string): boolean {
  const pieces = splitStatements(source);
  if (pieces.length > 1 && source.split('\n').some((l) => l.replace(/#.*/, '').includes(';'))) return true;
  return pieces.some((p) => /^(param|data|minimize)\s/.test(p.text) || /^output\s+[^=]*$/s.test(p.text) || /^[^=<>!]*[^=<>!.]=(?!=)/.test(p.text));
}

export function parseProgram(source: string, options: { maxDepth?: number } = {}): Program {
  const b = new Builder();
  // All values together must fit too: thirty 10⁷-entry params would be 2.4 GB.
  let total = 0;
  const budget = (shape: Shape, offset: number): void => {
    total += shape[0] * shape[1];
    if (total > MAX_TOTAL_ENTRIES) fail(`the program's values exceed ${MAX_TOTAL_ENTRIES.toLocaleString('en')} entries in all`, offset);
  };
  let forwardWork = 0;
  const declarations: Declaration[] = [];
  const roles = new Map<string, Declaration>();
  const statements: Statement[] = [];
  const defined = new Map<string, Statement>();
  const statementOffset = new Map<string, number>();
  const shapes = new Map<string, Shape>();
  const minimize: { target: { name: string; offset: number } | null } = { target: null };
  const output: { names: { name: string; offset: number }[] | null } = { names: null };
  const fail = (message: string, offset: number): never => {
    throw new InputError('syntax', message, offset, source);
  };
  const checkName = (name: string, offset: number): void => {
    if (name.length > MAX_NAME_LENGTH) fail(`a name of ${name.length} characters: names are at most ${MAX_NAME_LENGTH} characters`, offset);
    if (!NAME.test(name)) fail(`'${name}' is not a name (letters, digits and _, starting with a letter)`, offset);
    if (RESERVED.has(name) || TFUNCTIONS.has(name) || CALLABLE.has(name)) fail(`'${name}' is reserved and cannot name a variable`, offset);
    if (name.startsWith('mu_') || name.startsWith('μ_')) fail(`names starting with mu_ or μ_ are reserved for multipliers ('${name}')`, offset);
    if (roles.has(name) || defined.has(name)) fail(`'${name}' is defined twice`, offset);
  };
  const pieces = splitStatements(source);
  for (const p of pieces) {
    try {
      checkCharacters(p.text);
    } catch (e) {
      if (e instanceof InputError) throw new InputError(e.kind, e.message, p.offset + (e.offset ?? 0), source);
      throw e;
    }
  }
  const statementPieces: { piece: Piece; name: string; exprOffset: number; expr: string }[] = [];
  let unnamed = 0;
  pieces.forEach((p, k) => {
    const decl = /^(param|data)\s+(.*)$/s.exec(p.text);
    if (decl) {
      const role = decl[1] as Role;
      const body = decl[2]!;
      const bodyOffset = p.offset + p.text.length - body.length;
      const re = /\s*([^\s,[\]]+)\s*(?:\[([^\]]*)\])?\s*(,|$)/gy;
      let m: RegExpExecArray | null;
      let consumed = 0;
      while (consumed < body.length && (m = re.exec(body)) !== null) {
        const nameAt = bodyOffset + m.index + m[0].indexOf(m[1]!);
        checkName(m[1]!, nameAt);
        const shape = m[2] === undefined ? SCALAR : parseDims(m[2], bodyOffset + m.index + m[0].indexOf('[') + 1, fail);
        const d: Declaration = { name: m[1]!, role, shape, declared: true };
        declarations.push(d);
        roles.set(d.name, d);
        shapes.set(d.name, shape);
        budget(shape, nameAt);
        consumed = re.lastIndex;
        if (m[3] === '') break;
      }
      if (consumed < body.length || body.trim() === '') fail(`expected '${role} NAME' or '${role} NAME[dims]', e.g. ${role} W[2,4]`, bodyOffset + consumed);
      return;
    }
    const min = /^minimize(?:\s+(.*))?$/s.exec(p.text);
    if (min) {
      if (minimize.target) fail('minimize is given twice', p.offset);
      const name = (min[1] ?? '').trim();
      if (!NAME.test(name)) fail('expected minimize NAME, where NAME is a statement', p.offset);
      minimize.target = { name, offset: p.offset + p.text.indexOf(name) };
      return;
    }
    const out = /^output\s+([^=]*)$/s.exec(p.text);
    if (out) {
      if (output.names) fail('output is given twice', p.offset);
      const listAt = p.offset + p.text.length - out[1]!.length;
      output.names = [];
      let at = 0;
      for (const part of out[1]!.split(',')) {
        const name = part.trim();
        if (!NAME.test(name)) fail('expected output NAME, NAME, …, where each NAME is a statement', listAt + at);
        output.names.push({ name, offset: listAt + at + part.indexOf(name) });
        at += part.length + 1;
      }
      return;
    }
    const st = /^([^=<>!]*?)\s*=(?!=)\s*/s.exec(p.text);
    if (st && st[1]!.length > 0) {
      statementPieces.push({ piece: p, name: st[1]!, exprOffset: p.offset + st[0].length, expr: p.text.slice(st[0].length) });
      return;
    }
    // A bare expression: only as the last statement, the objective, under a generated name.
    if (k !== pieces.length - 1) fail("expected a statement 'name = expression', a declaration (param, data) or minimize", p.offset);
    unnamed++;
    statementPieces.push({ piece: p, name: '', exprOffset: p.offset, expr: p.text });
  });
  const userNames = new Set([...roles.keys(), ...statementPieces.map((s) => s.name)]);
  for (const s of statementPieces) {
    let name = s.name;
    if (name === '') {
      // Generated names never collide with the user's.
      name = 'f';
      for (let k = 1; userNames.has(name) || CONSTANTS.has(name); k++) name = `f${k}`;
    } else checkName(name, s.piece.offset);
    if (s.expr.trim() === '') fail(`'${name} =' has no expression`, s.exprOffset);
    const st = buildStatement(name, s.expr, s.exprOffset);
    forwardWork += expressionWork(b, st.root);
    if (forwardWork > MAX_FORWARD_WORK) {
      fail(`in '${name} = ${s.expr}': one evaluation of the program would take ${forwardWork.toExponential(1)} units of work (multiply-adds of its matrix products and entries of its values), more than the limit of ${MAX_FORWARD_WORK.toExponential(0)}; no option raises it: use smaller shapes`, s.exprOffset);
    }
    statements.push(st);
    budget(st.shape, s.piece.offset);
    statementOffset.set(name, s.piece.offset);
    defined.set(name, st);
    shapes.set(name, st.shape);
  }
  void unnamed;
  if (statements.length === 0) fail('the program has no statement (name = expression)', 0);
  const objective = minimize.target;
  if (objective && output.names) fail('a program has either an objective (minimize) or outputs (output a, b): give one', objective.offset);
  const objectiveName = objective ? objective.name : statements[statements.length - 1]!.name;
  if (!output.names && !defined.has(objectiveName)) fail(`minimize names '${objectiveName}', which is not a statement`, objective?.offset ?? 0);
  if (!declarations.some((d) => d.role === 'param')) fail('the program has no param to differentiate (declare one with param NAME[dims])', 0);
  // A vector objective, or outputs named: the Jacobian (note 004).
  const outputs = output.names ?? (isScalar(shapes.get(objectiveName)!) ? null : [{ name: objectiveName, offset: objective?.offset ?? statementOffset.get(objectiveName)! }]);
  if (outputs === null) return { source, builder: b, declarations, statements, objective: objectiveName, shapes };
  const seeds = new Map<string, string>();
  const taken = new Set([...roles.keys(), ...defined.keys()]);
  const fresh = (base: string): string => {
    let name = base;
    for (let k = 1; taken.has(name) || CONSTANTS.has(name) || RESERVED.has(name); k++) name = `${base}${k}`;
    taken.add(name);
    return name;
  };
  for (const o of outputs) {
    if (!defined.has(o.name)) fail(`output names '${o.name}', which is not a statement`, o.offset);
    if (seeds.has(o.name)) fail(`'${o.name}' is named twice in output`, o.offset);
    const seed = fresh(`${o.name}bar`);
    seeds.set(o.name, seed);
    const d: Declaration = { name: seed, role: 'data', shape: shapes.get(o.name)!, declared: true };
    declarations.push(d);
    roles.set(seed, d);
    shapes.set(seed, d.shape);
  }
  const f = fresh('f');
  const expr = outputs.map((o) => `sum(${seeds.get(o.name)} .* ${o.name})`).join(' + ');
  const st = buildStatement(f, expr, 0);
  statements.push(st);
  defined.set(f, st);
  shapes.set(f, st.shape);
  return { source, builder: b, declarations, statements, objective: f, shapes, outputs: outputs.map((o) => o.name), seeds, outputsAt: outputs[0]!.offset };

  function buildStatement(name: string, expr: string, base: number): Statement {
    try {
      return buildStatementChecked(name, expr, base);
    } catch (e) {
      if (e instanceof SizeError) fail(`in '${name} = ${expr}': ${e.message}`, base);
      throw e;
    }
  }

  function buildStatementChecked(name: string, expr: string, base: number): Statement {
    const uses: string[] = [];
    // Membership through a set once the list is long: a sum of 10⁴ variables would otherwise be quadratic.
    let used: Set<string> | undefined;
    const label = `in '${name} = ${expr}'`;
    const root = buildExpression(b, expr, base, {
      label,
      source,
      maxDepth: options.maxDepth,
      fail,
      symbol: (sym, at) => {
        if (sym === name) fail(`${label}: '${name}' is used in its own definition`, at);
        let shape = shapes.get(sym);
        if (shape === undefined) {
          if (userNames.has(sym)) fail(`${label}: '${sym}' is used before it is defined`, at);
          // An undeclared free symbol is a scalar param.
          checkName(sym, at);
          const d: Declaration = { name: sym, role: 'param', shape: SCALAR, declared: false };
          declarations.push(d);
          roles.set(d.name, d);
          shapes.set(d.name, SCALAR);
          shape = SCALAR;
        }
        if (roles.get(sym)?.role !== 'data' && !(used ? used.has(sym) : uses.includes(sym))) {
          uses.push(sym);
          if (used) used.add(sym);
          else if (uses.length > 16) used = new Set(uses);
        }
        return b.variable(sym, shape);
      },
    });
    return { name, root, shape: b.shape(root), text: expr, uses };
  }
}

function parseDims(text: string, offset: number, fail: (m: string, o: number) => never): Shape {
  const parts = text.split(',').map((t) => t.trim());
  if (parts.length < 1 || parts.length > 2 || parts.some((t) => !/^[1-9][0-9]{0,8}$/.test(t))) {
    fail(`dimensions are [n] or [rows,cols] with whole numbers from 1, got [${text}]`, offset);
  }
  const dims = parts.map(Number);
  const shape: Shape = [dims[0]!, dims[1] ?? 1];
  if (shape[0] * shape[1] > MAX_ENTRIES) fail(`[${text}] has more than ${MAX_ENTRIES} entries`, offset);
  return shape;
}
