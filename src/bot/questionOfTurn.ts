import type { Answer } from '../core/answer';
import type { KnowledgeBase } from '../core/schema';
import type { AnsweredQuestion } from '../questionLog/questionLog';

/**
 * The topics an answer weighed, best first: the chosen one with its confidence, then
 * the "did you mean" topics (found by their suggestion text). The Answer carries no
 * score for those, which are within the core's closeMargin of the chosen one, so they
 * get its confidence. A "the profile doesn't say" answer (kind gap) names its nearest
 * topic only in words, quoting that topic's suggestion in `short`: that one is taken.
 * A fallback names none (the core's Understanding does not expose its best candidates
 * when it declines).
 */
export function candidatesOf(
  answer: Answer,
  kb: KnowledgeBase,
): Array<{ topic: string; confidence: number }> {
  const out: Array<{ topic: string; confidence: number }> = [];
  if (answer.topic !== null) out.push({ topic: answer.topic, confidence: answer.confidence });
  const nearest =
    answer.kind === 'gap'
      ? answer.suggestions.filter((s) => answer.short?.includes(`“${s.label}”`) === true)
      : [];
  for (const alternative of [...nearest, ...answer.alternatives]) {
    const topic = kb.topics.find(
      (t) => t.suggestion?.en === alternative.value || t.suggestion?.es === alternative.value,
    );
    if (topic && !out.some((c) => c.topic === topic.id))
      out.push({ topic: topic.id, confidence: answer.confidence });
  }
  return out;
}

/** What the question log needs of a turn's question and answer; null when there was no text. */
export function questionOfTurn(
  channel: string | undefined,
  message: string | null,
  answer: Answer | null,
  kb: KnowledgeBase,
): AnsweredQuestion | null {
  if (!answer || message === null || message.trim() === '') return null;
  return {
    channel: channel ?? 'unknown',
    text: message,
    kind: answer.kind,
    topic: answer.topic,
    confidence: answer.confidence,
    city: answer.city,
    language: answer.language,
    candidates: candidatesOf(answer, kb),
    hasAlternatives: answer.alternatives.length > 0,
  };
}
