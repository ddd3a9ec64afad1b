import { OAuth2Scopes, PermissionFlagsBits } from 'discord.js';

/**
 * What the bot asks for when it is invited (README, "Run the bot"): the `bot` scope, and
 * `applications.commands` so the server can use its slash and message commands. Send Messages for
 * replies, Embed Links because answers are embeds; for mentions, Create Public Threads (the answer
 * goes in a thread started from the question), Send Messages in Threads (answers and follow-ups
 * there) and Read Message History (a follow-up reads the thread's first question; a reply refers to
 * the message it answers). Permission integer 309237729280.
 */
export const inviteScopes = [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands] as const;
export const invitePermissions =
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.ReadMessageHistory;

/** The URL that adds the bot to a server, for the application `clientId`. */
export function inviteUrl(clientId: string): string {
  const query = new URLSearchParams({ client_id: clientId, scope: inviteScopes.join(' '), permissions: String(invitePermissions) });
  return `https://discord.com/oauth2/authorize?${query.toString().replaceAll('+', '%20')}`;
}
