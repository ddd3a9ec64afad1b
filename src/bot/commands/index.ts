import type { Command, MessageCommand } from '../command.ts';
import { about } from './about.ts';
import { ask } from './ask.ts';
import { findSources } from './find-sources.ts';
import { privacy } from './privacy.ts';
import { settings } from './settings.ts';
import { source } from './source.ts';

/** Every command, listed by hand: registration sends exactly these definitions. */
export const commands: readonly Command[] = [ask, source, about, privacy, settings];

/** Message context-menu commands, registered with the slash commands. */
export const messageCommands: readonly MessageCommand[] = [findSources];
