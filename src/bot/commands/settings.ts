import { ChannelType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { GuildSettings, SettingsChange } from '../../store/settings.ts';
import type { BotContext, Command } from '../command.ts';
import { replyPrivately } from '../reply.ts';

const ANSWER_CHANNELS = [ChannelType.GuildText, ChannelType.GuildAnnouncement, ChannelType.GuildForum] as const;

const definition = new SlashCommandBuilder()
  .setName('settings')
  .setDescription('Where and how the bot answers in this server (admins only).')
  // Discord shows the command only to members who can manage the server; execute() checks again.
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((s) => s.setName('show').setDescription('Show this server’s settings'))
  .addSubcommandGroup((g) =>
    g
      .setName('channels')
      .setDescription('Channels where /ask answers (none listed: everywhere)')
      .addSubcommand((s) =>
        s.setName('add').setDescription('Answer in this channel (and its threads)').addChannelOption((o) => o.setName('channel').setDescription('Channel').setRequired(true).addChannelTypes(...ANSWER_CHANNELS)),
      )
      .addSubcommand((s) =>
        s.setName('remove').setDescription('Stop answering in this channel').addChannelOption((o) => o.setName('channel').setDescription('Channel').setRequired(true).addChannelTypes(...ANSWER_CHANNELS)),
      )
      .addSubcommand((s) => s.setName('list').setDescription('List the channels where /ask answers')),
  )
  .addSubcommandGroup((g) =>
    g
      .setName('answers')
      .setDescription('Whether answers are visible to the channel or only to the asker')
      .addSubcommand((s) => s.setName('public').setDescription('Answers are posted in the channel (default)'))
      .addSubcommand((s) => s.setName('private').setDescription('Answers are shown only to the person who asked')),
  )
  .addSubcommand((s) =>
    s
      .setName('rate-limit')
      .setDescription('Questions per member per time window; give neither option to go back to the default')
      .addIntegerOption((o) => o.setName('count').setDescription('Questions allowed per window (1–1000)').setMinValue(1).setMaxValue(1000))
      .addIntegerOption((o) => o.setName('seconds').setDescription('Window length in seconds (1–3600)').setMinValue(1).setMaxValue(3600)),
  )
  .toJSON();

/** One line each: what an admin needs to see after any change. */
export function describeSettings(settings: GuildSettings, defaultLimit: { count: number; windowMs: number }): string {
  const channels = settings.channels.length === 0 ? 'every channel' : settings.channels.map((id) => `<#${id}>`).join(', ');
  const per = (count: number, seconds: number) => `${count} question${count === 1 ? '' : 's'} per ${seconds} s per member`;
  const limit = settings.rateLimit
    ? per(settings.rateLimit.count, settings.rateLimit.windowSeconds)
    : `${per(defaultLimit.count, defaultLimit.windowMs / 1000)} (the bot's default)`;
  return [`Answers in: ${channels}`, `Answers are: ${settings.privateAnswers ? 'private (only the asker sees them)' : 'public'}`, `Rate limit: ${limit}`].join('\n');
}

function changeFrom(interaction: ChatInputCommandInteraction, limit: { count: number; windowSeconds: number }): SettingsChange | 'show' {
  const group = interaction.options.getSubcommandGroup(false);
  const sub = interaction.options.getSubcommand();
  if (group === 'channels' && sub !== 'list') {
    const channelId = interaction.options.getChannel('channel', true).id;
    return sub === 'add' ? { kind: 'channel-add', channelId } : { kind: 'channel-remove', channelId };
  }
  if (group === 'answers') return { kind: 'answers', privateAnswers: sub === 'private' };
  if (sub === 'rate-limit') {
    const count = interaction.options.getInteger('count');
    const seconds = interaction.options.getInteger('seconds');
    if (count === null && seconds === null) return { kind: 'rate-limit-reset' };
    return { kind: 'rate-limit', count: count ?? limit.count, windowSeconds: seconds ?? limit.windowSeconds };
  }
  return 'show';
}

export const settings = {
  definition,

  async execute(interaction, ctx: BotContext) {
    const reply = (content: string) => replyPrivately(interaction, content);
    if (!interaction.inGuild()) {
      await reply('Settings belong to a server: use `/settings` in the server.');
      return { outcome: 'user-error' };
    }
    // default_member_permissions can be overridden by a server's integration settings: check here too.
    if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) {
      await reply('Only members who can manage this server can change the bot’s settings.');
      return { outcome: 'refused' };
    }
    const current = ctx.store.settings(interaction.guildId);
    const limit = current.rateLimit ?? { count: ctx.defaultRateLimit.count, windowSeconds: ctx.defaultRateLimit.windowMs / 1000 };
    const change = changeFrom(interaction, limit);
    if (change === 'show') {
      await reply(describeSettings(current, ctx.defaultRateLimit));
      return { outcome: 'ok' };
    }
    const after = ctx.store.changeSettings(interaction.guildId, interaction.user.id, change);
    if (after === null) {
      await reply('I cannot reach my database right now, so nothing was changed; please try again later.');
      return { outcome: 'refused' };
    }
    ctx.log.info('settings changed', { guild: interaction.guildId, by: interaction.user.id, change });
    await reply(`Saved.\n${describeSettings(after, ctx.defaultRateLimit)}`);
    return { outcome: 'ok' };
  },
} satisfies Command;
