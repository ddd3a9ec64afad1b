import { UserError } from '../errors.ts';

/**
 * What to do when Discord refuses DISCORD_TOKEN. `npm start`, `npm run register` and `npm run doctor`
 * all say exactly this, so an operator meets one instruction whichever command found the problem.
 */
export const TOKEN_REJECTED =
  'Discord rejected DISCORD_TOKEN: reset the token in the Developer Portal (Bot → Reset Token) and put the new one in .env.';

export function tokenRejected(): UserError {
  return new UserError(TOKEN_REJECTED, 'token');
}

/**
 * True when a discord.js failure means the token itself was refused: an HTTP 401 from the REST API
 * (DiscordAPIError, HTTPError; other statuses are other problems), or a login error about the token.
 */
export function isTokenRejection(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { status, code, message } = error as { status?: unknown; code?: unknown; message?: unknown };
  if (status !== undefined) return status === 401;
  return code === 'TokenInvalid' || (typeof message === 'string' && /token/i.test(message));
}
