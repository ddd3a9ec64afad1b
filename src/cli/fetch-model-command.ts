import { defineCommand } from 'citty';
import { createDownloadProgress } from '../embed/download-progress.ts';
import { describeFetchedModel, fetchModel } from '../embed/fetch-model.ts';
import { cliContext } from './run.ts';

export const fetchModelCommand = defineCommand({
  meta: { name: 'models:fetch', description: 'Download EMBEDDING_MODEL into MODELS_DIR, for machines that are offline at run time.' },
  args: {},
  async run({ data }) {
    const { config, out, stderr } = cliContext(data);
    const { model, dtype, offline } = config.embed;
    const progress = createDownloadProgress(stderr as NodeJS.WriteStream);
    const fetched = await fetchModel({ model, dtype, offline, modelsDir: config.paths.modelsDir }, progress.onProgress).finally(() =>
      progress.stop(),
    );
    out(describeFetchedModel(fetched, config.paths.modelsDir));
  },
});
