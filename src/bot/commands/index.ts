import type { Command } from '../command.ts';
import { about } from './about.ts';
import { ask } from './ask.ts';
import { privacy } from './privacy.ts';
import { settings } from './settings.ts';
import { source } from './source.ts';

/** Every command, listed by hand: registration sends exactly these definitions. */
export const commands: readonly Command[] = [ask, source, about, privacy, settings];
