import type { Language } from '../core/schema';
import {
  MAX_LOGGED_TEXT,
  type FeedbackEntry,
  type QuestionEntry,
  type QuestionLogEntry,
  type TallyEntry,
} from './questionLogEntry';
import { QUESTION_LOG_DEFAULTS, type QuestionLogStore } from './questionLogStore';
import { redactPersonalData } from './redactPersonalData';

/** What the bot knows of an answered question when the turn ends. */
export interface AnsweredQuestion {
  readonly channel: string;
  readonly text: string;
  readonly kind: string;
  readonly topic: string | null;
  readonly confidence: number;
  readonly city: string | null;
  readonly language: Language;
  /** Topics weighed, best first, with their confidence. */
  readonly candidates: ReadonlyArray<{ readonly topic: string; readonly confidence: number }>;
  /** True when the answer offered "did you mean" choices. */
  readonly hasAlternatives: boolean;
}

/** A like or dislike, and which answer it is about (as far as the bot could tell). */
export interface ReceivedFeedback {
  readonly channel: string;
  readonly reaction: 'like' | 'dislike';
  readonly comment: string | null;
  readonly topic: string | null;
  readonly city: string | null;
  readonly language: Language | null;
}

/** What the bot calls: never throws, never waits on the store (see flush). */
export interface QuestionLog {
  readonly kind: QuestionLogStore['kind'];
  recordQuestion(question: AnsweredQuestion): void;
  recordFeedback(feedback: ReceivedFeedback): void;
  /** Waits until everything recorded so far is written (tests, shutdown). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface QuestionLogOptions {
  readonly now?: () => number;
  /** Told about a failed write (the entries are dropped: the log is best effort). */
  readonly onError?: (error: unknown) => void;
  readonly lowConfidence?: number;
  readonly tallyIntervalMs?: number;
}

/** Answers that are not answers to a question: commands, greetings, problems with the message. */
const NOT_QUESTIONS: ReadonlySet<string> = new Set(['command', 'chat', 'problem']);

/**
 * How the log sees an answer: not a question (nothing counted), declined (any kind of
 * answer to a question other than one from the profile: fallback, unknown city, and
 * whatever decline the core adds), low-confidence, or answered (only counted).
 */
export function classifyAnswer(
  question: Pick<AnsweredQuestion, 'kind' | 'topic' | 'confidence' | 'hasAlternatives'>,
  lowConfidence: number = QUESTION_LOG_DEFAULTS.lowConfidence,
): 'not-a-question' | 'declined' | 'low-confidence' | 'answered' {
  if (NOT_QUESTIONS.has(question.kind)) return 'not-a-question';
  if (question.kind !== 'profile' || question.topic === null) return 'declined';
  if (question.confidence < lowConfidence || question.hasAlternatives) return 'low-confidence';
  return 'answered';
}

function clip(text: string): string {
  return text.length > MAX_LOGGED_TEXT ? `${text.slice(0, MAX_LOGGED_TEXT - 1)}…` : text;
}

/**
 * The opt-in question log over a store. It keeps declined and low-confidence questions
 * (redacted) and feedback, and counts the other questions per channel and language
 * without their text. Writes are queued and batched; a failed write is reported to
 * `onError` and dropped, so the bot's turns never wait on or fail because of the log.
 */
export function createQuestionLog(
  store: QuestionLogStore,
  options: QuestionLogOptions = {},
): QuestionLog {
  const now = options.now ?? Date.now;
  const lowConfidence = options.lowConfidence ?? QUESTION_LOG_DEFAULTS.lowConfidence;
  const tallies = new Map<string, TallyEntry>();
  let pending: QuestionLogEntry[] = [];
  let writing: Promise<void> = Promise.resolve();
  let isClosed = false;

  const takeTallies = (): TallyEntry[] => {
    const out = [...tallies.values()].map((t) => ({ ...t, at: new Date(now()).toISOString() }));
    tallies.clear();
    return out;
  };

  const write = (entries: QuestionLogEntry[]): void => {
    if (entries.length === 0) return;
    writing = writing.then(async () => {
      try {
        await store.append(entries);
      } catch (error) {
        options.onError?.(error);
      }
    });
  };

  const writePending = (): void => {
    const batch = [...pending, ...takeTallies()];
    pending = [];
    write(batch);
  };

  const timer = setInterval(() => {
    if (tallies.size > 0) writePending();
  }, options.tallyIntervalMs ?? QUESTION_LOG_DEFAULTS.tallyIntervalMs);
  timer.unref();

  const count = (channel: string, language: Language, isDeclined: boolean): void => {
    const key = `${channel}|${language}`;
    const tally = tallies.get(key) ?? {
      type: 'tally' as const,
      at: new Date(now()).toISOString(),
      channel,
      language,
      questions: 0,
      declined: 0,
    };
    tallies.set(key, {
      ...tally,
      questions: tally.questions + 1,
      declined: tally.declined + (isDeclined ? 1 : 0),
    });
  };

  const recordQuestion = (question: AnsweredQuestion): void => {
    if (isClosed) return;
    const outcome = classifyAnswer(question, lowConfidence);
    if (outcome === 'not-a-question') return;
    count(question.channel, question.language, outcome === 'declined');
    if (outcome === 'answered') return;
    const entry: QuestionEntry = {
      type: 'question',
      at: new Date(now()).toISOString(),
      channel: question.channel,
      language: question.language,
      city: question.city,
      outcome,
      kind: question.kind,
      topic: question.topic,
      confidence: Math.max(0, Math.min(1, question.confidence)),
      candidates: question.candidates.slice(0, 10).map((c) => ({
        topic: c.topic,
        confidence: Math.max(0, Math.min(1, c.confidence)),
      })),
      text: clip(redactPersonalData(question.text)),
    };
    pending.push(entry);
    writePending();
  };

  const recordFeedback = (feedback: ReceivedFeedback): void => {
    if (isClosed) return;
    const comment = feedback.comment?.trim()
      ? clip(redactPersonalData(feedback.comment.trim()))
      : null;
    const entry: FeedbackEntry = {
      type: 'feedback',
      at: new Date(now()).toISOString(),
      channel: feedback.channel,
      language: feedback.language,
      city: feedback.city,
      topic: feedback.topic,
      reaction: feedback.reaction,
      comment,
    };
    pending.push(entry);
    writePending();
  };

  const flush = async (): Promise<void> => {
    writePending();
    await writing;
  };

  return {
    kind: store.kind,
    recordQuestion,
    recordFeedback,
    flush,
    close: async () => {
      clearInterval(timer);
      await flush();
      isClosed = true;
      await store.close();
    },
  };
}
