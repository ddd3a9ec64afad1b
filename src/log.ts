export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * Logs to stderr so stdout stays clean for `--json` output. `json` writes one structured line per
 * event (the bot); `text` writes `level: message` for people at a terminal (the CLI).
 */
export function createLogger(
  level: LogLevel = 'info',
  format: 'json' | 'text' = 'text',
  write: (line: string) => void = (line) => process.stderr.write(line + '\n'),
): Logger {
  const emit = (at: LogLevel) => (message: string, fields: LogFields = {}) => {
    if (rank[at] < rank[level]) return;
    if (format === 'json') {
      write(JSON.stringify({ time: new Date().toISOString(), level: at, msg: message, ...fields }));
    } else {
      const extra = Object.keys(fields).length > 0 ? ' ' + JSON.stringify(fields) : '';
      write(`${at}: ${message}${extra}`);
    }
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

export const silentLogger: Logger = createLogger('error', 'text', () => {});
