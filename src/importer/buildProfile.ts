import type {
  Fact,
  Figure,
  Item,
  Localized,
  PlacesFile,
  PolicyArea,
  Profile,
  ProfileSection,
  SummaryFile,
  VocabularyKind,
  VocabularyOption,
} from '../core/schema';
import { LabelIndex, optionIndex } from './matchLabel';
import type { PageLine, PageProblem, ParsedPage } from './parsePage';
import { sharedRun } from './sharedWords';

/** What the importer reads a page against: the knowledge's vocabularies and places. */
export interface ImportContext {
  readonly vocabularies: Readonly<Partial<Record<VocabularyKind, readonly VocabularyOption[]>>>;
  readonly policyAreas: readonly PolicyArea[];
  readonly places: PlacesFile;
  /** The own-words summary of the page's free-text paragraphs, when one exists. */
  readonly summary: SummaryFile | null;
}

export interface BuiltProfile {
  readonly profile: Profile | null;
  readonly problems: readonly PageProblem[];
}

export const SURVEY_SOURCE = 'OECD / Bloomberg Philanthropies Innovation Capacity Survey';
const SITE = 'https://cities-innovation-oecd.com/cities/';

type Bi = Localized;
const bi = (en: string, es: string): Bi => ({ en, es });

/** Shares the pages print in words, in both languages. */
const SHARE_WORDS: Readonly<Record<string, Bi>> = {
  'more than half': bi('more than half', 'más de la mitad'),
  'over one-third': bi('over one-third', 'más de un tercio'),
};

