import type { CoreSettings } from '../defaults';
import type { Topic } from '../schema';
import type { TopicScore } from './scoreTopics';

/** What the topic choice looks at besides the scores. */
export interface ChoiceContext {
  readonly settings: CoreSettings;
  /** The previous answer's topic, if any. */
  readonly lastTopic: Topic | undefined;
  /** The topic of the entity a pronoun points at ("how big is his team?"). */
  readonly pronounTopics: readonly string[];
  readonly policyArea: string | null;
  /** How many of the question's content stems are data cues ("data", "enough"). */
  readonly dataCues: number;
  /** Words asking what the city focuses on: an area named then is a focus area, not a data question. */
  readonly focusCues?: number;
  /** The topic of the policy areas a city focuses on. */
  readonly focusTopicId?: string;
  /** Words of the policy area found, and of the whole question (content terms). */
  readonly areaWords: number;
  readonly termCount: number;
  readonly isPersonal: boolean;
  readonly namedCity: string | null;
  readonly dataTopicId: string;
  readonly overviewTopic: Topic | null;
}

export interface Choice {
  readonly chosen: TopicScore | null;
  /** The best in-scope candidate, chosen or not. */
  readonly best: TopicScore | null;
  readonly isDeclined: boolean;
  readonly isCityOnly: boolean;
  readonly alternatives: readonly TopicScore[];
}

type Boost = (c: ChoiceContext) => ReadonlyMap<string, number>;

const none = new Map<string, number>();

/**
 * Score adjustments, applied in order. Invariant: each only adds to (or, for personal
 * errands, scales) confidences; none removes a topic, so a later rule sees every
 * candidate.
 */
const BOOSTS: ReadonlyArray<readonly [string, Boost]> = [
  [
    'topics that follow the last answer',
    (c) =>
      c.lastTopic
        ? new Map(c.lastTopic.followUps.map((id) => [id, c.settings.followUpBoost] as const))
        : none,
  ],
  [
    'the topic of the entity a pronoun points at',
    (c) => new Map(c.pronounTopics.map((id) => [id, c.settings.pronounBoost] as const)),
  ],
];

/** The data-availability floor: a policy area with data words means data.availability. */
function dataFloor(c: ChoiceContext, current: number): number {
  if (!c.policyArea) return 0;
  const f = c.settings.dataFloor;
  const share = c.termCount > 0 ? c.areaWords / c.termCount : 0;
  // With a data word, how much of the question the area and the data words make up:
  // "data on housing" is all of it; a long question that mentions a school in passing is not.
  const cueShare = c.termCount > 0 ? Math.min(1, (c.areaWords + c.dataCues) / c.termCount) : 0;
  let floor = 0;
  if (c.dataCues === 0 && (c.focusCues ?? 0) > 0) return 0;
  if (c.dataCues > 0) floor = f.withCue + f.perCueShare * cueShare;
  else if (share >= f.minAreaShare || c.lastTopic?.id === c.dataTopicId)
    floor = f.withArea + f.perAreaShare * share;
  return floor > current ? floor - current : 0;
}

function rerank(ranked: readonly TopicScore[], c: ChoiceContext): readonly TopicScore[] {
  // Nothing to adjust: the scores stand, best first.
  if (!c.lastTopic && c.pronounTopics.length === 0 && !c.policyArea && !c.isPersonal)
    return ranked.every((r, i) => i === 0 || (ranked[i - 1]?.confidence ?? 0) >= r.confidence)
      ? ranked
      : [...ranked].sort((a, b) => b.confidence - a.confidence);
  const boosts = new Map<string, number>();
  for (const [, boost] of BOOSTS)
    for (const [id, value] of boost(c)) boosts.set(id, (boosts.get(id) ?? 0) + value);
  const current = ranked.find((r) => r.topic.id === c.dataTopicId)?.confidence ?? 0;
  const floor = dataFloor(c, current);
  if (floor > 0) boosts.set(c.dataTopicId, (boosts.get(c.dataTopicId) ?? 0) + floor);
  // "¿Medellín se enfoca en vivienda?": an area named with a focus word asks for the focus areas.
  if (c.policyArea && c.dataCues === 0 && (c.focusCues ?? 0) > 0 && c.focusTopicId) {
    const focus = ranked.find((r) => r.topic.id === c.focusTopicId)?.confidence ?? 0;
    const lift = c.settings.dataFloor.withArea - focus;
    if (lift > 0) boosts.set(c.focusTopicId, (boosts.get(c.focusTopicId) ?? 0) + lift);
  }
  let out = ranked.map((r) => ({
    topic: r.topic,
    confidence: Math.min(1, r.confidence + (boosts.get(r.topic.id) ?? 0)),
  }));
  // "my dog", "mi licencia": personal errands are out of scope even when they reuse profile words.
  if (c.isPersonal)
    out = out.map((r) =>
      r.topic.kind === 'none'
        ? { topic: r.topic, confidence: Math.min(1, r.confidence + c.settings.personalBoost) }
        : { topic: r.topic, confidence: r.confidence * c.settings.personalFactor },
    );
  return out.sort((a, b) => b.confidence - a.confidence);
}

/** True when a rerank changed anything (the understanding reports it as a follow-up). */
export function hasBoosts(c: ChoiceContext): boolean {
  return (
    (c.lastTopic?.followUps.length ?? 0) > 0 || c.pronounTopics.length > 0 || c.policyArea !== null
  );
}

/**
 * Step 5: the topic, from the scores, by an ordered table of rules: boosts first, then
 * a profile question inside small talk wins over the small talk, an out-of-scope
 * topic that ranks first declines, the threshold, and a city named alone asks for its
 * overview. Runners-up within `closeMargin` become "did you mean" alternatives.
 */
export function chooseTopic(scores: readonly TopicScore[], c: ChoiceContext): Choice {
  const ranked = rerank(scores, c);
  const inScope = ranked.filter((r) => r.topic.kind !== 'none');
  const bestProfile = inScope.find((r) => r.topic.kind === 'profile') ?? null;
  let best = inScope[0] ?? null;
  // "hi, who is the mayor?": a profile question inside small talk is still a question;
  // but small talk that is nearly the whole message ("that's all") stays small talk
  // over a weaker profile match (one shared word: "all").
  if (
    best?.topic.kind === 'chat' &&
    bestProfile &&
    bestProfile.confidence >= c.settings.minConfidence &&
    (best.confidence < c.settings.smallTalkKeepConfidence ||
      bestProfile.confidence >= best.confidence)
  )
    best = bestProfile;
  const top = ranked[0];
  const isDeclined = top?.topic.kind === 'none' && (!best || top.confidence >= best.confidence);
  let chosen =
    best !== null && !isDeclined && best.confidence >= c.settings.minConfidence ? best : null;
  // A city named with nothing else to go on ("Mexico City?", "¿Y la CDMX?") asks for its overview.
  const isCityOnly =
    !chosen &&
    !isDeclined &&
    c.namedCity !== null &&
    c.termCount <= c.settings.cityOnlyMaxTerms &&
    c.overviewTopic !== null;
  if (isCityOnly && c.overviewTopic)
    chosen = { topic: c.overviewTopic, confidence: c.settings.minConfidence };
  const pick = chosen;
  const alternatives = pick
    ? inScope
        .filter(
          (r) =>
            r !== pick &&
            r.topic.kind === pick.topic.kind &&
            !pick.topic.includes.includes(r.topic.id) &&
            pick.confidence - r.confidence <= c.settings.closeMargin,
        )
        .slice(0, 1)
    : [];
  return { chosen, best, isDeclined, isCityOnly, alternatives };
}
