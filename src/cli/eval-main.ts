import { evalCommand } from './eval-command.ts';
import { runCli } from './run.ts';

process.exitCode = await runCli(evalCommand);
