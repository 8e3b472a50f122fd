import type { HttpProblem } from '../httpResponses';

/**
 * Every error the web chat endpoint answers with, in the server's JSON shape
 * (`{ code, message }`, restify's, as /api/messages answers): a stable `code` for
 * programs, a `message` for people, never echoing the request. Errors are data first;
 * routes only pick one and send it.
 */
export interface WebChatError {
  readonly status: number;
  readonly body: {
    readonly code: string;
    readonly message: string;
    readonly [extra: string]: unknown;
  };
}

export const WEBCHAT_ERRORS = {
  /** A problem found by the server's body reader (415, 413, 400), in the same words as /api/messages. */
  fromServer: (problem: HttpProblem): WebChatError => ({
    status: problem.status,
    body: { code: problem.code, message: problem.message },
  }),
  rateLimited: (retryAfterSeconds: number): WebChatError => ({
    status: 429,
    body: {
      code: 'TooManyRequests',
      message: `Too many requests from this client. Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`,
      retryAfterSeconds,
    },
  }),
  invalidConversationId: (): WebChatError => ({
    status: 400,
    body: {
      code: 'InvalidConversationId',
      message:
        'The conversation id is not valid: it must be the id returned when the conversation was created.',
    },
  }),
  conversationNotFound: (): WebChatError => ({
    status: 404,
    body: {
      code: 'ConversationNotFound',
      message:
        'This conversation does not exist or has expired. Reload the page to start a new one.',
    },
  }),
  invalidActivity: (problems: readonly string[]): WebChatError => ({
    status: 400,
    body: {
      code: 'InvalidActivity',
      message: `The activity is not valid: ${problems.join('; ')}.`,
      problems,
    },
  }),
  turnFailed: (): WebChatError => ({
    status: 500,
    body: {
      code: 'TurnFailed',
      message: 'The bot could not answer this message. Please try again.',
    },
  }),
  full: (retryAfterSeconds: number): WebChatError => ({
    status: 503,
    body: {
      code: 'ServiceUnavailable',
      message: `The chat is busy: no new conversation can start now. Please try again in ${retryAfterSeconds} seconds.`,
      retryAfterSeconds,
    },
  }),
  storeUnavailable: (): WebChatError => ({
    status: 503,
    body: {
      code: 'ServiceUnavailable',
      message: 'The bot could not reach its memory. Please try again in a moment.',
    },
  }),
  stopping: (): WebChatError => ({
    status: 503,
    body: {
      code: 'ServiceUnavailable',
      message: 'The server is restarting. Please try again in a moment.',
    },
  }),
  internal: (): WebChatError => ({
    status: 500,
    body: {
      code: 'InternalError',
      message: 'Something went wrong on the server. Please try again.',
    },
  }),
  notFound: (): WebChatError => ({
    status: 404,
    body: { code: 'NotFound', message: 'There is nothing at this address.' },
  }),
} as const;
