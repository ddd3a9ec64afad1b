import { reportCommand } from './report-command.ts';
import { runCli } from './run.ts';

process.exitCode = await runCli(reportCommand);
