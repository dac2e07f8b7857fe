// The pipeline's layering, enforced on the TypeScript syntax tree: each folder
// imports only from the layers before it; mathjs, chalk, commander, katex,
// yaml stay in their one place; and src/ has no import cycle.
// Every way a module names another is collected (import, export … from,
// import = require, import(), require(), import('…') types), in either quote style.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');
const ALLOWED: Record<string, readonly string[]> = {
  ops: ['ops'],
  ir: ['ir', 'ops'],
  parse: ['parse', 'ir', 'ops'],
  model: ['model', 'ir', 'ops'],
  derive: ['derive', 'model', 'ir', 'ops'],
  verify: ['verify', 'derive', 'model', 'ir', 'ops'],
  tensor: ['tensor', 'verify', 'derive', 'model', 'parse', 'ir', 'ops'],
  claims: ['claims', 'tensor', 'verify', 'derive', 'model', 'ir', 'parse', 'ops'],
  render: ['render', 'tensor', 'claims', 'verify', 'derive', 'model', 'ir', 'ops'],
};
const PACKAGES: Record<string, RegExp> = {
  mathjs: /^parse\/(syntax\.ts|mathjs-factories\.d\.ts)$/,
  chalk: /^cli\//,
  commander: /^cli\//,
  katex: /^render\/html\.ts$/,
  yaml: /^parse\/safe-yaml\.ts$/,
  'playwright-core': /^$/,
};
/** A renderer may name the pipeline's result types; it may not call the pipeline. */
const RENDER_TYPE_ONLY = new Set(['pipeline.ts', 'program-pipeline.ts', 'list-pipeline.ts']);
/** The pipelines print nothing: they may name a renderer's or the CLI's types, never call them (src/index.ts may). */
const PIPELINES = new Set(['pipeline.ts', 'program-pipeline.ts', 'list-pipeline.ts']);

interface ModuleRef {
  /** The module specifier, or null when it is not a string literal (import(name)). */
  readonly spec: string | null;
  /** Erased at run time: `import type`, every named element `type`, `export type … from`, import('…') in a type. */
  readonly typeOnly: boolean;
  readonly kind: 'import' | 'export' | 'import-equals' | 'dynamic-import' | 'require' | 'import-type';
  readonly line: number;
}

const literal = (e: ts.Node | undefined): string | null =>
  e && (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) ? e.text : null;

/** Every module reference in one file, from its syntax tree. */
function moduleRefs(fileName: string, text: string): ModuleRef[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const refs: ModuleRef[] = [];
  const add = (node: ts.Node, spec: string | null, typeOnly: boolean, kind: ModuleRef['kind']): void => {
    refs.push({ spec, typeOnly, kind, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
  };
  const stack: ts.Node[] = [sf];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : null;
      const typeOnly = clause !== undefined && (clause.isTypeOnly
        || (clause.name === undefined && named !== null && named.length > 0 && named.every((e) => e.isTypeOnly)));
      add(node, literal(node.moduleSpecifier), typeOnly, 'import');
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : null;
      const typeOnly = node.isTypeOnly || (named !== null && named.length > 0 && named.every((e) => e.isTypeOnly));
      add(node, literal(node.moduleSpecifier), typeOnly, 'export');
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, literal(node.moduleReference.expression), node.isTypeOnly, 'import-equals');
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node, literal(node.arguments[0]), false, 'dynamic-import');
    } else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require') {
      add(node, literal(node.arguments[0]), false, 'require');
    } else if (ts.isImportTypeNode(node)) {
      const arg = ts.isLiteralTypeNode(node.argument) ? literal(node.argument.literal) : null;
      add(node, arg, true, 'import-type');
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return refs.sort((a, b) => a.line - b.line);
}

/** A relative specifier as a path under src/ (`.js` read as the `.ts` it is compiled from). */
function resolve(rel: string, spec: string): string {
  return posix.normalize(posix.join(posix.dirname(rel), spec)).replace(/\.js$/, '.ts');
}

const layerOf = (rel: string): string => (rel.includes('/') ? rel.split('/')[0]! : 'top');

