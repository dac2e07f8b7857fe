// mathjs.parse → a flat, position-annotated syntax list. The only module that
// touches mathjs: it parses on a restricted instance and never evaluates. The
// walk is iterative, so depth is bounded only by mathjs's own recursive parser
// (see deep.ts).
import {
  createAccessorNode, createArrayNode, createAssignmentNode, createBlockNode, createConditionalNode, createConstantNode,
  createFunctionAssignmentNode, createFunctionNode, createIndexNode, createNode, createObjectNode, createOperatorNode,
  createParenthesisNode, createParse, createRangeNode, createRelationalNode, createSymbolNode,
} from 'mathjs';
import { InputError } from './errors.js';
import { tokenize, type Token } from './lexer.js';

/**
 * The restricted instance: `parse` built from its factories alone, with numbers
 * as float64 and every evaluation dependency replaced by a function that
 * throws. mathjs's `create({ parseDependencies })` would do the same in 80 ms
 * of start-up (typed-function), against about 5 ms here.
 */
function restrictedParse(): (source: string) => unknown {
  const never = (): never => {
    throw new Error('lagrad: mathjs evaluation is not part of the pipeline');
  };
  const typed = Object.assign(
    (_name: string, signatures: { string: (s: string) => unknown }) => (s: string) => signatures.string(s),
    { addConversion: () => undefined },
  );
  const math = {};
  const Node = createNode({ mathWithTransform: math });
  const SymbolNode = createSymbolNode({ math, Node });
  // The factories' declared dependency types are far wider than what parse uses.
  const deps: Record<string, unknown> = {
    typed,
    numeric: (s: string) => Number(s),
    config: { number: 'number', numberFallback: 'number' },
    Node,
    SymbolNode,
    ConstantNode: createConstantNode({ Node, isBounded: never }),
    OperatorNode: createOperatorNode({ Node }),
    FunctionNode: createFunctionNode({ math, Node, SymbolNode }),
    AccessorNode: createAccessorNode({ subset: never, Node }),
    IndexNode: createIndexNode({ Node, size: never }),
    ArrayNode: createArrayNode({ Node }),
    AssignmentNode: createAssignmentNode({ subset: never, matrix: never, Node }),
    BlockNode: createBlockNode({ ResultSet: never, Node }),
    ConditionalNode: createConditionalNode({ Node }),
    FunctionAssignmentNode: createFunctionAssignmentNode({ typed, Node }),
    ObjectNode: createObjectNode({ Node }),
    ParenthesisNode: createParenthesisNode({ Node }),
    RangeNode: createRangeNode({ Node }),
    RelationalNode: createRelationalNode({ Node }),
  };
  return createParse(deps) as unknown as (source: string) => unknown;
}

const parse = restrictedParse();

/** One syntax node; `args` index earlier entries of the list (post-order). */
export type Syn =
  | { readonly t: 'num'; readonly value: number; readonly text: string; readonly start: number; readonly end: number }
  | { readonly t: 'sym'; readonly name: string; readonly start: number; readonly end: number }
  | { readonly t: 'call'; readonly name: string; readonly args: readonly number[]; readonly start: number; readonly end: number; readonly nameEnd: number }
  | {
      readonly t: 'op'; readonly fn: string; readonly op: string; readonly implicit: boolean;
      readonly args: readonly number[]; readonly start: number; readonly end: number; readonly opAt: number;
    };

/** The syntax list of one expression; its root is the last entry. */
export type SyntaxList = readonly Syn[];

interface MathNode {
  readonly type: string;
  readonly value?: unknown;
  readonly name?: string;
  readonly op?: string;
  readonly fn?: string | MathNode;
  readonly implicit?: boolean;
  readonly args?: readonly MathNode[];
  readonly content?: MathNode;
  forEach(cb: (child: MathNode) => void): void;
}

