// Types for the TypeScript parts of the bench that share the workload (workload.js stays plain JavaScript).

/** Thread i's question and the answer it must end with. */
export function question(i: number): { text: string; expected: number };
export const counters: { modelCalls: number; toolRuns: number };