/** The layer and package rules broken by one file (path relative to src/, with `/`). */
function violations(rel: string, refs: readonly ModuleRef[]): string[] {
  const out: string[] = [];
  const layer = layerOf(rel);
  for (const r of refs) {
    const where = `${rel}:${r.line}`;
    if (r.spec === null) {
      out.push(`${where}: ${r.kind} with a non-literal module name cannot be checked`);
      continue;
    }
    if (r.spec.startsWith('.')) {
      const target = resolve(rel, r.spec);
      if (PIPELINES.has(rel) && !r.typeOnly && (layerOf(target) === 'render' || layerOf(target) === 'cli')) {
        out.push(`${where}: the pipeline may not ${r.kind} ${r.spec} (${layerOf(target)})`);
      }
      if (!(layer in ALLOWED)) continue; // cli/ and the top-level files may use everything
      if (layer === 'render' && RENDER_TYPE_ONLY.has(target) && r.typeOnly) continue;
      if (!ALLOWED[layer]!.includes(layerOf(target))) out.push(`${where}: ${layer}/ may not ${r.kind} ${r.spec} (${layerOf(target)})`);
    } else {
      const pkg = r.spec.startsWith('@') ? r.spec.split('/').slice(0, 2).join('/') : r.spec.split('/')[0]!;
      const rule = PACKAGES[pkg];
      if (rule && !rule.test(rel)) out.push(`${where}: only ${rule} may use ${pkg}`);
    }
  }
  return out;
}

/** Run-time import edges between the given files (relative specifiers, type-only ones excluded). */
function importGraph(sources: ReadonlyMap<string, readonly ModuleRef[]>): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const [rel, refs] of sources) {
    const targets = new Set<string>();
    for (const r of refs) {
      if (r.spec === null || r.typeOnly || !r.spec.startsWith('.')) continue;
      targets.add(resolve(rel, r.spec));
    }
    graph.set(rel, [...targets].filter((t) => sources.has(t)).sort());
  }
  return graph;
}

