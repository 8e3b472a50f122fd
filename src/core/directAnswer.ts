import { normalizeText } from './normalize';
import {
  VOCABULARY_OF_TOPIC,
  type Fact,
  type Figure,
  type Item,
  type KnowledgeBase,
  type Language,
  type Profile,
  type Topic,
  type VocabularyOption,
} from './schema';
import { pick, TEXTS } from './texts';
import type { Mention, OptionMention } from './understand/findMentions';
import type { QuestionForm } from './understand/questionForm';

/** What the direct answer looks at: the question's form and what it names. */
export interface DirectQuestion {
  readonly form: QuestionForm;
  readonly mentions: readonly Mention[];
  /** Survey options the question names, best first (of any topic's vocabulary). */
  readonly options?: readonly OptionMention[];
  readonly policyArea: string | null;
  readonly pronounEntity: string | null;
  /** The subject of a person of the city the question names by name ("mayor"), if any. */
  readonly namedPerson?: string | null;
  /** The question names a data word that asks for sufficient data ("enough", "suficientes"). */
  readonly asksSufficient: boolean;
  /** The question asks whether the facts still hold ("is this up to date?"). */
  readonly isAboutNow?: boolean;
  /** Key words of a yes/no question the topic does not cover: something not in its lists. */
  readonly uncovered?: readonly string[];
}

/** The direct answer, and which of the topic's facts to show first (the subset asked). */
export interface Direct {
  readonly short: string;
  /** When set, only these facts are shown; the others are left for "tell me more". */
  readonly onlyFacts: readonly string[] | null;
}

/** Fills a fact text's placeholders; `{when}` becomes the survey's time. */
export type FillText = (fact: Fact, language: Language, isFirst: boolean) => string;

const MONTHS: Readonly<Record<Language, readonly string[]>> = {
  en: 'January February March April May June July August September October November December'.split(
    ' ',
  ),
  es: 'enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre'.split(
    ' ',
  ),
};

/** A date figure as people say it: "December 2018", "diciembre de 2018". */
export function formatDate(figure: Figure, language: Language): string {
  const month = figure.month ? MONTHS[language][figure.month - 1] : undefined;
  if (!month) return String(figure.value);
  return language === 'en' ? `${month} ${figure.value}` : `${month} de ${figure.value}`;
}

/** The names a person fact gives: "... Lead Innovation Officers were A, B and C." */
const PEOPLE_NAMED = /\b(?:was|were)\s+([^:.;()]+)/u;

function firstSentence(text: string): string {
  const m = /^(.+?[.!?])(?:\s|$)/su.exec(text);
  return (m?.[1] ?? text).trim();
}

function itemLabel(kb: KnowledgeBase, item: Fact['items'][number], language: Language): string {
  if (item.text) return pick(item.text, language);
  const area = item.policyArea ? kb.policyAreas.find((a) => a.id === item.policyArea) : undefined;
  return area ? pick(area.name, language) : '';
}

