import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { Answer } from '../src/core/answer';
import { NEW_CONVERSATION, readChatState, type ChatState } from '../src/core/chatState';
import { composeMessage } from '../src/core/composeAnswer';
import type { Engine } from '../src/core/engine';
import { TEXTS } from '../src/core/texts';
import { languageOfLocale } from '../src/channels/languageOfLocale';
import { renderAnswerActivity } from '../src/channels/renderAnswerActivity';

export const MAIN_DIALOG = 'mainDialog';
const ANSWER_WATERFALL = 'answerWaterfall';

/** What the bot hands the dialog: the person's message, or null when it held nothing readable. */
export interface MainDialogOptions {
  readonly message: string | null;
}

export interface MainDialogDependencies {
  readonly engine: Engine;
  /** Where the conversation's chat state (last topic, city, language, style) lives. */
  readonly chatState: StatePropertyAccessor<ChatState | undefined>;
  /**
   * Told the answer just before it is sent, so that what watches the turn's replies
   * (the bot's feedback buttons, src/bot/replyMemory.ts) knows which answer they carry.
   */
  readonly onAnswer?: (context: TurnContext, answer: Answer) => void;
}

/** The state a conversation starts with: nothing asked yet, the channel's language if it tells one. */
export function startingChatState(context: TurnContext): ChatState {
  return { ...NEW_CONVERSATION, language: languageOfLocale(context.activity.locale) };
}

/**
 * The conversation: every message goes through the core engine, which handles
 * questions, follow-ups, help, language and style commands; this dialog only keeps
 * the engine's state between turns, renders the answer and sends it. Help needs no
 * interruption here because no step ever waits for a particular answer.
 */
export class MainDialog extends ComponentDialog<MainDialogOptions> {
  private readonly engine: Engine;
  private readonly chatState: StatePropertyAccessor<ChatState | undefined>;
  private readonly onAnswer: ((context: TurnContext, answer: Answer) => void) | undefined;

  constructor(dependencies: MainDialogDependencies) {
    super(MAIN_DIALOG);
    this.engine = dependencies.engine;
    this.chatState = dependencies.chatState;
    this.onAnswer = dependencies.onAnswer;
    this.addDialog(
      new WaterfallDialog<MainDialogOptions>(ANSWER_WATERFALL, [(step) => this.answerStep(step)]),
    );
    this.initialDialogId = ANSWER_WATERFALL;
  }

  /**
   * Runs one turn; the caller loads and saves the conversation state around it.
   *
   * Invariant: the waterfall has one step and it never waits for an answer, so every
   * turn would start with an empty dialog stack, begin this dialog, run the step and
   * end. Going through DialogSet and DialogContext for that (two dialog contexts, two
   * DialogStateManagers and the stack saved in the conversation state) cost a quarter
   * of the bot's CPU per turn (bench:http, docs/hardening.md), so the turn runs the
   * step's work directly. A parent dialog or DialogTestClient can still begin this
   * dialog as usual; a step that waits would need the DialogSet path back.
   */
  async run(context: TurnContext, options: MainDialogOptions): Promise<Answer> {
    return await this.answer(context, options.message);
  }

  private async answerStep(
    step: WaterfallStepContext<MainDialogOptions>,
  ): Promise<DialogTurnResult> {
    await this.answer(step.context, step.options.message);
    return step.endDialog();
  }

  /** Answers the message, saves the next chat state, sends the reply; returns the answer for the bot to record. */
  private async answer(context: TurnContext, message: string | null): Promise<Answer> {
    const state = readChatState(await this.chatState.get(context)) ?? {
      ...NEW_CONVERSATION,
      language: languageOfLocale(context.activity.locale),
    };
    let answer: Answer;
    let next: ChatState;
    if (message === null) {
      answer = this.unsupported(state);
      next = state;
    } else {
      const turn = this.engine.respond(message, state);
      answer = turn.answer;
      next = turn.state;
    }
    await this.chatState.set(context, next);
    this.onAnswer?.(context, answer);
    await context.sendActivity(
      renderAnswerActivity(answer, next.style, context.activity.channelId),
    );
    return answer;
  }

  /**
   * Redoes only this turn's state change, on the state another turn just saved: used
   * when saving met an eTag conflict. Sends nothing (the answer was already sent), and
   * is safe because the engine is pure.
   */
  async reapply(context: TurnContext, message: string | null): Promise<void> {
    const state = readChatState(await this.chatState.get(context)) ?? {
      ...NEW_CONVERSATION,
      language: languageOfLocale(context.activity.locale),
    };
    await this.chatState.set(
      context,
      message === null ? state : this.engine.respond(message, state).state,
    );
  }

  private unsupported(state: ChatState): Answer {
    const { kb, settings } = this.engine;
    return composeMessage(
      kb,
      'problem',
      state.language ?? 'en',
      TEXTS.unsupportedTitle,
      TEXTS.unsupported,
      settings.maxSuggestions,
    );
  }
}
