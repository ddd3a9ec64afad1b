import type { ProgressInfo } from '@huggingface/transformers';
import cliProgress from 'cli-progress';

/** Plain functions, not methods: onProgress is handed to transformers.js on its own. */
export interface DownloadProgress {
  onProgress: (info: ProgressInfo) => void;
  stop: () => void;
}

const megabytes = (bytes: number) => (bytes / 1_048_576).toFixed(bytes < 1_048_576 ? 3 : 1);

/**
 * Shows model downloads on `stream` (stderr, so stdout stays clean): one bar per file on a TTY,
 * one line per finished file otherwise (logs and CI).
 */
export function createDownloadProgress(stream: NodeJS.WriteStream = process.stderr): DownloadProgress {
  return stream.isTTY ? createBars(stream) : createLines(stream);
}

function createBars(stream: NodeJS.WriteStream): DownloadProgress {
  const bars = new cliProgress.MultiBar(
    { stream, format: ' {bar} {percentage}% | {file} | {loadedMb}/{totalMb} MB', barsize: 24, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  const byFile = new Map<string, cliProgress.SingleBar>();
  return {
    onProgress(info) {
      if (info.status !== 'progress') return;
      const payload = { file: info.file, loadedMb: megabytes(info.loaded), totalMb: megabytes(info.total) };
      let bar = byFile.get(info.file);
      if (!bar) {
        bar = bars.create(info.total, 0, payload);
        byFile.set(info.file, bar);
      }
      bar.setTotal(info.total);
      bar.update(info.loaded, payload);
    },
    stop: () => bars.stop(),
  };
}

function createLines(stream: NodeJS.WriteStream): DownloadProgress {
  const sizes = new Map<string, number>();
  return {
    onProgress(info) {
      if (info.status === 'progress') sizes.set(info.file, info.total);
      if (info.status !== 'done') return;
      const size = sizes.get(info.file);
      stream.write(`fetched ${info.file}${size === undefined ? '' : ` (${megabytes(size)} MB)`}\n`);
    },
    stop: () => {},
  };
}
