import { Lexer, type Token } from 'marked';

/**
 * A Markdown seed as the plain lines that the line classifier reads, parsed by `marked`'s lexer (not
 * by patterns): heading marks go ("# عنوان" → "عنوان"), emphasis keeps its words, so
 * "**المصدر:** الجزيرة" reads as the label line "المصدر: الجزيرة", links keep their text only,
 * images and HTML go (captions and embeds, not article text). Line structure is kept (a line break
 * inside a paragraph stays one), since a scraped page's lines are what the classifier decides on;
 * list items start with "• " so that lists of links are recognised as in `.txt` pages.
 */
export function markdownToText(markdown: string): string {
  return blocks(new Lexer({ gfm: true }).lex(markdown)).join('\n');
}

function blocks(tokens: Token[]): string[] {
  return tokens.flatMap((token): string[] => {
    switch (token.type) {
      case 'heading':
      case 'paragraph':
        return [inline(token.tokens ?? [])];
      case 'text': // the body of a tight list item
        return [token.tokens ? inline(token.tokens) : token.text];
      case 'code':
        return [token.text];
      case 'blockquote':
        return blocks(token.tokens ?? []);
      case 'list':
        return (token.items as { tokens: Token[] }[]).flatMap((item) => blocks(item.tokens).map((line, i) => (i === 0 ? `• ${line}` : line)));
      case 'table': {
        const rows = [token.header, ...token.rows] as { tokens: Token[] }[][];
        return rows.map((cells) => cells.map((cell) => inline(cell.tokens)).join(' '));
      }
      default: // space, hr, html, link definitions
        return [];
    }
  });
}

function inline(tokens: Token[]): string {
  return tokens
    .map((token): string => {
      switch (token.type) {
        case 'text':
          return token.tokens ? inline(token.tokens) : token.text;
        case 'escape':
        case 'codespan':
          return token.text;
        case 'br':
          return '\n';
        case 'strong':
        case 'em':
        case 'del':
        case 'link':
          return inline(token.tokens ?? []);
        default: // image, html
          return '';
      }
    })
    .join('');
}
