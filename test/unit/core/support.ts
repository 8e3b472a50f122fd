import type { CoreSettings } from '../../../src/core/defaults';
import type { Engine, Turn } from '../../../src/core/engine';
import type {
  Fact,
  Figure,
  KnowledgeBase,
  Language,
  Profile,
  Topic,
} from '../../../src/core/schema';
import { sharedEngine } from '../../fixtures/sharedEngine';
import { loadKnowledgeDir } from '../../../src/knowledge/readKnowledgeDir';

/**
 * The engine over the real knowledge folder (built once per jest worker); a broken
 * knowledge base fails the suite loudly.
 */
export function buildEngine(overrides: Partial<CoreSettings> = {}): Engine {
  return sharedEngine(overrides);
}

/**
 * The real knowledge base, for building test.each tables at collection time (before
 * beforeAll runs): tables then follow the knowledge instead of copying it.
 */
export function loadRealKnowledge(): KnowledgeBase {
  const result = loadKnowledgeDir();
  if (!result.ok) throw new Error(`the real knowledge is invalid: ${result.issues.length} issues`);
  return result.kb;
}

/** The profile the bot answers from by default (Mexico City). */
export function defaultProfile(kb: KnowledgeBase): Profile {
  const profile = kb.profiles.find((p) => p.id === kb.defaultCity);
  if (!profile) throw new Error(`no profile for the default city ${kb.defaultCity}`);
  return profile;
}

export function factById(profile: Profile, id: string): Fact {
  const fact = profile.facts.find((f) => f.id === id);
  if (!fact) throw new Error(`the profile has no fact "${id}"`);
  return fact;
}

export function topicById(kb: KnowledgeBase, id: string): Topic {
  const topic = kb.topics.find((t) => t.id === id);
  if (!topic) throw new Error(`the knowledge base has no topic "${id}"`);
  return topic;
}

/** A figure of a fact (or of one of its items) by id. */
export function figureById(fact: Fact, id: string): Figure {
  const figure = [...fact.figures, ...fact.items.flatMap((i) => i.figures)].find(
    (f) => f.id === id,
  );
  if (!figure) throw new Error(`fact "${fact.id}" has no figure "${id}"`);
  return figure;
}

/**
 * How a figure must read in an answer: percentages as "81%", counts with the
 * thousands grouping people expect ("9,209,944"). Written from the spec, not
 * copied from the implementation.
 */
export function expectedFigureText(figure: Figure, language: Language): string {
  if (figure.unit === 'percent-of-cities') return `${figure.value}%`;
  // A year is a date, not a count: "2018", never "2,018".
  if (figure.unit === 'year') return String(figure.value);
  return new Intl.NumberFormat(language === 'es' ? 'es-MX' : 'en-US').format(figure.value);
}

/** Every figure of the profile, with the fact it belongs to. */
export function allFigures(profile: Profile): Array<{ fact: Fact; figure: Figure }> {
  return profile.facts.flatMap((fact) =>
    [...fact.figures, ...fact.items.flatMap((i) => i.figures)].map((figure) => ({ fact, figure })),
  );
}

/** The literal pieces of a fact text between its placeholders ("{when}", "{population}"). */
export function literalFragments(text: string, minLength = 12): string[] {
  return text
    .split(/\{[a-z0-9.-]+\}/)
    .map((s) => s.replace(/^[\s,.:;]+|[\s,.:;]+$/g, ''))
    .filter((s) => s.length >= minLength);
}

/**
 * Every English sentence piece of a profile: fact texts, item texts, details and notes.
 * A Spanish answer must contain none of them.
 */
export function englishFactFragments(profile: Profile): string[] {
  const out = new Set<string>();
  for (const fact of profile.facts) {
    literalFragments(fact.text.en).forEach((s) => out.add(s));
    if (fact.note) literalFragments(fact.note.en).forEach((s) => out.add(s));
    for (const item of fact.items) {
      if (item.text && item.text.en !== item.text.es)
        literalFragments(item.text.en).forEach((s) => out.add(s));
      if (item.detail) literalFragments(item.detail.en).forEach((s) => out.add(s));
    }
  }
  return [...out];
}

/**
 * Every literal fact piece of a profile in both languages, long enough to be a statement
 * rather than a phrase the bot's own messages may use ("policy areas"): what an answer
 * without facts must not show.
 */
export function allFactFragments(profile: Profile): string[] {
  const out = new Set<string>();
  for (const fact of profile.facts) {
    for (const lang of ['en', 'es'] as const) {
      literalFragments(fact.text[lang], 20).forEach((s) => out.add(s));
      for (const item of fact.items)
        if (item.text) literalFragments(item.text[lang], 20).forEach((s) => out.add(s));
    }
  }
  return [...out];
}

/** Profile topics, as the knowledge base defines them. */
export function profileTopics(kb: KnowledgeBase): Topic[] {
  return kb.topics.filter((t) => t.kind === 'profile');
}

/** The people the profile names ("Claudia Sheinbaum Pardo"), read from the English fact texts "... was Name Surname." */
export function namedPeople(profile: Profile): string[] {
  const names: string[] = [];
  for (const fact of profile.facts) {
    const m = /\bwas ((?:\p{Lu}[\p{L}]+ ){1,3}\p{Lu}[\p{L}]+)[.:]/u.exec(fact.text.en);
    if (m?.[1]) names.push(m[1]);
  }
  return names;
}

export { playConversation } from '../../fixtures/playConversation';

/** The last turn of a conversation played. */
export function last(turns: readonly Turn[]): Turn {
  const turn = turns.at(-1);
  if (!turn) throw new Error('no turns');
  return turn;
}
