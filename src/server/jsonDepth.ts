/**
 * The deepest nesting of arrays and objects in a JSON text, read without parsing it (so
 * that a body nested 40,000 levels deep costs one pass, not a stack overflow later),
 * stopping as soon as it passes `max`. Brackets inside strings do not count.
 */
export function jsonNestingDepth(text: string, max: number): number {
  let depth = 0;
  let deepest = 0;
  let isInString = false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (isInString) {
      if (code === 0x5c)
        i += 1; // a backslash escapes the next character
      else if (code === 0x22) isInString = false;
    } else if (code === 0x22) {
      isInString = true;
    } else if (code === 0x5b || code === 0x7b) {
      depth += 1;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > max) return deepest;
      }
    } else if (code === 0x5d || code === 0x7d) {
      depth -= 1;
    }
  }
  return deepest;
}
