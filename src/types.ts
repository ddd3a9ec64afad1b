/** What the text of a scraped page states about one article on it. A field the text does not state is null. */
export interface ArticleMeta {
  /** The file the article was read from, relative to the seeds folder. */
  file: string;
  /** 0 for the page's main article, 1.. for articles appended after a "read also" marker. */
  articleIndex: number;
  title: string | null;
  /** The outlet, e.g. "الجزيرة". */
  publisher: string | null;
  /** ISO date (YYYY-MM-DD) from a labelled publication date. */
  published: string | null;
}

/** One article cut out of a page: its metadata and its paragraphs, cleaned, in reading order. */
export interface Article extends ArticleMeta {
  paragraphs: Paragraph[];
}

export interface Paragraph {
  /** A section heading that stood just above the paragraph, if any. */
  heading: string | null;
  text: string;
}

/** The unit that is indexed, retrieved and cited. */
export interface Passage {
  /** Short, typeable citation id, stable while the text is unchanged (e.g. "k7m2qx9a"). */
  id: string;
  /** The passage as written in the source (heading line first when there is one). */
  text: string;
  article: ArticleMeta;
  /** 1-based position of the passage within its article. */
  paragraph: number;
}

export interface SearchResult {
  passage: Passage;
  /** Fused relevance score, higher is better; comparable within one response only. */
  score: number;
  /** The sentence of the passage that best answers the question, as written. */
  sentence: string;
  /** Passages of other articles that say the same (src/search/same-story.ts), best ranked first: shown as "also reported by", not as results. */
  alsoIn: Passage[];
}

export interface SearchResponse {
  query: string;
  /** False when the corpus does not seem to answer the question. */
  confident: boolean;
  results: SearchResult[];
  /** Articles that state no date and were left out because the search had a date filter (0 without one). */
  skippedUndated: number;
  /** The filter the search applied, as the index understood it; null without one. */
  filter: AppliedFilter | null;
  /** An English question answered without the model: the Arabic searched for each English word or phrase. */
  understood?: { english: string; arabic: string[]; how: 'phrase' | 'dictionary' | 'name' | 'none' }[];
  /** One line in the question's language when the best passage answers all but one rare word of it. */
  partial?: string;
}

/** A search filter as applied: the outlet as the index spells it, the first and last days included (ISO). */
export interface AppliedFilter {
  publisher: string | null;
  since: string | null;
  until: string | null;
}

/** Progress of a long step: `done` of `total` units (lines, passages). */
export type OnProgress = (done: number, total: number) => void;

/** A passage shown in full with its surroundings (`ask --source`, `/source`). */
export interface SourceView {
  passage: Passage;
  before: Passage[];
  after: Passage[];
}
