import { z } from 'zod';

const LOCALE = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}$/;

/**
 * What we take from the activity the page posts. Everything else (from, conversation,
 * id, timestamp, entities...) is the server's to set, so unknown keys are dropped.
 */
const clientActivitySchema = z.object({
  type: z.literal('message', {
    error: (issue) => (issue.input === undefined ? 'is required' : 'must be "message"'),
  }),
  text: z.string().optional(),
  textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
  locale: z.string().regex(LOCALE, 'must be a language tag such as "en-US"').optional(),
  value: z.unknown().optional(),
  attachments: z
    .array(
      z.object({
        contentType: z.string().max(200),
        name: z.string().max(500).optional(),
        contentUrl: z.string().max(2048).optional(),
        content: z.unknown().optional(),
      }),
    )
    .max(10)
    .optional(),
  channelData: z
    .object({
      clientActivityID: z.string().max(200).optional(),
      postBack: z.boolean().optional(),
    })
    .optional(),
});

export type ClientMessage = z.infer<typeof clientActivitySchema>;

/** The event Web Chat posts when 👍/👎 under an answer is pressed (see src/bot/feedbackActivities.ts). */
export const FEEDBACK_EVENT_NAME = 'webchat:activity-status/feedback';

/** Only the feedback event: the action pressed and the answer it names, nothing else kept. */
const feedbackEventSchema = z.object({
  type: z.literal('event'),
  name: z.literal(FEEDBACK_EVENT_NAME, { error: `must be "${FEEDBACK_EVENT_NAME}"` }),
  entities: z
    .array(
      z.object({
        '@type': z.string().max(40),
        object: z.object({ identifier: z.string().max(40) }).optional(),
      }),
    )
    .max(1),
  channelData: z.object({ clientActivityID: z.string().max(200).optional() }).optional(),
});

export type ClientFeedbackEvent = z.infer<typeof feedbackEventSchema>;
export type ClientActivity = ClientMessage | ClientFeedbackEvent;

const createConversationSchema = z.object({
  locale: z.string().regex(LOCALE, 'must be a language tag such as "en-US"').optional(),
});

export type CreateConversationRequest = z.infer<typeof createConversationSchema>;

export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: readonly string[] };

function parseWith<T>(schema: z.ZodType<T>, input: unknown): Parsed<T> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const problems = result.error.issues.map(
    (issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'the body'} ${issue.message}`,
  );
  return { ok: false, problems };
}

/** Validates the user's activity as posted by the page: a message, or the feedback event. */
export function parseClientActivity(input: unknown): Parsed<ClientActivity> {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return { ok: false, problems: ['the body must be a JSON object'] };
  if (Reflect.get(input, 'type') === 'event') return parseWith(feedbackEventSchema, input);
  return parseWith(clientActivitySchema, input);
}

/** Validates the (optional) body of a new conversation request. */
export function parseCreateConversation(input: unknown): Parsed<CreateConversationRequest> {
  if (input === undefined) return { ok: true, value: {} };
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return { ok: false, problems: ['the body must be a JSON object'] };
  return parseWith(createConversationSchema, input);
}

/**
 * Teams echoes an Action.Submit whose data says `msteams: { type: 'imBack', value }`
 * as the user's own text; the web channel does the same, so the transcript shows the
 * choice and the bot sees the same message in both channels (`value` is kept too).
 */
export function imBackText(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const msteams: unknown = Reflect.get(value, 'msteams');
  if (typeof msteams !== 'object' || msteams === null) return undefined;
  const type: unknown = Reflect.get(msteams, 'type');
  const text: unknown = Reflect.get(msteams, 'value');
  return type === 'imBack' && typeof text === 'string' ? text : undefined;
}