/** "A", "A and B", "A, B and C" (and the Spanish "y"). */
function joinList(names: readonly string[], and: string): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} ${and} ${names[names.length - 1] ?? ''}`;
}

/** The notes the pages put after a lead officer's name, in both languages. */
function leadName(raw: string): Bi {
  const m = /^(.+?)\s*\((current|at time of (\d{4}) survey)\)$/.exec(raw);
  if (!m) return bi(raw, raw);
  const name = m[1] ?? raw;
  if (m[2] === 'current') return bi(`${name} (current)`, `${name} (actual)`);
  return bi(
    `${name} (at the time of the ${m[3] ?? ''} survey)`,
    `${name} (en la encuesta de ${m[3] ?? ''})`,
  );
}

interface Builder {
  readonly facts: Fact[];
  readonly problems: PageProblem[];
  readonly sections: Set<ProfileSection>;
}

/**
 * Turns a parsed page into a profile: the same structured facts the hand-made Mexico
 * City profile has, with items as vocabulary ids and texts in English and Spanish
 * from the vocabularies, figures as values, every fact cited with the survey round
 * and section. Free-text paragraphs come only from the own-words summary; without
 * one they are left out. Returns null (and the reasons) when no valid profile can be
 * made; a label the vocabulary lacks drops its section rather than inventing a text.
 */
export function buildProfile(page: ParsedPage, context: ImportContext): BuiltProfile {
  const problems: PageProblem[] = [...page.problems];
  const place = context.places.cities.find((c) => c.page === page.slug);
  if (!page.slug || !place) {
    problems.push({
      line: 1,
      why: `page slug ${JSON.stringify(page.slug)} is not in vocabulary/places.yaml`,
    });
    return { profile: null, problems };
  }
  if (page.round === null) {
    problems.push({ line: 0, why: 'the survey round could not be told; no profile written' });
    return { profile: null, problems };
  }
  const country = context.places.countries.find((c) => c.id === place.country);
  const year = page.round;
  const name = place.name;
  const b: Builder = { facts: [], problems, sections: new Set(page.sections) };
  const cite = (sectionId: string, section: string): Fact['citation'] => ({
    year,
    section,
    sectionId,
  });
  const cutLine = page.cutLine;

  /** Vocabulary items of a list; an unknown label (other than the cut last line) fails the list. */
  const itemsOf = (
    lines: readonly PageLine[],
    index: LabelIndex<{ id: string; name: Bi; detail?: Bi }>,
    what: string,
  ): Item[] | null => {
    const items: Item[] = [];
    let isOk = true;
    for (const line of lines) {
      const option = index.find(line.text);
      if (option) {
        if (!items.some((i) => i.id === option.id))
          items.push({ id: option.id, text: option.name, figures: [] });
      } else if (line.n === cutLine) {
        // The copy was cut inside this label: it is not read.
      } else {
        problems.push({ line: line.n, why: `${what} "${line.text}" is not in the vocabulary` });
        isOk = false;
      }
    }
    return isOk ? items : null;
  };
  const vocab = (kind: VocabularyKind): LabelIndex<VocabularyOption> =>
    optionIndex(context.vocabularies[kind] ?? []);

  // ---- header ----
  if (page.mayor) {
    b.facts.push({
      id: 'mayor',
      topic: 'city.mayor',
      text: bi(
        `{when}, the mayor of ${name.en} was ${page.mayor}.`,
        `{when}, la alcaldía de ${name.es} estaba a cargo de ${page.mayor}.`,
      ),
      note: bi(
        'This is the profile’s information as of its survey; the office may have changed hands since.',
        'Es la información del perfil en la fecha de la encuesta; el cargo puede haber cambiado de titular desde entonces.',
      ),
      figures: [],
      items: [],
      citation: cite('mayor', 'Mayor'),
    });
  }
  if (page.population) {
    const hasYear = page.population.year !== null;
    const figure: Figure = {
      id: 'population',
      value: page.population.value,
      unit: 'inhabitants',
      ...(hasYear ? { year: page.population.year ?? undefined } : {}),
    };
    b.facts.push({
      id: 'population',
      topic: 'city.population',
      text: hasYear
        ? bi(
            `{when}, ${name.en} had a population of {population} (figure for {population.year}).`,
            `{when}, ${name.es} tenía {population} habitantes (cifra de {population.year}).`,
          )
        : bi(
            `{when}, the profile gave ${name.en} a population of {population}; the page gives no year for this figure.`,
            `{when}, el perfil daba a ${name.es} una población de {population} habitantes; la página no indica de qué año es la cifra.`,
          ),
      figures: [figure],
      items: [],
      citation: cite('population', 'Population'),
    });
  } else if (page.malformedPopulation) {
    const printed = page.malformedPopulation.text;
    b.facts.push({
      id: 'population',
      topic: 'city.population',
      text: bi(
        `The profile page prints ${name.en}'s population as “${printed}”, which is not a well-formed number, so the profile holds no reliable population figure.`,
        `La página del perfil imprime la población de ${name.es} como «${printed}», que no es un número bien formado, así que el perfil no tiene una cifra de población fiable.`,
      ),
      figures: [],
      items: [],
      citation: cite('population', 'Population'),
    });
  }
  if (page.leads.length > 0) {
    const names = page.leads.map(leadName);
    const isMany = names.length > 1;
    b.facts.push({
      id: 'lead-innovation-officer',
      topic: 'innovation.lead',
      text: isMany
        ? bi(
            `{when}, ${name.en}'s Lead Innovation Officers were ${joinList(
              names.map((n) => n.en),
              'and',
            )}.`,
            `{when}, los responsables de innovación (Lead Innovation Officers) de ${name.es} eran ${joinList(
              names.map((n) => n.es),
              'y',
            )}.`,
          )
        : bi(
            `{when}, ${name.en}'s Lead Innovation Officer was ${names[0]?.en ?? ''}.`,
            `{when}, el responsable de innovación (Lead Innovation Officer) de ${name.es} era ${names[0]?.es ?? ''}.`,
          ),
      figures: [],
      items: [],
      citation: cite(
        'lead-innovation-officer',
        isMany ? 'Lead Innovation Officers' : 'Lead Innovation Officer',
      ),
    });
  }

  // ---- goals and success factors ----
  listFact(b, 'goals', page.goals, () => itemsOf(page.goals ?? [], vocab('goal'), 'goal'), {
    id: 'innovation-goals',
    topic: 'innovation.goals',
    text: bi(
      `{when}, innovation was helping ${name.en} to:`,
      `{when}, la innovación ayudaba a ${name.es} a:`,
    ),
    citation: cite('goals', 'Innovation is helping to'),
  });
  listFact(
    b,
    'success-factors',
    page.successFactors,
    () => itemsOf(page.successFactors ?? [], vocab('success-factor'), 'success factor'),
    {
      id: 'success-factors',
      topic: 'innovation.success-factors',
      text: bi(
        `{when}, ${name.en}'s critical success factors for innovation were:`,
        `{when}, los factores críticos de éxito para la innovación en ${name.es} eran:`,
      ),
      citation: cite('success-factors', 'Critical success factors'),
    },
  );

  // ---- spotlight (prose: only an own-words summary) ----
  const prose = page.prose;
  const summaryOk = (text: Bi, what: string): boolean => {
    const copied = sharedRun(`${text.en} ${text.es}`, prose);
    if (copied)
      problems.push({
        line: 0,
        why: `the ${what} summary copies the page ("${copied}"); left out`,
      });
    return copied === null;
  };
  const spotlightTitle = `Spotlight on innovation in ${name.en}`;
  if (page.spotlight) {
    const summary = context.summary?.spotlight;
    if (summary && summaryOk(summary.summary, 'spotlight')) {
      const isCutHere = page.spotlight.truncated || summary.truncated === true;
      b.facts.push({
        id: 'spotlight',
        topic: 'innovation.agency',
        text: summary.summary,
        ...(isCutHere
          ? {
              note: bi(
                'The stored copy of the page was cut inside this paragraph; this summarises the part kept.',
                'La copia guardada de la página se cortó dentro de este párrafo; esto resume la parte conservada.',
              ),
            }
          : {}),
        figures: [],
        items: [],
        citation: cite('spotlight', spotlightTitle),
      });
    } else if (!summary) {
      problems.push({
        line: 0,
        why: 'no own-words summary of the spotlight (knowledge/summaries/); paragraph left out',
      });
    }
  }

  // ---- vision and approach ----
  if (page.strategy)
    strategyFacts(
      b,
      page.strategy,
      name,
      cite('strategy', 'Vision and approach to innovation capacity'),
    );

  // ---- policy areas ----
  if (page.focusAreas) policyFacts(b, page, context, name, cite, summaryOk);

  // ---- roles ----
  if (page.roles) {
    const items = itemsOf(page.roles.labels, vocab('role'), 'role');
    if (items === null) b.sections.delete('roles');
    else {
      const count = page.roles.count ?? items.length;
      b.facts.push({
        id: 'innovation-roles',
        topic: 'team.roles',
        text:
          count === 1
            ? bi(
                `{when}, ${name.en} used {roles} innovation skill or role:`,
                `{when}, ${name.es} contaba con {roles} perfil o función de innovación:`,
              )
            : bi(
                `{when}, ${name.en} used {roles} different innovation skills or roles:`,
                `{when}, ${name.es} contaba con {roles} perfiles o funciones de innovación distintos:`,
              ),
        figures: [{ id: 'roles', value: count, unit: 'roles', year }],
        items,
        ...(items.length < count
          ? {
              note: bi(
                `The stored page lists ${items.length} of them.`,
                `La página guardada enumera ${items.length} de ellos.`,
              ),
            }
          : {}),
        citation: cite('roles', 'Innovation skills or roles'),
      });
    }
  }

  // ---- team ----
  if (page.team)
    teamFact(
      b,
      page.team,
      context,
      name,
      year,
      cite('team', 'Innovation skills or roles'),
      cutLine,
    );

  // ---- terms ----
  listFact(b, 'terms', page.terms, () => itemsOf(page.terms ?? [], vocab('term'), 'term'), {
    id: 'innovation-terms',
    topic: 'innovation.terms',
    text: bi(
      `{when}, the terms ${name.en} most associated with innovation were:`,
      `{when}, los términos que ${name.es} más asociaba con la innovación eran:`,
    ),
    citation: cite('terms', `Terms ${name.en} most associates with innovation`),
  });

  // ---- activities ----
  if (page.activities) {
    const index = vocab('activity');
    const activitiesTitle = `${name.en}'s most common innovation activities`;
    const common = itemsOf(
      page.activities.common.map((a) => ({ n: a.line, text: a.label })),
      index,
      'activity',
    );
    const ranked = itemsOf(page.activities.ranked, index, 'ranked activity');
    if (common === null || ranked === null) b.sections.delete('activities');
    else {
      if (common.length > 0)
        b.facts.push({
          id: 'common-activities',
          topic: 'innovation.activities',
          text: bi(
            `{when}, ${name.en}'s most common innovation activities were:`,
            `{when}, las actividades de innovación más comunes de ${name.es} eran:`,
          ),
          figures: [],
          items: common.map((item) => {
            const detail = index.find(item.text?.en ?? '')?.detail;
            return detail ? { ...item, detail } : item;
          }),
          citation: cite('activities', activitiesTitle),
        });
      if (ranked.length > 0)
        b.facts.push({
          id: 'ranked-activities',
          topic: 'innovation.activities',
          text: bi(
            'The survey’s list of innovation activities, in the order the profile ranks them:',
            'La lista de actividades de innovación de la encuesta, en el orden en que el perfil las clasifica:',
          ),
          figures: [],
          items: ranked,
          itemsOrdered: true,
          citation: cite('activities', activitiesTitle),
        });
      if (common.length === 0 && ranked.length === 0) b.sections.delete('activities');
    }
  }

  // ---- funding ----
  if (page.funding) fundingFacts(b, page, context, name, year, cite);

  // ---- measurement ----
  if (page.measurement) measurementFacts(b, page, context, name, cite);

  // ---- data availability ----
  if (page.dataAvailability) dataFacts(b, page, context, name, year, cite);

  if (b.facts.length === 0) {
    problems.push({ line: 0, why: 'nothing on the page could be read into a fact' });
    return { profile: null, problems };
  }
  const sections = page.sections.filter((s) => b.sections.has(s));
  const profile: Profile = {
    id: place.id,
    name,
    country: country?.name ?? bi(page.country ?? '', page.country ?? ''),
    countryId: place.country,
    ...(place.state ? { state: place.state } : {}),
    profileUrl: `${SITE}${page.slug}`,
    survey: { source: SURVEY_SOURCE, year },
    sections,
    ...(page.truncatedSection && sections.includes(page.truncatedSection)
      ? { truncatedSection: page.truncatedSection }
      : {}),
    facts: b.facts,
    laterChanges: [],
  };
  return { profile, problems };
}

