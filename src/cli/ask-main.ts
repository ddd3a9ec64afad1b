import { askCommand } from './ask-command.ts';
import { runCli } from './run.ts';

process.exitCode = await runCli(askCommand);