/** Each import cycle, as one closed path through a strongly connected component (Tarjan). */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  // A shortest closed path from the component's first file, so the report reads as a chain.
  return components.map((component) => {
    const inside = new Set(component);
    const start = component[0]!;
    const parent = new Map<string, string>();
    const queue = [start];
    for (let k = 0; k < queue.length; k++) {
      const v = queue[k]!;
      for (const w of graph.get(v) ?? []) {
        if (!inside.has(w)) continue;
        if (w === start) {
          const path = [start];
          for (let u: string | undefined = v; u !== undefined && u !== start; u = parent.get(u)) path.splice(1, 0, u);
          return [...path, start];
        }
        if (!parent.has(w)) {
          parent.set(w, v);
          queue.push(w);
        }
      }
    }
    return [...component, start];
  });
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The checker on in-memory files: proof that it catches what it is for, so it cannot pass vacuously. */
describe('layer checker (self-test)', () => {
  const check = (rel: string, text: string): string[] => violations(rel, moduleRefs(rel, text));
  it('catches export … from in double quotes', () => {
    expect(check('render/x.ts', 'export { x } from "../cli/main.js";\n')).toEqual([expect.stringContaining('render/x.ts:1: render/ may not export ../cli/main.js')]);
  });
  it('catches a dynamic import, and refuses a non-literal one', () => {
    expect(check('render/x.ts', "export async function f() {\n  return await import('../cli/io.js');\n}\n")).toEqual([expect.stringContaining('render/x.ts:2: render/ may not dynamic-import ../cli/io.js')]);
    expect(check('model/x.ts', 'export const f = (name: string) => import(name);\n')).toEqual([expect.stringContaining('non-literal')]);
    expect(check('model/x.ts', 'export const f = () => import(`../ir/${"a"}.js`);\n')).toEqual([expect.stringContaining('non-literal')]);
  });
  it('catches require, import = require, multi-line imports and packages', () => {
    expect(check('ir/x.ts', "const m = require('../parse/expr.js');\n")).toHaveLength(1);
    expect(check('ir/x.ts', 'import m = require("../model/graph.js");\n')).toHaveLength(1);
    expect(check('ir/x.ts', 'import {\n  a,\n  b,\n} from "../derive/derive.js";\n')).toEqual([expect.stringContaining('ir/x.ts:1:')]);
    expect(check('render/x.ts', 'import "mathjs";\n')).toEqual([expect.stringContaining('mathjs')]);
    expect(check('render/x.ts', "import type { Command } from 'commander';\n")).toEqual([expect.stringContaining('commander')]);
    expect(check('cli/x.ts', "import { Command } from 'commander';\nimport { x } from '../render/text.js';\n")).toEqual([]);
  });
  it('lets a renderer import the pipeline for its types only', () => {
    for (const ok of [
      "import type { Analysis } from '../pipeline.js';",
      'import { type Analysis, type AnalyzeOptions } from "../pipeline.js";',
      "export type { ProgramAnalysis } from '../program-pipeline.js';",
      "export { type ProgramAnalysis } from '../program-pipeline.js';",
      "let a: import('../pipeline.js').Analysis;",
    ]) expect(check('render/x.ts', ok), ok).toEqual([]);
    for (const bad of [
      "import { analyzeExpression } from '../pipeline.js';",
      "import { analyzeExpression, type Analysis } from '../pipeline.js';",
      "import '../pipeline.js';",
      "export { deriveProgram } from '../program-pipeline.js';",
      "export * from '../pipeline.js';",
    ]) expect(check('render/x.ts', bad), bad).toHaveLength(1);
    // The pipelines call no renderer; the library API may.
    expect(check('pipeline.ts', "import { printExpr, ASCII } from './render/print.js';")).toHaveLength(1);
    expect(check('program-pipeline.ts', "import type { Theme } from './render/text.js';")).toEqual([]);
    expect(check('index.ts', "export { renderText } from './render/text.js';")).toEqual([]);
    // The exception is the renderer's alone.
    expect(check('claims/x.ts', "import type { Analysis } from '../pipeline.js';")).toHaveLength(1);
  });
  it('finds an import cycle and ignores one closed only by a type-only import', () => {
    const graphOf = (sources: Record<string, string>) =>
      importGraph(new Map(Object.entries(sources).map(([rel, text]) => [rel, moduleRefs(rel, text)])));
    expect(cycles(graphOf({
      'a.ts': "import { b } from './m/b.js';",
      'm/b.ts': 'export { c } from "./c.js";',
      'm/c.ts': "export const f = () => import('../a.js');",
      'd.ts': "import './a.js';",
    }))).toEqual([['a.ts', 'm/b.ts', 'm/c.ts', 'a.ts']]);
    expect(cycles(graphOf({
      'a.ts': "import { b } from './b.js';",
      'b.ts': "import type { A } from './a.js';",
    }))).toEqual([]);
    expect(cycles(graphOf({ 'a.ts': "import './a.js';" }))).toEqual([['a.ts', 'a.ts']]);
  });
});

const sources = new Map(
  files(SRC).map((file) => {
    const rel = relative(SRC, file).replaceAll('\\', '/');
    return [rel, moduleRefs(rel, readFileSync(file, 'utf8'))] as const;
  }),
);

describe('layers', () => {
  it('scans the source tree', () => expect(sources.size).toBeGreaterThan(50));
  for (const [rel, refs] of sources) {
    it(rel, () => {
      expect(violations(rel, refs)).toEqual([]);
      // A relative import names a file that exists (a typo would escape the rules above).
      for (const r of refs) {
        if (r.spec?.startsWith('.')) expect(existsSync(join(SRC, resolve(rel, r.spec))), `${rel}:${r.line} imports ${r.spec}`).toBe(true);
      }
    });
  }
});

describe('import cycles', () => {
  it('src/ has none (type-only imports excluded)', () => {
    const graph = importGraph(sources);
    // The graph is the real one: the pipeline reaches the parser through it.
    expect([...graph.values()].reduce((n, e) => n + e.length, 0)).toBeGreaterThan(100);
    expect(graph.get('pipeline.ts')).toContain('parse/expr.ts');
    expect(cycles(graph).map((c) => c.join(' → '))).toEqual([]);
  });
});
