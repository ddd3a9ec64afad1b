import { MessageFlags, PermissionFlagsBits, PermissionsBitField, type Interaction } from 'discord.js';

export const GUILD = '900000000000000002';
export const CHANNEL = '900000000000000003';

export interface Call {
  method: string;
  payload?: unknown;
}

interface Base {
  id: string;
  user: { id: string };
  calls: Call[];
  deferred: boolean;
  replied: boolean;
  ephemeral: boolean | null;
  responded?: boolean;
}

/**
 * The slice of a discord.js interaction the handlers use, recording every call. Enough to unit-test
 * handlers; the e2e test runs the real discord.js classes.
 */
function base(type: 'command' | 'autocomplete' | 'button' | 'modal' | 'message', userId: string): Base & Record<string, unknown> {
  const self: Base & Record<string, unknown> = {
    id: String(Math.floor(Math.random() * 1e15)),
    user: { id: userId },
    guildId: GUILD,
    channelId: CHANNEL,
    channel: null,
    locale: 'en-US',
    memberPermissions: new PermissionsBitField(PermissionFlagsBits.ManageGuild),
    inGuild() {
      return this.guildId !== null;
    },
    calls: [],
    deferred: false,
    replied: false,
    ephemeral: null,
    isChatInputCommand: () => type === 'command',
    isCommand: () => type === 'command',
    isAutocomplete: () => type === 'autocomplete',
    isButton: () => type === 'button',
    isModalSubmit: () => type === 'modal',
    isMessageContextMenuCommand: () => type === 'message',
    isRepliable: () => type !== 'autocomplete',
  };
  const record = (method: string, apply?: (payload: unknown) => void) => async (payload?: unknown) => {
    if (method === 'reply' && (self.deferred || self.replied)) throw new Error('already acknowledged');
    if (['editReply', 'followUp', 'deleteReply'].includes(method) && !self.deferred && !self.replied) throw new Error('not acknowledged');
    self.calls.push({ method, payload });
    apply?.(payload);
  };
  const ephemeral = (payload: unknown) => (((payload as { flags?: number })?.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
  Object.assign(self, {
    reply: record('reply', (p) => ((self.replied = true), (self.ephemeral = ephemeral(p)))),
    deferReply: record('deferReply', (p) => ((self.deferred = true), (self.ephemeral = ephemeral(p)))),
    editReply: record('editReply', () => (self.replied = true)),
    followUp: record('followUp'),
    deleteReply: record('deleteReply'),
    update: record('update', () => (self.replied = true)),
    deferUpdate: record('deferUpdate', () => (self.deferred = true)),
    respond: record('respond', () => (self.responded = true)),
    showModal: record('showModal', () => (self.replied = true)),
  });
  return self;
}

export type FakeInteraction = Interaction & { calls: Call[] };

export function fakeCommand(name: string, options: Record<string, string | number>, userId = '100000000000000001'): FakeInteraction {
  const self = base('command', userId);
  self.commandName = name;
  self.options = {
    getString: (key: string, required?: boolean) => {
      const v = options[key];
      if (v === undefined && required) throw new Error(`missing ${key}`);
      return v === undefined ? null : String(v);
    },
    getInteger: (key: string) => (options[key] === undefined ? null : Number(options[key])),
    getSubcommand: () => String(options.subcommand),
    getSubcommandGroup: () => (options.group === undefined ? null : String(options.group)),
    getChannel: (key: string) => ({ id: String(options[key]) }),
  };
  return self as unknown as FakeInteraction;
}

/** A modal submission with its fields (a select's values, a text input's value). */
export function fakeModal(customId: string, fields: { reason?: string[]; details?: string }, userId = '100000000000000001'): FakeInteraction {
  const self = base('modal', userId);
  self.customId = customId;
  self.fields = {
    getStringSelectValues: (id: string) => {
      if (id !== 'reason' || fields.reason === undefined) throw new Error(`no field ${id}`);
      return fields.reason;
    },
    getTextInputValue: (id: string) => {
      if (id !== 'details' || fields.details === undefined) throw new Error(`no field ${id}`);
      return fields.details;
    },
  };
  return self as unknown as FakeInteraction;
}

export function fakeAutocomplete(name: string, focused: string, userId = '100000000000000001'): FakeInteraction {
  const self = base('autocomplete', userId);
  self.commandName = name;
  self.responded = false;
  self.options = { getFocused: () => focused };
  return self as unknown as FakeInteraction;
}

export function fakeButton(customId: string, userId = '100000000000000001'): FakeInteraction {
  const self = base('button', userId);
  self.customId = customId;
  return self as unknown as FakeInteraction;
}

export function isEphemeral(call: Call | undefined): boolean {
  return ((((call?.payload as { flags?: number }) ?? {}).flags ?? 0) & MessageFlags.Ephemeral) !== 0;
}

/** Right-click a message → Apps → `name`, on a message with this content, embeds and attachments. */
export function fakeMessageCommand(
  name: string,
  target: { content: string; embeds?: unknown[]; attachments?: number },
  options: { userId?: string; locale?: string } = {},
): FakeInteraction {
  const self = base('message', options.userId ?? '100000000000000001');
  self.commandName = name;
  self.locale = options.locale ?? 'en-US';
  self.targetMessage = { content: target.content, embeds: target.embeds ?? [], attachments: { size: target.attachments ?? 0 } };
  return self as unknown as FakeInteraction;
}