function listFact(
  b: Builder,
  section: ProfileSection,
  lines: readonly PageLine[] | null,
  read: () => Item[] | null,
  fact: Pick<Fact, 'id' | 'topic' | 'text' | 'citation'>,
): void {
  if (!lines) return;
  const items = read();
  if (items === null || items.length === 0) {
    b.sections.delete(section);
    return;
  }
  b.facts.push({ ...fact, figures: [], items });
}

function shareFigure(id: string, share: string, year: number): Figure | null {
  const m = /^(\d+)%$/.exec(share);
  return m ? { id, value: Number(m[1]), unit: 'percent-of-cities', year } : null;
}

/** "{x}" when the share is a figure, else its words ("more than half"). */
function shareText(id: string, share: string): Bi {
  if (/^\d+%$/.test(share)) return bi(`{${id}}`, `el {${id}}`);
  const words = SHARE_WORDS[share] ?? bi(share, share);
  return words;
}

function strategyFacts(
  b: Builder,
  strategy: NonNullable<ParsedPage['strategy']>,
  name: Bi,
  citation: Fact['citation'],
): void {
  const year = citation?.year ?? 2020;
  if (strategy.explicitShare) {
    const figure = shareFigure('explicit-strategy', strategy.explicitShare, year);
    const share = shareText('explicit-strategy', strategy.explicitShare);
    b.facts.push({
      id: 'explicit-strategy',
      topic: 'innovation.strategy',
      holds: strategy.explicit,
      text: strategy.explicit
        ? bi(
            `{when}, along with ${share.en} of cities surveyed, ${name.en} had an explicit innovation strategy.`,
            `{when}, al igual que ${share.es} de las ciudades encuestadas, ${name.es} tenía una estrategia de innovación explícita.`,
          )
        : bi(
            `{when}, ${name.en} did not have an explicit innovation strategy, like ${share.en} of cities surveyed.`,
            `{when}, ${name.es} no tenía una estrategia de innovación explícita, como ${share.es} de las ciudades encuestadas.`,
          ),
      figures: figure ? [figure] : [],
      items: [],
      citation,
    });
  }
  if (strategy.approach && strategy.approachShare) {
    const figure = shareFigure('approach', strategy.approachShare, year);
    const share = shareText('approach', strategy.approachShare);
    const how: Record<'both' | 'holistic' | 'specific', Bi> = {
      both: bi(
        'both at a holistic (macro) level and in specific policy areas',
        'tanto a nivel integral (macro) como en áreas de política específicas',
      ),
      holistic: bi('at a holistic (macro) level', 'a nivel integral (macro)'),
      specific: bi(
        'in specific policy areas or domains',
        'en áreas de política o ámbitos específicos',
      ),
    };
    const way = how[strategy.approach];
    b.facts.push({
      id: 'holistic-approach',
      topic: 'innovation.strategy',
      text: bi(
        `Similar to ${share.en} of cities surveyed, ${name.en} approached innovation capacity ${way.en}.`,
        `Como ${share.es} de las ciudades encuestadas, ${name.es} abordaba la capacidad de innovación ${way.es}.`,
      ),
      figures: figure ? [figure] : [],
      items: [],
      citation,
    });
  }
}

