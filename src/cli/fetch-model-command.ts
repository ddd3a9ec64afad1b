import { defineCommand } from 'citty';
import { createDownloadProgress } from '../embed/download-progress.ts';
import { describeFetchedModel, fetchModel } from '../embed/fetch-model.ts';
import { cli } from './run.ts';

export const fetchModelCommand = defineCommand({
  meta: { name: 'models:fetch', description: 'Download EMBEDDING_MODEL into MODELS_DIR, for machines that are offline at run time.' },
  args: {},
  async run() {
    const { config, out } = cli();
    const { model, dtype, offline } = config.embed;
    const progress = createDownloadProgress(process.stderr);
    const fetched = await fetchModel({ model, dtype, offline, modelsDir: config.paths.modelsDir }, progress.onProgress).finally(() =>
      progress.stop(),
    );
    out(describeFetchedModel(fetched, config.paths.modelsDir));
  },
});
