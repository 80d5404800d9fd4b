import type { AnyTool } from "./types.ts";
import { add } from "./add.ts";
import { subtract } from "./subtract.ts";
import { multiply } from "./multiply.ts";
import { divide } from "./divide.ts";
import { doneForNow } from "./done-for-now.ts";

// Every tool the model may choose, in the order it sees them.
// `create-12-factor-agent generate tool <name>` adds new tools here.
export const tools: AnyTool[] = [
  add,
  subtract,
  multiply,
  divide,
  doneForNow,
];