function policyFacts(
  b: Builder,
  page: ParsedPage,
  context: ImportContext,
  name: Bi,
  cite: (sectionId: string, section: string) => Fact['citation'],
  summaryOk: (text: Bi, what: string) => boolean,
): void {
  const focus = page.focusAreas;
  if (!focus) return;
  const index = new LabelIndex(context.policyAreas, (a) => [a.name.en, ...a.labels]);
  const title = `Policy areas that ${name.en} is focused on`;
  const citation = cite('policy-areas', title);
  if (focus.noPriority) {
    b.facts.push({
      id: 'policy-focus',
      topic: 'policy.areas',
      holds: false,
      text: bi(
        `{when}, ${name.en} did not prioritise policy sectors for its innovation work.`,
        `{when}, ${name.es} no priorizaba sectores de política para su trabajo de innovación.`,
      ),
      figures: [],
      items: [],
      citation,
    });
    return;
  }
  const areas: PolicyArea[] = [];
  let isOk = true;
  const lines = [...focus.labels, ...focus.descriptions.map((d) => ({ n: d.line, text: d.name }))];
  for (const line of lines) {
    const area = index.find(line.text);
    if (area) {
      if (!areas.includes(area)) areas.push(area);
    } else if (line.n !== page.cutLine) {
      b.problems.push({
        line: line.n,
        why: `policy area "${line.text}" is not in policyAreas.yaml`,
      });
      isOk = false;
    }
  }
  if (!isOk || areas.length === 0) {
    b.sections.delete('policy-areas');
    return;
  }
  const count = areas.length;
  b.facts.push({
    id: 'policy-focus',
    topic: 'policy.areas',
    text:
      count === 1
        ? bi(
            `{when}, ${name.en} focused its innovation on one policy area:`,
            `{when}, ${name.es} enfocaba su innovación en un área de política:`,
          )
        : bi(
            `{when}, ${name.en} focused its innovation on ${count} policy areas:`,
            `{when}, ${name.es} enfocaba su innovación en ${count} áreas de política:`,
          ),
    figures: [],
    items: areas.map((a) => ({ policyArea: a.id, figures: [] })),
    citation,
  });
  // Area descriptions are prose: only their own-words summaries are kept.
  for (const d of focus.descriptions) {
    const area = index.find(d.name);
    const summary = context.summary?.policyAreas?.find(
      (s) => index.find(s.name)?.id === area?.id && area !== undefined,
    );
    if (!area) continue;
    if (!summary) {
      b.problems.push({
        line: d.line,
        why: `no own-words summary of the "${d.name}" paragraph; left out`,
      });
      continue;
    }
    if (!summaryOk(summary.summary, `"${d.name}"`)) continue;
    if (b.facts.some((f) => f.id === `area-${area.id}`)) continue;
    b.facts.push({
      id: `area-${area.id}`,
      topic: 'policy.areas',
      text: summary.summary,
      ...(summary.truncated
        ? {
            note: bi(
              'The stored copy of the page was cut inside this paragraph; this summarises the part kept.',
              'La copia guardada de la página se cortó dentro de este párrafo; esto resume la parte conservada.',
            ),
          }
        : {}),
      figures: [],
      items: [],
      citation: cite('policy-areas', `${title}: ${d.name}`),
    });
  }
}

