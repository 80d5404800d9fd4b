/**
 * Turn Ctrl-C and SIGTERM into a clean exit that JavaScript controls. With a listener
 * installed the signal is handled between synchronous blocks, never in the middle of one,
 * so a synchronous write (see engine/apply.ts) is either finished or not started.
 */
export function exitCleanlyOnSignals(describeState: () => string): void {
  const exit = (signal: NodeJS.Signals) => {
    console.error(`\ninterrupted: ${describeState()}`);
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.on("SIGINT", exit);
  process.on("SIGTERM", exit);
}
