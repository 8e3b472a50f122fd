import type { Answer, Suggestion } from '../core/answer';
import { renderPlainText } from '../core/composeAnswer';

/** Example-question buttons on the welcome: two in each language. */
const BUTTONS_PER_LANGUAGE = 2;

/**
 * One welcome in both languages, the person's likely language first. The buttons
 * are two examples in each language, on different topics (the starters come in
 * the same order in both languages, so the second language takes the later ones).
 */
export function composeBilingualWelcome(first: Answer, second: Answer): Answer {
  const firstButtons = first.suggestions.slice(0, BUTTONS_PER_LANGUAGE);
  const secondButtons: Suggestion[] = second.suggestions.slice(
    BUTTONS_PER_LANGUAGE,
    2 * BUTTONS_PER_LANGUAGE,
  );
  if (secondButtons.length === 0)
    secondButtons.push(...second.suggestions.slice(0, BUTTONS_PER_LANGUAGE));
  const title = `${first.title} · ${second.title}`;
  // Each paragraph keeps its language, so the page can mark it (WCAG 3.1.2).
  const blocks = [
    ...first.blocks,
    ...second.blocks.map((b) => ({ ...b, language: second.language })),
  ];
  return {
    ...first,
    title,
    blocks,
    suggestions: [...firstButtons, ...secondButtons],
    alternatives: [],
    short: first.short ?? first.blocks[0]?.text ?? null,
    text: renderPlainText(title, blocks, [], first.language),
  };
}
