// mathjs exports the factories of its expression nodes and of `parse` at run
// time, but its typings do not declare them; syntax.ts builds its restricted
// instance from these.
import 'mathjs';

type MathjsFactory = (dependencies: Record<string, unknown>) => unknown;

declare module 'mathjs' {
  export const createParse: MathjsFactory;
  export const createNode: MathjsFactory;
  export const createSymbolNode: MathjsFactory;
  export const createConstantNode: MathjsFactory;
  export const createOperatorNode: MathjsFactory;
  export const createFunctionNode: MathjsFactory;
  export const createAccessorNode: MathjsFactory;
  export const createIndexNode: MathjsFactory;
  export const createArrayNode: MathjsFactory;
  export const createAssignmentNode: MathjsFactory;
  export const createBlockNode: MathjsFactory;
  export const createConditionalNode: MathjsFactory;
  export const createFunctionAssignmentNode: MathjsFactory;
  export const createObjectNode: MathjsFactory;
  export const createParenthesisNode: MathjsFactory;
  export const createRangeNode: MathjsFactory;
  export const createRelationalNode: MathjsFactory;
}