/** "A, B and C" / "A, B y C". */
export function joinList(items: readonly string[], language: Language): string {
  if (items.length <= 1) return items.join('');
  const and = language === 'en' ? 'and' : 'y';
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1] ?? ''}`;
}

/** A fact's text with its list inline: "... were: A, B and C." */
function inline(kb: KnowledgeBase, fact: Fact, language: Language, fill: FillText): string {
  const text = fill(fact, language, true);
  if (fact.items.length === 0) return text;
  const items = fact.items.map((i) => itemLabel(kb, i, language));
  return `${text.replace(/:\s*$/, ':')} ${joinList(items, language)}.`;
}

/** True when a list item is this survey option: by its id, or by a name or page spelling. */
function isOption(item: Item, option: VocabularyOption): boolean {
  if (item.id !== undefined) return item.id === option.id;
  const names = new Set(
    [option.name.en, option.name.es, ...option.labels].map((n) => normalizeText(n)),
  );
  return [item.text?.en, item.text?.es].some((t) => t !== undefined && names.has(normalizeText(t)));
}

function yes(language: Language): string {
  return language === 'en' ? 'Yes' : 'Sí';
}

function mainFigure(
  facts: readonly Fact[],
  wantYear: boolean,
): { fact: Fact; figure: Figure } | null {
  for (const fact of facts)
    for (const figure of fact.figures) {
      if (figure.unit === 'percent-of-cities') continue;
      if ((figure.unit === 'year') === wantYear) return { fact, figure };
    }
  return null;
}

/**
 * A figure's own date as a year figure: "is Adelaide's population figure from 2020?" asks
 * the year the figure is for (2018), when the topic holds no date of its own.
 */
function datedFigure(facts: readonly Fact[]): { fact: Fact; figure: Figure } | null {
  for (const fact of facts)
    for (const figure of fact.figures)
      if (figure.unit !== 'percent-of-cities' && figure.unit !== 'year' && figure.year)
        return { fact, figure: { id: figure.id, value: figure.year, unit: 'year' } };
  return null;
}

/**
 * Whether a figure meets a comparison: true, false, or null when the figure is not exact
 * enough to tell ("more than 100 staff" asked "more than 200?"). A figure "around" a
 * value is taken as that value; a range answers only outside the comparison's doubt.
 */
function compare(figure: Figure, op: string, target: number): boolean | null {
  const low = figure.value;
  const high =
    figure.qualifier === 'more-than'
      ? Infinity
      : figure.qualifier === 'range'
        ? (figure.upTo ?? figure.value)
        : figure.value;
  // Above: every value the figure allows is above the target; not above: none is.
  const isAbove = (t: number): boolean | null => (low > t ? true : high <= t ? false : null);
  const isBelow = (t: number): boolean | null => (high < t ? true : low >= t ? false : null);
  if (figure.qualifier === 'more-than' && (op === 'more' || op === 'after'))
    return low >= target ? true : null;
  if (op === 'more' || op === 'after') return isAbove(target);
  if (op === 'less' || op === 'before') return isBelow(target);
  // "at least 150" holds 150 itself; "at most 5" holds 5.
  if (op === 'atLeast') return low >= target ? true : high < target ? false : null;
  if (op === 'atMost') return high <= target ? true : low > target ? false : null;
  // "around 3 million": the figure within a tenth of the number (2,890,000 is; 2 million is not).
  if (op === 'around') {
    const near = (v: number): boolean => Math.abs(v - target) <= AROUND_SHARE * target;
    if (near(low) && near(high)) return true;
    return high < target * (1 - AROUND_SHARE) || low > target * (1 + AROUND_SHARE) ? false : null;
  }
  if (low === high) return low === target;
  return target < low || target > high ? false : null;
}

/** How near a figure must be to a number asked "around" it: a tenth either side. */
const AROUND_SHARE = 0.1;

// Built once: a formatter is costly to build.
const COUNT_FORMATS: Readonly<Record<Language, Intl.NumberFormat>> = {
  en: new Intl.NumberFormat('en-US'),
  es: new Intl.NumberFormat('es-MX'),
};

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A count as the profile gives it: "150 staff", "more than 100 staff", "4 to 6 staff". */
function countOf(figure: Figure, language: Language): string {
  const unit = TEXTS.unitWords[figure.unit];
  const format = (n: number): string => COUNT_FORMATS[language].format(n);
  const n =
    figure.qualifier === 'more-than'
      ? pick(TEXTS.moreThan(format(figure.value)), language)
      : figure.qualifier === 'around'
        ? pick(TEXTS.around(format(figure.value)), language)
        : figure.qualifier === 'range' && figure.upTo !== undefined
          ? pick(TEXTS.range(format(figure.value), format(figure.upTo)), language)
          : format(figure.value);
  return unit ? `${n} ${pick(unit, language)}` : n;
}

/**
 * The direct answer to a question about one topic: "Yes"/"No" first for a yes/no
 * question (membership in any list, a figure compared, a stated fact), the number
 * first for "how many", the date for "when", the reason for "why", the subset asked
 * first for a negated list question; otherwise the topic's first sentence, with its
 * list inline. Pure: built from the facts only.
 */
export function directAnswer(
  kb: KnowledgeBase,
  profile: Profile,
  topic: Topic,
  facts: readonly Fact[],
  q: DirectQuestion,
  language: Language,
  fill: FillText,
): Direct {
  const first = facts[0];
  if (!first) return { short: '', onlyFacts: null };
  const no = 'No';
  const plain = (fact: Fact): string => inline(kb, fact, language, fill);
  const { form } = q;
  const ownIds = new Set(facts.map((f) => f.id));
  // "No" when the named thing is not in the list; when the stored page kept only part of
  // the list (it counts 5 roles, names 3), the profile doesn't say, and shows what it names.
  const notInList = (list: Fact): string => {
    const total = list.figures.find(
      (f) => f.unit !== 'year' && f.unit !== 'percent-of-cities' && f.qualifier === undefined,
    )?.value;
    if (total !== undefined && total > list.items.length)
      return pick(
        TEXTS.partialList(
          list.items.length,
          total,
          joinList(
            list.items.map((i) => itemLabel(kb, i, language)),
            language,
          ),
        ),
        language,
      );
    return `${form.isNegated ? yes(language) : no} — ${plain(list)}`;
  };

  function notListed(): string | null {
    const kind = VOCABULARY_OF_TOPIC[topic.id];
    const options = kind && kind !== 'team-structure' ? kb.vocabularies?.[kind] : undefined;
    if (!options) return null;
    const year = profile.survey.year;
    const offered = options.filter((o) => !o.rounds || o.rounds.includes(year));
    const list = facts.find(
      (f) =>
        f.items.length > 0 &&
        f.items.length < offered.length &&
        f.items.every((i) => offered.some((o) => isOption(i, o))),
    );
    if (!list) return null;
    const total = list.figures.find((f) => f.unit !== 'year' && f.unit !== 'percent-of-cities');
    if (total && total.value > list.items.length) return null;
    const other = offered.filter((o) => !list.items.some((i) => isOption(i, o)));
    if (other.length === 0) return null;
    return pick(
      TEXTS.notListed(
        pick(profile.name, language),
        joinList(
          other.map((o) => pick(o.name, language)),
          language,
        ),
        joinList(
          list.items.map((i) => itemLabel(kb, i, language)),
          language,
        ),
        list.citation?.year ?? year,
      ),
      language,
    );
  }

  // Data availability: one area's status, or the subset asked (lacking / enough).
  const statusFacts = facts.filter((f) => f.dataStatus);
  if (statusFacts.length > 0 && !q.policyArea) {
    const lacking = statusFacts.find((f) => f.dataStatus === 'insufficient');
    const enough = statusFacts.find((f) => f.dataStatus === 'sufficient');
    const asked = form.isNegated
      ? lacking
      : q.asksSufficient || form.isDoubleNegated === true
        ? enough
        : undefined;
    if (asked) {
      const items = asked.items.map((i) => itemLabel(kb, i, language));
      const year = asked.citation?.year ?? profile.survey.year;
      // "enough data in at least ten areas?", "¿le faltan datos en más de 5 áreas?": the
      // count of the areas asked, compared.
      const counted = asked.figures.find((f) => f.unit === 'areas');
      const ok =
        form.kind === 'yesno' && form.comparison && counted
          ? compare(counted, form.comparison.op, form.comparison.value)
          : null;
      const areas = pick(
        TEXTS.areasWith(
          asked.dataStatus ?? 'sufficient',
          items.length,
          joinList(items, language),
          year,
        ),
        language,
      );
      const short = ok === null ? areas : `${ok ? yes(language) : 'No'} — ${areas}`;
      return { short, onlyFacts: [asked.id] };
    }
  }

  // Funded or not: the complement of the city's own choices.
  const choiceFact = facts.find((f) => f.items.some((i) => i.isCityChoice));
  if (choiceFact && form.isNegated) {
    const other = choiceFact.items
      .filter((i) => !i.isCityChoice)
      .map((i) => itemLabel(kb, i, language));
    const mine = choiceFact.items
      .filter((i) => i.isCityChoice)
      .map((i) => itemLabel(kb, i, language));
    const year = choiceFact.citation?.year ?? profile.survey.year;
    return {
      short: pick(
        TEXTS.notChosen(joinList(other, language), joinList(mine, language), year),
        language,
      ),
      onlyFacts: null,
    };
  }

  // "which roles does Umeå not have?": the survey's options the city's whole list leaves
  // out (never from a list the stored page cut, nor from the survey's full ranking).
  const complement = form.isNegated && form.kind === 'open' ? notListed() : null;
  if (complement) return { short: complement, onlyFacts: null };

  // "is this up to date?": the fact that says how current the facts are.
  const currency = q.isAboutNow ? facts.find((f) => f.answers?.includes('now')) : undefined;
  if (currency)
    return {
      short: form.kind === 'yesno' ? `${no} — ${plain(currency)}` : plain(currency),
      onlyFacts: null,
    };

  if (form.kind === 'yesno') {
    // "is he the mayor?" said of someone else: no, and who it was.
    // "is Claudia Sheinbaum the lead innovation officer?": someone else of the city, named.
    const other = q.pronounEntity ?? q.namedPerson ?? null;
    if (topic.subject?.isPerson && other && other !== topic.subject.id)
      return {
        short: `${form.isNegated ? yes(language) : no} — ${plain(first)}`,
        onlyFacts: null,
      };
    // A figure compared: "more than 100 staff?", "set up before the 2020 survey?".
    if (form.comparison) {
      const isYear = form.comparison.value >= 1900 && form.comparison.value <= 2100;
      const dated = isYear ? datedFigure(facts) : null;
      const hit = mainFigure(facts, isYear) ?? dated ?? (isYear ? null : mainFigure(facts, true));
      if (hit && !(isYear && hit.figure.unit !== 'year')) {
        const ok = compare(hit.figure, form.comparison.op, form.comparison.value);
        const shown =
          hit.figure.unit === 'year'
            ? formatDate(hit.figure, language)
            : countOf(hit.figure, language);
        // Not exact enough to tell: what the profile says, without a yes or a no.
        if (ok === null)
          return {
            short: `${pick(TEXTS.notExact(shown), language)} ${firstSentence(plain(hit.fact))}`,
            onlyFacts: null,
          };
        return {
          short: `${ok ? yes(language) : no} — ${shown}. ${firstSentence(plain(hit.fact))}`,
          onlyFacts: null,
        };
      }
    }
    const vocabulary = VOCABULARY_OF_TOPIC[topic.id];
    const optionById = (id: string | undefined): VocabularyOption | undefined =>
      vocabulary && id !== undefined
        ? kb.vocabularies?.[vocabulary]?.find((o) => o.id === id)
        : undefined;
    // In a list: yes (in a list of the survey's options with the city's choices marked, in
    // it means chosen); a negated question turns it round.
    const inList = (fact: Fact, item: Item | undefined): Direct => {
      const isChoiceList = fact.items.some((i) => i.isCityChoice);
      const isIn = isChoiceList ? item?.isCityChoice === true : true;
      const polarity = isIn !== form.isNegated ? yes(language) : no;
      return { short: `${polarity} — ${firstSentence(plain(fact))}`, onlyFacts: null };
    };

    // A structure the profile states ("an independent department") asked as another one
    // ("is the team in the mayor's office?"): no, and what it was; the same one: yes. Only
    // a word that one structure alone has counts ("mayor", not "dedicated team"), and an
    // option that denies a team ("no dedicated team") is left to what the fact holds.
    const structure = facts.find((f) => f.option !== undefined);
    const statedOption = optionById(structure?.option);
    const askedStructure = optionById(
      q.options?.find((o) => o.topicId === topic.id && o.isDistinct)?.optionId,
    );
    if (structure && statedOption && askedStructure && !/^no\b/i.test(askedStructure.name.en)) {
      const isSame = askedStructure.id === statedOption.id;
      return {
        short: `${isSame !== form.isNegated ? yes(language) : no} — ${firstSentence(plain(structure))}`,
        onlyFacts: null,
      };
    }

    // Membership in a list: the named item is in this topic's list, or something else is.
    // A survey option of the list's vocabulary named better than any item of the city's
    // list ("architects", "a dedicated innovation team") decides: listed (under its id or
    // name), or not there.
    // A list as long as the survey's options ("the survey's list of activities, in the
    // order the profile ranks them") holds every option: being in it says nothing. The
    // city's own list ("its most common activities") answers when there is one.
    const optionCount = vocabulary ? (kb.vocabularies?.[vocabulary]?.length ?? 0) : 0;
    const isFullList = (f: Fact): boolean => optionCount > 0 && f.items.length >= optionCount;
    const ownList = facts.find((f) => f.items.length > 0 && !isFullList(f));
    const rankings = new Set(ownList ? facts.filter(isFullList).map((f) => f.id) : []);
    const mine = q.mentions.find((m) => ownIds.has(m.factId) && !rankings.has(m.factId));
    const named = vocabulary ? q.options?.find((o) => o.topicId === topic.id) : undefined;
    const option = optionById(named?.optionId);
    const listFact = ownList ?? facts.find((f) => f.items.length > 0);
    if (named && option && listFact && (!mine || mine.share < named.share)) {
      const listed = facts.find(
        (f) => !rankings.has(f.id) && f.items.some((i) => isOption(i, option)),
      );
      return listed
        ? inList(
            listed,
            listed.items.find((i) => isOption(i, option)),
          )
        : { short: notInList(listFact), onlyFacts: null };
    }
    const mineFact = mine ? facts.find((f) => f.id === mine.factId) : undefined;
    const mineItem = mine ? mineFact?.items[mine.index] : undefined;
    if (mineFact && mineItem) return inList(mineFact, mineItem);
    const namesOther =
      q.mentions.length > 0 || q.policyArea !== null || (q.uncovered?.length ?? 0) > 0;
    if (listFact && namesOther) return { short: notInList(listFact), onlyFacts: null };
    // A stated fact ("has the city got an explicit strategy?"): the profile states it, or
    // states that the city has it not (`holds: false`: "Bilbao did not have a dedicated team").
    const stated = facts.find((f) => f.holds !== undefined) ?? first;
    const isYes = (stated.holds ?? true) !== form.isNegated;
    return {
      short: `${isYes ? yes(language) : no} — ${firstSentence(plain(stated))}`,
      onlyFacts: null,
    };
  }

  if (form.kind === 'count') {
    const hit = mainFigure(facts, false);
    if (hit)
      return {
        short: `${capitalized(countOf(hit.figure, language))}. ${firstSentence(plain(hit.fact))}`,
        onlyFacts: null,
      };
    const listFact = facts.find((f) => f.items.length > 0);
    if (listFact) return { short: `${listFact.items.length}: ${plain(listFact)}`, onlyFacts: null };
    // "how many lead innovation officers?": the people the fact names, counted.
    const names = topic.subject?.isPerson ? PEOPLE_NAMED.exec(first.text.en)?.[1] : undefined;
    if (names) {
      const count = names.split(/,\s*|\s+and\s+/u).filter((n) => n.trim().length > 0).length;
      return { short: `${count}. ${firstSentence(plain(first))}`, onlyFacts: null };
    }
    // Nothing to count: say so before what the profile does say.
    return {
      short: `${pick(TEXTS.noCount, language)} ${firstSentence(plain(first))}`,
      onlyFacts: null,
    };
  }

  if (form.kind === 'when') {
    const dated = facts.find((f) => f.answers?.includes('when')) ?? null;
    const hit = mainFigure(dated ? [dated] : facts, true);
    if (hit)
      return {
        short: `${formatDate(hit.figure, language)}. ${firstSentence(plain(hit.fact))}`,
        onlyFacts: null,
      };
    if (dated) return { short: firstSentence(plain(dated)), onlyFacts: null };
    const year = first.citation?.year ?? profile.survey.year;
    return { short: `${year}: ${firstSentence(plain(first))}`, onlyFacts: null };
  }

  if (form.kind === 'why') {
    const reason = facts.find((f) => f.answers?.includes('why'));
    if (reason) return { short: plain(reason), onlyFacts: [reason.id] };
  }

  // Otherwise the topic's first sentence; a list whose text only introduces it comes inline.
  const filled = fill(first, language, true);
  const isIntroOnly = firstSentence(filled) === filled || /:\s*$/u.test(firstSentence(filled));
  if (first.items.length > 0 && isIntroOnly) return { short: plain(first), onlyFacts: null };
  return { short: firstSentence(filled), onlyFacts: null };
}