/** The staff figure of a team sentence: "38 staff", "a staff of 50", "more than 100 people", "4-6 staff". */
export function readStaff(sentence: string, year: number): Figure | null {
  const range = /(\d+)\s*[-–]\s*(\d+)\s+(?:full-time and part-time\s+)?staff/.exec(sentence);
  if (range)
    return {
      id: 'staff',
      value: Number(range[1]),
      upTo: Number(range[2]),
      qualifier: 'range',
      unit: 'people',
      year,
    };
  const more = /more than (\d+) (?:people|staff)/.exec(sentence);
  if (more)
    return { id: 'staff', value: Number(more[1]), qualifier: 'more-than', unit: 'people', year };
  const around = /around (\d+) staff/.exec(sentence);
  if (around)
    return { id: 'staff', value: Number(around[1]), qualifier: 'around', unit: 'people', year };
  const plain =
    /(?:consists(?: of)?|made up of|with|has|of) (\d+) (?:dedicated )?(?:staff|people|strategists|full-time)/.exec(
      sentence,
    ) ??
    /staff of (\d+)/.exec(sentence) ??
    /\((\d+) staff\)/.exec(sentence) ??
    /(\d+) staff/.exec(sentence);
  if (plain) return { id: 'staff', value: Number(plain[1]), unit: 'people', year };
  return null;
}

function staffText(figure: Figure | null): Bi {
  if (!figure) return bi('', '');
  switch (figure.qualifier) {
    case 'more-than':
      return bi(' of more than {staff} staff', ' de más de {staff} personas');
    case 'around':
      return bi(' of around {staff} staff', ' de unas {staff} personas');
    case 'range':
      return bi(
        ` of {staff} to ${figure.upTo ?? ''} staff`,
        ` de {staff} a ${figure.upTo ?? ''} personas`,
      );
    default:
      return bi(' of {staff} staff', ' de {staff} personas');
  }
}

