import { parseExpression } from "@babel/parser";

// tsconfig.json is JSON with comments and trailing commas (JSONC). Every JSONC document is a
// JavaScript expression made of literals, so Babel's parser reads it exactly, comments and all,
// without a second parser in the bundle.

interface Node {
  type: string;
  [key: string]: unknown;
}

export class JsoncError extends Error {}

function valueOf(node: Node): unknown {
  switch (node.type) {
    case "ObjectExpression": {
      const result: Record<string, unknown> = {};
      for (const property of node.properties as Node[]) {
        if (property.type !== "ObjectProperty" || property.computed) throw new JsoncError(`unexpected ${property.type}`);
        const key = property.key as Node;
        const name = key.type === "StringLiteral" ? (key.value as string) : key.type === "Identifier" ? (key.name as string) : undefined;
        if (name === undefined) throw new JsoncError(`unexpected key ${key.type}`);
        result[name] = valueOf(property.value as Node);
      }
      return result;
    }
    case "ArrayExpression":
      return (node.elements as (Node | null)[]).map((element) => {
        if (!element) throw new JsoncError("empty array slot");
        return valueOf(element);
      });
    case "StringLiteral":
    case "NumericLiteral":
    case "BooleanLiteral":
      return node.value;
    case "NullLiteral":
      return null;
    case "UnaryExpression":
      if (node.operator === "-" && (node.argument as Node).type === "NumericLiteral") return -((node.argument as Node).value as number);
      throw new JsoncError(`unexpected ${node.operator as string}`);
    default:
      throw new JsoncError(`unexpected ${node.type}`);
  }
}

/** The value of a JSON-with-comments document; throws JsoncError (with a position) when it is not one. */
export function parseJsonc(text: string): unknown {
  if (text.trim() === "") return {};
  let node: Node;
  try {
    node = parseExpression(text, { sourceType: "script" }) as unknown as Node;
  } catch (error) {
    throw new JsoncError((error as Error).message);
  }
  return valueOf(node);
}
