import { fetchModelCommand } from './fetch-model-command.ts';
import { runCli } from './run.ts';

process.exitCode = await runCli(fetchModelCommand);
