import type { Answer } from '../core/answer';

/**
 * What a screen reader or speech channel reads: the plain answer without the
 * profile's web address (a URL read aloud helps nobody; the card links to it).
 */
export function speechOf(answer: Answer): string {
  const url = answer.profileUrl;
  if (!url) return answer.text;
  return answer.text
    .split('\n')
    .filter((line) => !line.includes(url))
    .join('\n')
    .trim();
}
