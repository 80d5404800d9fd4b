/** An error the user can fix; its message names the fix. `exitCode` 2 means bad usage. */
export class UserError extends Error {
  readonly exitCode: 1 | 2;
  readonly details: string[];

  constructor(message: string, options: { exitCode?: 1 | 2; details?: string[] } = {}) {
    super(message);
    this.name = "UserError";
    this.exitCode = options.exitCode ?? 2;
    this.details = options.details ?? [];
  }
}

/** The user pressed Ctrl-C or Esc at a prompt. */
export class CancelledError extends Error {
  constructor() {
    super("cancelled; nothing was written");
  }
}