const UNSUPPORTED: Readonly<Record<string, string>> = {
  AssignmentNode: 'assignment is not allowed in an expression',
  FunctionAssignmentNode: 'function definitions are not allowed',
  BlockNode: 'several statements are not allowed in an expression',
  ArrayNode: 'matrices and vectors are not allowed in a scalar expression',
  ObjectNode: 'objects are not allowed in an expression',
  AccessorNode: 'property access and indexing are not allowed',
  IndexNode: 'indexing is not allowed',
  ConditionalNode: 'conditional expressions (a ? b : c) are not allowed',
  RangeNode: 'ranges (a:b) are not allowed',
  RelationalNode: 'comparisons are not allowed',
};
/** The character that marks where each unsupported construct is, searched from the node's start. */
const MARKER: Readonly<Record<string, RegExp>> = {
  AssignmentNode: /=/, FunctionAssignmentNode: /=/, BlockNode: /[;\n]/, ArrayNode: /\[/, ObjectNode: /\{/,
  AccessorNode: /[.[]/, IndexNode: /[.[]/, ConditionalNode: /\?/, RangeNode: /:/, RelationalNode: /[<>=!]/,
};

/** mathjs's SyntaxError carries a 1-based `char`. */
function fromMathjsError(e: unknown, source: string): InputError {
  const err = e as { message?: string; char?: number };
  const message = (err.message ?? String(e)).replace(/\s*\(char \d+\)\s*$/, '');
  const offset = typeof err.char === 'number' ? Math.max(0, err.char - 1) : undefined;
  return new InputError('syntax', message.charAt(0).toLowerCase() + message.slice(1), offset, source);
}

/**
 * Parses one expression into a post-order syntax list. Throws InputError for
 * syntax errors and for constructs no expression may use. A RangeError from
 * mathjs's recursion is left to the caller (deep.ts retries on a larger stack).
 */
export function parseSyntax(source: string): SyntaxList {
  let root: MathNode;
  try {
    root = parse(source) as unknown as MathNode;
  } catch (e) {
    if (e instanceof RangeError) throw e;
    throw fromMathjsError(e, source);
  }
  if (root.type === 'ConstantNode' && root.value === undefined) {
    throw new InputError('empty', 'empty expression', 0, source);
  }
  return flatten(root, source, tokenize(source).filter((t) => t.kind !== 'punct'));
}

/** A node on the walk's stack; its children report their list index and span into it as they finish. */
interface Frame {
  readonly node: MathNode;
  readonly children: MathNode[];
  /** The name of a call: kept on the call itself, not in the list. */
  readonly callee: boolean;
  next: number;
  first: number;
  last: number;
  /** Per child: its entry in the list, and its span. */
  readonly index: number[];
  readonly starts: number[];
  readonly ends: number[];
}

/**
 * The post-order walk: each finished node hands its list index and span to its
 * parent's frame, so nothing is looked up by node (no maps): linear, and light
 * on long flat sums.
 */
function flatten(root: MathNode, source: string, leaves: readonly Token[]): SyntaxList {
  const out: Syn[] = [];
  let leafCursor = 0;
  const stack: Frame[] = [];
  /** Where an unsupported construct is: its marker character, searched around the node's first leaf. */
  const unsupported = (node: MathNode, start: number): InputError => {
    const why = UNSUPPORTED[node.type] ?? `'${node.type}' is not allowed in an expression`;
    const marker = MARKER[node.type];
    let at = start;
    if (node.type === 'ArrayNode' || node.type === 'ObjectNode') {
      const open = Math.max(source.lastIndexOf('[', start), source.lastIndexOf('{', start));
      if (open >= 0) at = open;
    } else if (marker) {
      const m = marker.exec(source.slice(start));
      if (m) at = start + m.index;
    }
    return new InputError('unsupported', why, at, source);
  };
  const push = (node: MathNode, callee: boolean): void => {
    if (node.type in UNSUPPORTED) throw unsupported(node, leaves[leafCursor]?.start ?? source.length);
    const children: MathNode[] = [];
    node.forEach((child) => children.push(child));
    const frame: Frame = { node, children, callee, next: 0, first: Infinity, last: -Infinity, index: [], starts: [], ends: [] };
    if (node.type === 'SymbolNode' || node.type === 'ConstantNode') {
      const tok = leaves[leafCursor++];
      if (tok) {
        frame.first = tok.start;
        frame.last = tok.end;
      }
    }
    stack.push(frame);
  };
  push(root, false);
  let result = -1;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.next < frame.children.length) {
      const k = frame.next++;
      push(frame.children[k]!, k === 0 && frame.node.type === 'FunctionNode');
      continue;
    }
    stack.pop();
    for (let k = 0; k < frame.children.length; k++) {
      frame.first = Math.min(frame.first, frame.starts[k]!);
      frame.last = Math.max(frame.last, frame.ends[k]!);
    }
    const start = Number.isFinite(frame.first) ? frame.first : 0;
    const end = Number.isFinite(frame.last) ? frame.last : start;
    const done = emit(frame, start, end);
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.index.push(done.index);
      parent.starts.push(done.start);
      parent.ends.push(done.end);
    } else result = done.index;
  }
  if (result !== out.length - 1) throw new Error('lagrad: the syntax list does not end with its root');
  return out;

  /** Adds the node to the list (a bracket and a call's name add nothing); its index and span for its parent. */
  function emit(frame: Frame, start: number, end: number): { index: number; start: number; end: number } {
    const node = frame.node;
    const childIndex = (k: number): number => frame.index[k]!;
    switch (node.type) {
      case 'ParenthesisNode': {
        // Parentheses only group: the node is its content, widened to the brackets.
        const open = source.lastIndexOf('(', start);
        const close = source.indexOf(')', end);
        return { index: childIndex(0), start: open >= 0 ? open : start, end: close >= 0 ? close + 1 : end };
      }
      case 'ConstantNode': {
        if (typeof node.value === 'number') {
          out.push({ t: 'num', value: node.value, text: source.slice(start, end), start, end });
        } else if (typeof node.value === 'string') {
          throw new InputError('unsupported', 'strings are not allowed in an expression', start, source);
        } else {
          throw new InputError('unsupported', `the literal '${source.slice(start, end)}' is not a number`, start, source);
        }
        break;
      }
      case 'SymbolNode':
        if (frame.callee) return { index: -1, start, end }; // the name of a call, kept on the call itself
        out.push({ t: 'sym', name: node.name!, start, end });
        break;
      case 'FunctionNode': {
        const fn = node.fn as MathNode;
        if (fn.type !== 'SymbolNode') {
          throw new InputError('unsupported', 'only named functions can be called', start, source);
        }
        const args = frame.index.slice(1);
        const close = source.indexOf(')', end);
        out.push({ t: 'call', name: fn.name!, args, start, end: close >= 0 ? close + 1 : end, nameEnd: frame.ends[0]! });
        break;
      }
      case 'OperatorNode': {
        const args = frame.index.slice();
        const op = node.op!;
        let opAt = start;
        if (node.implicit) {
          opAt = frame.starts[1]!;
        } else if (args.length === 2) {
          const found = source.indexOf(op, frame.ends[0]!);
          opAt = found >= 0 ? found : start;
        } else if (op === "'" || op === '!') {
          opAt = Math.max(start, frame.ends[0]!);
        } else {
          const found = source.lastIndexOf(op, start);
          opAt = found >= 0 ? found : start;
        }
        const realStart = Math.min(start, opAt);
        out.push({ t: 'op', fn: node.fn as string, op, implicit: node.implicit === true, args, start: realStart, end, opAt });
        return { index: out.length - 1, start: realStart, end: Math.max(end, opAt + op.length) };
      }
      default:
        throw unsupported(node, start);
    }
    return { index: out.length - 1, start, end };
  }
}
