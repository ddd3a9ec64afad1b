import { normalizeForMatch } from '../text/normalize.ts';

/**
 * Cleaning rules, as data. Each names a kind of page chrome found in scraped news pages, with the
 * reason it is not article text. Patterns are matched against the normalized line (see
 * normalizeForMatch: hamza seats folded, ة→ه, ى→ي, diacritics removed, lower case), and only on
 * short lines (at most `maxWords`), so a sentence that merely mentions "share" is never dropped.
 */
export interface ChromeRule {
  name: string;
  reason: string;
  pattern: RegExp;
  maxWords: number;
}

export const CHROME_RULES: ChromeRule[] = [
  {
    name: 'share-and-comment-widgets',
    reason: 'social sharing and comment buttons are page controls, not text',
    pattern: /^(شارك|شاركها|مشاركه|share|tweet|اترك تعليقا|اضف تعليقا|التعليقات|comments?|leave a (comment|reply))(?!\p{L})/u,
    maxWords: 4,
  },
  {
    name: 'site-controls',
    reason: 'theme switches, logos, mobile-version links and menus belong to the site frame',
    pattern: /(الوضع المظلم|الوضع الليلي|الوضع الفاتح|dark mode|light mode|mobile version|^logo$|^القائمه$|^menu$|^بحث$|^search$|^الرئيسيه$|^home$)/,
    maxWords: 4,
  },
  {
    name: 'newsletter-box',
    reason: 'newsletter and subscription boxes are site promotion',
    pattern: /(اشترك|النشره الاخباريه|النشره البريديه|القائمه البريديه|newsletter|subscribe)/,
    maxWords: 10,
  },
  {
    name: 'related-list-heading',
    reason: 'headings of related, most-read and more-from lists introduce links to other pages',
    pattern: /^(مقالات مشابهه|مقالات ذات صله|مواضيع ذات صله|اخبار ذات صله|ذات صله|حول هذه القصه|اقرا المزيد|المزيد من .*|الاكثر قراءه|الاكثر مشاهده|الاكثر تداولا|related( articles| stories| posts)?|more from .*|most read|read more)$/,
    maxWords: 6,
  },
  {
    name: 'media-box-label',
    reason: 'labels of cartoon, video and photo boxes head site furniture, not the article',
    pattern: /^(كاريكاتير|كاريكاتور|فيديو|صور|انفوغراف|انفوجراف|video|photos?|gallery|infographic)$/,
    maxWords: 1,
  },
  {
    name: 'tag-line',
    reason: 'tag lists are keywords for the site, not sentences',
    pattern: /^(كلمات دلاليه|الكلمات المفتاحيه|كلمات مفتاحيه|الوسوم|وسوم|tags?|keywords)\s*:/,
    maxWords: Infinity,
  },
  {
    name: 'embedded-tweet-credit',
    reason: 'the "— Name (@handle) date" line of an embedded tweet is a credit, not text',
    pattern: /^[—–-]\s*.*\(@\w+\)/,
    maxWords: 12,
  },
];

/** The first rule a line falls under, or null (`normalized`: the line through normalizeForMatch, when known). */
export function matchChromeRule(line: string, normalized = normalizeForMatch(line)): ChromeRule | null {
  normalized = normalized.trim();
  const words = normalized.split(/\s+/).length;
  return CHROME_RULES.find((rule) => words <= rule.maxWords && rule.pattern.test(normalized)) ?? null;
}

/**
 * Embedded tweets: the text above a tweet's credit line, as many lines as fit in a tweet (280
 * characters), is the tweet, not the outlet's text (applied by classifyLines, which sees neighbours).
 */
export const TWEET_MAX_CHARS = 280;

/** Link fragments removed inside lines: embedded-media and bare URLs are not readable text. */
export const INLINE_LINK = /\s*(?:pic\.twitter\.com\/\S+|https?:\/\/\S+)/g;

/** A bullet opening a list item; a short item outside an article header is a link in a list. */
export const BULLET = /^\s*[•·▪●◦‣∙*]\s*/;
