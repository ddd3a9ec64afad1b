/**
 * Splits running text into sentences at ". ! ? ؟ …" (and "؛") followed by a space, keeping the
 * punctuation and any closing quote with its sentence. Decimal points and dotted initials survive
 * because a split needs the following space.
 */
export function splitSentences(text: string): string[] {
  const sentences = text.split(/(?<=[.!?؟…؛]+[")»”’\]]*)\s+/);
  return mergeFragments(sentences.map((s) => s.trim()).filter(Boolean));
}

/** "د." or "2." alone is a fragment of the next sentence, not a sentence. */
function mergeFragments(parts: string[]): string[] {
  const out: string[] = [];
  for (const part of parts) {
    const prev = out.at(-1);
    if (prev !== undefined && prev.split(/\s+/).length < 3) out[out.length - 1] = `${prev} ${part}`;
    else out.push(part);
  }
  return out;
}
