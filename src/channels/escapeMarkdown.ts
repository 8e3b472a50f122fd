/** Characters that open or close markdown anywhere in a line: emphasis, links, images, code, HTML, strikethrough, tables. */
const INLINE_MARKUP = /[\\`*_[\]<>~|]/g;
/** What makes a line a heading, quote, list item or numbered item: `# `, `> `, `- `, `+ `, `1. `, `1) `. */
const LINE_MARKER = /^([ \t]*)(#{1,6}|[-+>]|\d{1,9}(?=[.)]))/gm;

/**
 * Text made safe to put in an Adaptive Card TextBlock (which renders a markdown subset,
 * and Web Chat's renderer more): every character that could start markup is escaped
 * with a backslash, so "[x](javascript:alert(1))", "**bold**" or "<img ...>" show as
 * typed. The knowledge's own texts contain none of these characters (a test checks it),
 * so escaping every TextBlock changes nothing that people normally see.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(INLINE_MARKUP, '\\$&')
    .replace(LINE_MARKER, (_match, indent: string, marker: string) => {
      // "1." is escaped as "1\." (the dot is the marker); the others by a leading backslash.
      return /^\d/.test(marker) ? `${indent}${marker}\\` : `${indent}\\${marker}`;
    });
}
