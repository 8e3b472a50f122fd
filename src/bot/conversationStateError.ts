/** Loading or saving the conversation state failed; `cause` holds the store's own error. */
export class ConversationStateError extends Error {
  override readonly name = 'ConversationStateError';

  constructor(
    readonly operation: 'load' | 'save',
    cause: unknown,
  ) {
    super(`could not ${operation} the conversation state`, { cause });
  }
}
