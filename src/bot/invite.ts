import { OAuth2Scopes, PermissionFlagsBits } from 'discord.js';

/**
 * What the bot asks for when it is invited (README, "Run the bot"): the `bot` scope, and
 * `applications.commands` so the server can use its slash commands; Send Messages for replies and
 * follow-ups, Embed Links because answers are embeds. It reads no messages and needs nothing else.
 */
export const inviteScopes = [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands] as const;
export const invitePermissions = PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks;

/** The URL that adds the bot to a server, for the application `clientId`. */
export function inviteUrl(clientId: string): string {
  const query = new URLSearchParams({ client_id: clientId, scope: inviteScopes.join(' '), permissions: String(invitePermissions) });
  return `https://discord.com/oauth2/authorize?${query.toString().replaceAll('+', '%20')}`;
}
