import { readEnv } from '../config.ts';
import { runDoctor } from './doctor-command.ts';

const write = (stream: NodeJS.WriteStream) => (line: string) => stream.write(line + '\n');
process.exitCode = await runDoctor({ args: process.argv.slice(2), env: readEnv(), out: write(process.stdout), err: write(process.stderr) });