function teamFact(
  b: Builder,
  team: NonNullable<ParsedPage['team']>,
  context: ImportContext,
  name: Bi,
  year: number,
  citation: Fact['citation'],
  cutLine: number | null,
): void {
  const structures = context.vocabularies['team-structure'] ?? [];
  const folded = team.text.replace(/'/g, '’');
  const structure = structures.find((s) =>
    s.labels.some((l) => folded.includes(l.replace(/'/g, '’'))),
  );
  if (!structure) {
    if (team.line !== cutLine)
      b.problems.push({ line: team.line, why: 'the team sentence names no known team structure' });
    b.sections.delete('team');
    return;
  }
  const staff = structure.id === 'no-dedicated-team' ? null : readStaff(team.text, year);
  const size = staffText(staff);
  const texts: Record<string, Bi> = {
    'no-dedicated-team': bi(
      `{when}, ${name.en} did not have a dedicated innovation team.`,
      `{when}, ${name.es} no tenía un equipo dedicado a la innovación.`,
    ),
    'mayors-office': bi(
      `{when}, ${name.en}'s dedicated innovation team${size.en} sat in the Mayor's office.`,
      `{when}, el equipo dedicado a la innovación de ${name.es}${size.es} estaba en la oficina del alcalde.`,
    ),
    'city-managers-office': bi(
      `{when}, ${name.en}'s dedicated innovation team${size.en} sat in the City Manager's office.`,
      `{when}, el equipo dedicado a la innovación de ${name.es}${size.es} estaba en la oficina del administrador municipal (City Manager).`,
    ),
    independent: bi(
      `{when}, ${name.en}'s innovation work was led by an independent department or body${size.en}.`,
      `{when}, el trabajo de innovación de ${name.es} estaba a cargo de un departamento u organismo independiente${size.es}.`,
    ),
    sprinkled: staff
      ? bi(
          `{when}, ${name.en}'s innovation work was spread throughout the municipality, with a dedicated team${size.en}.`,
          `{when}, el trabajo de innovación de ${name.es} estaba repartido por todo el municipio, con un equipo dedicado${size.es}.`,
        )
      : bi(
          `{when}, ${name.en}'s innovation work was spread throughout the municipality.`,
          `{when}, el trabajo de innovación de ${name.es} estaba repartido por todo el municipio.`,
        ),
    mixed: bi(
      `{when}, ${name.en} had both a central innovation team or department and innovation staff or groups in other departments${staff ? `, with a dedicated team${size.en}` : ''}.`,
      `{when}, ${name.es} tenía tanto un equipo o departamento central de innovación como personal o grupos de innovación en otros departamentos${staff ? `, con un equipo dedicado${size.es}` : ''}.`,
    ),
    'task-groups': bi(
      `{when}, ${name.en}'s innovation work was done by innovation task groups with delegates from different departments.`,
      `{when}, el trabajo de innovación de ${name.es} lo hacían grupos de trabajo de innovación con delegados de distintos departamentos.`,
    ),
    'external-organization': bi(
      `{when}, ${name.en} funded an external organization${size.en} for its innovation work.`,
      `{when}, ${name.es} financiaba una organización externa${size.es} para su trabajo de innovación.`,
    ),
    'within-department': bi(
      `{when}, ${name.en}'s dedicated innovation team${size.en} sat within a city department.`,
      `{when}, el equipo dedicado a la innovación de ${name.es}${size.es} estaba dentro de un departamento municipal.`,
    ),
  };
  const text = texts[structure.id];
  if (!text) return;
  b.facts.push({
    id: 'team-structure',
    topic: 'team.structure',
    holds: structure.id !== 'no-dedicated-team',
    option: structure.id,
    text,
    figures: staff ? [staff] : [],
    items: [],
    citation,
  });
}

function fundingFacts(
  b: Builder,
  page: ParsedPage,
  context: ImportContext,
  name: Bi,
  year: number,
  cite: (sectionId: string, section: string) => Fact['citation'],
): void {
  const funding = page.funding;
  if (!funding) return;
  const citation = cite('funding', 'How is innovation funded here?');
  if (funding.dedicated !== null && funding.dedicatedShare) {
    const figure = shareFigure('dedicated-funding', funding.dedicatedShare, year);
    b.facts.push({
      id: 'dedicated-funding',
      topic: 'funding.overview',
      holds: funding.dedicated,
      text: funding.dedicated
        ? bi(
            `{when}, like {dedicated-funding} of cities surveyed, ${name.en} had dedicated funding to support innovation capacity.`,
            `{when}, como el {dedicated-funding} de las ciudades encuestadas, ${name.es} tenía financiamiento dedicado para apoyar la capacidad de innovación.`,
          )
        : bi(
            `{when}, like {dedicated-funding} of cities surveyed, ${name.en} did not have dedicated funding to support innovation capacity.`,
            `{when}, como el {dedicated-funding} de las ciudades encuestadas, ${name.es} no tenía financiamiento dedicado para apoyar la capacidad de innovación.`,
          ),
      figures: figure ? [figure] : [],
      items: [],
      citation,
    });
  }
  const sources = optionIndex(context.vocabularies['funding-source'] ?? []);
  if (funding.noSources) {
    b.facts.push({
      id: 'funding-sources',
      topic: 'funding.sources',
      holds: false,
      text: bi(
        `{when}, ${name.en} reported no sources of innovation funding.`,
        `{when}, ${name.es} no informó fuentes de financiamiento de la innovación.`,
      ),
      figures: [],
      items: [],
      citation: cite('funding-sources', 'Top sources of funding'),
    });
  } else if (funding.sources && funding.sources.length > 0) {
    const items: Item[] = [];
    for (const line of funding.sources) {
      const option = sources.find(line.text);
      if (option && !items.some((i) => i.id === option.id))
        items.push({
          id: option.id,
          text: option.name,
          ...(option.detail ? { detail: option.detail } : {}),
          figures: [],
        });
      else if (!option && line.n !== page.cutLine)
        b.problems.push({
          line: line.n,
          why: `funding source "${line.text}" is not in the vocabulary`,
        });
    }
    if (items.length > 0)
      b.facts.push({
        id: 'funding-sources',
        topic: 'funding.sources',
        text: bi(
          `{when}, ${name.en}'s top sources of innovation funding were:`,
          `{when}, las principales fuentes de financiamiento de la innovación en ${name.es} eran:`,
        ),
        figures: [],
        items,
        citation: cite('funding-sources', 'Top sources of funding'),
      });
  }
  const funded = optionIndex(context.vocabularies['funded-activity'] ?? []);
  if (funding.noFundedActivities) {
    b.facts.push({
      id: 'funded-activities',
      topic: 'funding.activities',
      holds: false,
      text: bi(
        `{when}, ${name.en} did not fund any specific innovation activities.`,
        `{when}, ${name.es} no financiaba ninguna actividad de innovación específica.`,
      ),
      figures: [],
      items: [],
      citation: cite('funded-activities', 'Activities being funded'),
    });
  } else if (funding.fundedActivities && funding.fundedActivities.length > 0) {
    const fact = fundedChart(funding.fundedActivities, funded, name, year, page.cutLine, b);
    if (fact)
      b.facts.push({ ...fact, citation: cite('funded-activities', 'Activities being funded') });
  } else if (funding.invests) {
    const options = funded.findIn(funding.invests.text);
    if (options.length > 0)
      b.facts.push({
        id: 'funded-activities',
        topic: 'funding.activities',
        text: bi(
          `{when}, ${name.en}'s innovation funding also went to:`,
          `{when}, el financiamiento de la innovación de ${name.es} también se destinaba a:`,
        ),
        figures: [],
        items: options.map((o) => ({ id: o.id, text: o.name, figures: [], isCityChoice: true })),
        citation: cite('funding', 'How is innovation funded here?'),
      });
  }
  if (funding.training) {
    const figure = shareFigure('training', funding.training.share, year);
    b.facts.push({
      id: 'training-funding',
      topic: 'funding.training',
      text: bi(
        `{when}, similar to {training} of participating cities, ${name.en}'s funding for innovation capacity was also directed towards training staff and building capacity.`,
        `{when}, al igual que el {training} de las ciudades participantes, el financiamiento de la capacidad de innovación de ${name.es} también se destinaba a capacitar al personal y desarrollar capacidades.`,
      ),
      figures: figure ? [figure] : [],
      items: [],
      note: bi(
        '“Training staff and building capacity” is not an option in the 2018 survey, while “Launching or sustaining a project” is not an option in the 2020 survey.',
        '“Capacitar al personal y desarrollar capacidades” no es una opción de la encuesta de 2018, y “Lanzar o mantener un proyecto” no es una opción de la encuesta de 2020.',
      ),
      citation,
    });
  }
}

/**
 * The "Activities being funded" chart. The city's own choices come first, one label a
 * line; then the survey-wide chart, where each count stands BEFORE its label ("47
 * cities" / "Launching or sustaining a project"), as on the site's other charts (its
 * methodology page prints "55% 48 cities" before "Innovation strategy"). A label with
 * no count before it gets none.
 */
function fundedChart(
  lines: readonly PageLine[],
  index: LabelIndex<VocabularyOption>,
  name: Bi,
  year: number,
  cutLine: number | null,
  b: Builder,
): Omit<Fact, 'citation'> | null {
  const firstCount = lines.findIndex((l) => /^\d+ cities$/.test(l.text));
  const choices = (firstCount < 0 ? lines : lines.slice(0, firstCount))
    .map((l) => index.find(l.text))
    .filter((o): o is VocabularyOption => o !== undefined);
  const chart: Item[] = [];
  let pending: number | null = null;
  for (const line of firstCount < 0 ? [] : lines.slice(firstCount)) {
    const count = /^(\d+) cities$/.exec(line.text);
    if (count) {
      pending = Number(count[1]);
      continue;
    }
    const option = index.find(line.text);
    if (!option) {
      if (line.n !== cutLine)
        b.problems.push({
          line: line.n,
          why: `funded activity "${line.text}" is not in the vocabulary`,
        });
      continue;
    }
    const onlyRound = option.rounds?.length === 1 ? option.rounds[0] : undefined;
    chart.push({
      id: option.id,
      text: onlyRound
        ? bi(
            `${option.name.en} (an option of the ${onlyRound} survey only)`,
            `${option.name.es} (opción solo de la encuesta de ${onlyRound})`,
          )
        : pending === null
          ? bi(
              `${option.name.en} (the profile gives no count)`,
              `${option.name.es} (el perfil no da una cifra)`,
            )
          : option.name,
      figures:
        pending === null
          ? []
          : [
              {
                id: option.id,
                value: pending,
                unit: 'cities',
                ...(onlyRound ? { year: onlyRound } : { year }),
              },
            ],
      ...(choices.some((c) => c.id === option.id) ? { isCityChoice: true } : {}),
    });
    pending = null;
  }
  const mine = choices.map((c) => c.name);
  if (chart.length === 0 && mine.length === 0) return null;
  return {
    id: 'funded-activities',
    topic: 'funding.activities',
    text: bi(
      `{when}, ${name.en}'s innovation funding went to ${joinList(
        mine.map((m) => m.en.charAt(0).toLowerCase() + m.en.slice(1)),
        'and',
      )}. Across the surveyed cities, the funded activities were:`,
      `{when}, el financiamiento de la innovación de ${name.es} se destinaba a ${joinList(
        mine.map((m) => m.es.charAt(0).toLowerCase() + m.es.slice(1)),
        'y',
      )}. Entre las ciudades encuestadas, las actividades financiadas eran:`,
    ),
    figures: [],
    items: chart,
  };
}

function measurementFacts(
  b: Builder,
  page: ParsedPage,
  context: ImportContext,
  name: Bi,
  cite: (sectionId: string, section: string) => Fact['citation'],
): void {
  const index = optionIndex(context.vocabularies.partner ?? []);
  const citation = cite('measurement', 'How is innovation measured?');
  for (const line of page.measurement?.sentences ?? []) {
    const isData = /data partnerships/.test(line.text);
    const isPartners = /has developed partnerships/.test(line.text);
    if (!isData && !isPartners) continue;
    const withPart = line.text.slice(line.text.indexOf(' with ') + 1);
    const partners = index.findIn(withPart);
    if (partners.length === 0) continue;
    const id = isData ? 'data-partnerships' : 'partnerships';
    if (b.facts.some((f) => f.id === id)) continue;
    b.facts.push({
      id,
      topic: 'measurement.partnerships',
      text: isData
        ? bi(
            'To improve data use, the city had also developed data partnerships to collect and analyse data with:',
            'Para mejorar el uso de datos, la ciudad también había creado alianzas de datos para recopilar y analizar datos con:',
          )
        : bi(
            `{when}, ${name.en} had developed partnerships to promote innovation capacity with:`,
            `{when}, ${name.es} había creado alianzas para promover la capacidad de innovación con:`,
          ),
      figures: [],
      items: partners.map((p) => ({ id: p.id, text: p.name, figures: [] })),
      ...(line.n === page.cutLine
        ? {
            note: bi(
              'The stored copy of the page was cut inside this sentence: the list may be longer.',
              'La copia guardada de la página se cortó dentro de esta frase: la lista puede ser más larga.',
            ),
          }
        : {}),
      citation,
    });
  }
}

function dataFacts(
  b: Builder,
  page: ParsedPage,
  context: ImportContext,
  name: Bi,
  year: number,
  cite: (sectionId: string, section: string) => Fact['citation'],
): void {
  const data = page.dataAvailability;
  if (!data) return;
  const index = new LabelIndex(
    context.policyAreas.filter((a) => !a.focusOnly),
    (a) => [a.name.en, ...a.labels],
  );
  const citation = cite('data-availability', 'Data availability by policy area');
  const read = (lines: readonly PageLine[]): Item[] | null => {
    const items: Item[] = [];
    for (const line of lines) {
      const area = index.find(line.text);
      if (area) items.push({ policyArea: area.id, figures: [] });
      else if (line.n !== page.cutLine) {
        b.problems.push({
          line: line.n,
          why: `data area "${line.text}" is not in policyAreas.yaml`,
        });
        return null;
      }
    }
    return items;
  };
  const sufficient = read(data.sufficient);
  const insufficient = read(data.insufficient);
  if (!sufficient || !insufficient || sufficient.length + insufficient.length === 0) {
    b.sections.delete('data-availability');
    return;
  }
  b.facts.push({
    id: 'data-sufficient',
    topic: 'data.availability',
    dataStatus: 'sufficient',
    text: bi(
      `{when}, ${name.en} had sufficient data in {sufficient-areas} policy areas:`,
      `{when}, ${name.es} tenía datos suficientes en {sufficient-areas} áreas de política:`,
    ),
    figures: [{ id: 'sufficient-areas', value: sufficient.length, unit: 'areas', year }],
    items: sufficient,
    citation,
  });
  b.facts.push({
    id: 'data-insufficient',
    topic: 'data.availability',
    dataStatus: 'insufficient',
    text: bi(
      'It had insufficient data in {insufficient-areas} policy areas:',
      'Tenía datos insuficientes en {insufficient-areas} áreas de política:',
    ),
    figures: [{ id: 'insufficient-areas', value: insufficient.length, unit: 'areas', year }],
    items: insufficient,
    citation,
  });
}
