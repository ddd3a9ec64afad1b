/**
 * A failure the user can fix. Its message is one sentence that says what is wrong and what to do.
 * The CLI prints it without a stack trace; the bot shows it privately. Anything else is a bug.
 */
export class UserError extends Error {
  constructor(message: string, readonly code: string = 'user') {
    super(message);
    this.name = 'UserError';
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
