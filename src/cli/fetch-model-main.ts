import { pathToFileURL } from 'node:url';
import { loadConfig, readEnv } from '../config.ts';
import { createDownloadProgress } from '../embed/download-progress.ts';
import { describeFetchedModel, fetchModel } from '../embed/fetch-model.ts';
import { isUserError } from '../errors.ts';

/** `npm run models:fetch`: downloads EMBEDDING_MODEL into MODELS_DIR. Returns the exit code. */
export async function runFetchModel(
  env: NodeJS.ProcessEnv = readEnv(),
  stdout: NodeJS.WriteStream = process.stdout,
  stderr: NodeJS.WriteStream = process.stderr,
): Promise<number> {
  const progress = createDownloadProgress(stderr);
  try {
    const config = loadConfig(env);
    const { model, dtype, offline } = config.embed;
    const modelsDir = config.paths.modelsDir;
    const fetched = await fetchModel({ model, dtype, offline, modelsDir }, progress.onProgress);
    progress.stop();
    stdout.write(describeFetchedModel(fetched, modelsDir) + '\n');
    return 0;
  } catch (error) {
    progress.stop();
    if (!isUserError(error)) throw error;
    stderr.write(error.message + '\n');
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runFetchModel();
}
