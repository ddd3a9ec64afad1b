import { indexCommand } from './index-command.ts';
import { runCli } from './run.ts';

process.exitCode = await runCli(indexCommand);
