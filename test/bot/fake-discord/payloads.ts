/** Discord API objects, as small as discord.js accepts them. Ids are fixed snowflakes for readability. */
export const IDS = {
  app: '900000000000000001',
  guild: '900000000000000002',
  channel: '900000000000000003',
  bot: '900000000000000001',
} as const;

let counter = 0n;
/** Increasing snowflakes, like Discord's. */
export function snowflake(): string {
  counter += 1n;
  return String(((BigInt(Date.now()) - 1420070400000n) << 22n) + counter);
}

export function user(id: string, name = `user${id.slice(-3)}`) {
  return { id, username: name, discriminator: '0', global_name: name, avatar: null, bot: false };
}

export const botUser = { ...user(IDS.bot, 'askbot'), bot: true };

export function guild() {
  return {
    id: IDS.guild,
    name: 'Test Guild',
    icon: null,
    owner_id: '100000000000000009',
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    system_channel_flags: 0,
    premium_tier: 0,
    preferred_locale: 'en-US',
    nsfw_level: 0,
    features: [],
    roles: [{ id: IDS.guild, name: '@everyone', permissions: '0', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
    emojis: [],
    stickers: [],
    channels: [channel()],
    threads: [],
    members: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    member_count: 2,
    large: false,
    unavailable: false,
    joined_at: new Date().toISOString(),
  };
}

export function channel() {
  return { id: IDS.channel, type: 0, guild_id: IDS.guild, name: 'general', position: 0, permission_overwrites: [], nsfw: false, parent_id: null };
}

function member(userId: string) {
  return { user: user(userId), roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, pending: false, permissions: '2248473465835073' };
}

function base(type: number, userId: string) {
  return {
    id: snowflake(),
    application_id: IDS.app,
    type,
    token: `itoken-${snowflake()}`,
    version: 1,
    guild_id: IDS.guild,
    channel_id: IDS.channel,
    channel: channel(),
    member: member(userId),
    app_permissions: '2248473465835073',
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': IDS.guild },
    context: 0,
    attachment_size_limit: 8388608,
  };
}

export type OptionValue = string | number;

function options(values: Record<string, OptionValue>, focused?: string) {
  return Object.entries(values).map(([name, value]) => ({
    name,
    type: typeof value === 'number' ? 4 : 3,
    value,
    ...(name === focused ? { focused: true } : {}),
  }));
}

export function commandInteraction(name: string, values: Record<string, OptionValue>, userId: string) {
  return { ...base(2, userId), data: { id: snowflake(), name, type: 1, guild_id: IDS.guild, options: options(values) } };
}

export function autocompleteInteraction(name: string, values: Record<string, OptionValue>, focused: string, userId: string) {
  return { ...base(4, userId), data: { id: snowflake(), name, type: 1, guild_id: IDS.guild, options: options(values, focused) } };
}

export function buttonInteraction(customId: string, message: Record<string, unknown>, userId: string) {
  return { ...base(3, userId), message, data: { custom_id: customId, component_type: 2 } };
}

/** The fields every message has that the tests never vary: posted now, never edited, no role or @everyone mentions. */
function messageDefaults() {
  return { mention_roles: [], mention_everyone: false, pinned: false, tts: false, timestamp: new Date().toISOString(), edited_timestamp: null };
}

/** A message as Discord returns it after the bot created or edited it. */
export function message(id: string, body: Record<string, unknown>, interactionUser?: string) {
  return {
    id,
    type: 20,
    channel_id: IDS.channel,
    guild_id: IDS.guild,
    author: botUser,
    content: body.content ?? '',
    embeds: body.embeds ?? [],
    components: body.components ?? [],
    attachments: [],
    mentions: [],
    ...messageDefaults(),
    flags: body.flags ?? 0,
    application_id: IDS.app,
    webhook_id: IDS.app,
    ...(interactionUser ? { interaction_metadata: { id: snowflake(), type: 2, user: user(interactionUser), authorizing_integration_owners: {} } } : {}),
  };
}

/** A modal submission as Discord sends it: each field inside its label. */
export function modalSubmitInteraction(customId: string, fields: { reason?: string[]; details?: string }, userId: string) {
  const components = [
    ...(fields.reason ? [{ type: 18, id: 1, component: { type: 3, id: 2, custom_id: 'reason', values: fields.reason } }] : []),
    ...(fields.details !== undefined ? [{ type: 18, id: 3, component: { type: 4, id: 4, custom_id: 'details', value: fields.details } }] : []),
  ];
  return { ...base(5, userId), data: { custom_id: customId, components } };
}

/** A slash command with subcommands (`/settings channels add channel:<id>`). */
export function subcommandInteraction(name: string, path: string[], values: Record<string, OptionValue>, userId: string) {
  const leaf = { name: path.at(-1)!, type: 1, options: Object.entries(values).map(([n, value]) => ({ name: n, type: n === 'channel' ? 7 : typeof value === 'number' ? 4 : 3, value })) };
  const top = path.length === 2 ? { name: path[0]!, type: 2, options: [leaf] } : leaf;
  const resolved = values.channel ? { channels: { [String(values.channel)]: { ...channel(), id: String(values.channel), name: 'answers' } } } : undefined;
  return { ...base(2, userId), data: { id: snowflake(), name, type: 1, guild_id: IDS.guild, options: [top], ...(resolved ? { resolved } : {}) } };
}

/** The same interaction from a member with other permissions (e.g. '0': no Manage Server). */
export function withPermissions<T extends { member: { permissions: string } }>(payload: T, permissions: string): T {
  return { ...payload, member: { ...payload.member, permissions } };
}

/** The same interaction sent from another channel of the guild. */
export function inChannel<T extends { channel_id: string }>(payload: T, channelId: string): T {
  return { ...payload, channel_id: channelId, channel: { ...channel(), id: channelId } };
}

/** A message a user posts (MESSAGE_CREATE); `mentions` lists the users it mentions, as Discord does. */
export function userMessage(
  authorId: string,
  content: string,
  options: { channelId?: string; mentions?: string[]; embeds?: unknown[]; attachments?: unknown[] } = {},
) {
  return {
    id: snowflake(),
    type: 0,
    channel_id: options.channelId ?? IDS.channel,
    guild_id: IDS.guild,
    author: user(authorId),
    member: { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 },
    content,
    embeds: options.embeds ?? [],
    attachments: options.attachments ?? [],
    mentions: (options.mentions ?? []).map((id) => (id === IDS.bot ? botUser : user(id))),
    ...messageDefaults(),
    flags: 0,
    components: [],
  };
}

/** A public thread started from message `messageId` (Discord gives the thread the message's id). */
export function thread(messageId: string, name: string, ownerId: string) {
  return {
    id: messageId,
    type: 11,
    guild_id: IDS.guild,
    parent_id: IDS.channel,
    name,
    owner_id: ownerId,
    last_message_id: null,
    rate_limit_per_user: 0,
    message_count: 0,
    member_count: 1,
    flags: 0,
    thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false },
  };
}

/** Right-click a message → Apps → `name`: the target message comes resolved, content included. */
export function messageCommandInteraction(name: string, target: ReturnType<typeof userMessage>, userId: string, locale = 'en-US') {
  return {
    ...base(2, userId),
    locale,
    data: { id: snowflake(), name, type: 3, guild_id: IDS.guild, target_id: target.id, resolved: { messages: { [target.id]: target } } },
  };
}
