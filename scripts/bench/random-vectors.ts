import type { Embedder } from '../../src/embed/embedder.ts';

/**
 * The bench's stand-in for a 100k-passage build with the model (~40 min on 2 cores): the model's own
 * identity (its EmbedderInfo, so the manifest names the model and later updates and searches use it)
 * and its query embedding, but random unit vectors of its dimension for passages. Seeded, so two runs
 * build the same index. The figures this gives are said to come from random vectors wherever printed.
 */
export function withRandomPassageVectors(model: Embedder, seed = 7): Embedder {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) | 0; // mulberry32
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  const unitVector = () => {
    const v = new Float32Array(model.info.dimensions);
    // Box–Muller normals: a Gaussian vector, normalized, is uniform on the sphere.
    for (let i = 0; i < v.length; i++) v[i] = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  };
  return {
    info: model.info,
    embedQuery: (text) => model.embedQuery(text),
    async embedPassages(texts, onProgress) {
      const vectors = texts.map(unitVector);
      onProgress?.(texts.length, 0);
      return vectors;
    },
  };
}

/** The model with the time spent in embedPassages and the passages it embedded counted, for a passages/s figure. */
export function timedEmbedder(model: Embedder): { embedder: Embedder; passages: () => number; seconds: () => number } {
  let passages = 0;
  let seconds = 0;
  return {
    embedder: {
      info: model.info,
      embedQuery: (text) => model.embedQuery(text),
      async embedPassages(texts, onProgress) {
        const started = performance.now();
        const vectors = await model.embedPassages(texts, onProgress);
        seconds += (performance.now() - started) / 1000;
        passages += texts.length;
        return vectors;
      },
    },
    passages: () => passages,
    seconds: () => seconds,
  };
}
