import type { Activity } from 'botbuilder';
import { z } from 'zod';
import { SERVER_DEFAULTS } from './serverDefaults';
import { isDotSegment, parseServiceUrl } from './serviceUrls';

const missingOr = (what: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? 'is missing' : `must be ${what}`;

const text = (max: number) =>
  z
    .string({ error: missingOr('a string') })
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` });

const withId = z.looseObject(
  { id: text(SERVER_DEFAULTS.maxIdLength) },
  { error: missingOr('an object with an id') },
);

/** Bot Framework's delivery modes; anything else would be treated as "normal" by botbuilder, silently. */
const DELIVERY_MODES = ['normal', 'notification', 'expectReplies', 'ephemeral'] as const;

const httpUrl = text(SERVER_DEFAULTS.maxServiceUrlLength).refine(
  (value) => /^https?:\/\/[^\s/?#]+/i.test(value) && parseServiceUrl(value) !== null,
  { error: 'must be an http or https URL without a query, fragment or credentials' },
);

const TOO_MANY_ITEMS = `must have at most ${SERVER_DEFAULTS.maxListLength} items`;
const listOf = <T extends z.ZodType>(item: T, what: string) =>
  z
    .array(item, { error: `must be an array of ${what}` })
    .max(SERVER_DEFAULTS.maxListLength, { error: TOO_MANY_ITEMS });

/**
 * What the server needs of an inbound activity before botbuilder sees it: botbuilder
 * throws deep inside a turn (and the state store cannot build a key) without these,
 * and reads the lists below without checking their shape (a mention entity without a
 * type, a member that is not an object). Everything else passes through untouched for
 * the bot to judge.
 */
const InboundActivitySchema = z
  .looseObject(
    {
      type: text(SERVER_DEFAULTS.maxActivityTypeLength),
      channelId: text(SERVER_DEFAULTS.maxIdLength),
      conversation: withId,
      from: withId,
      recipient: withId.optional(),
      serviceUrl: httpUrl.optional(),
      deliveryMode: z
        .enum(DELIVERY_MODES, { error: `must be one of ${DELIVERY_MODES.join(', ')}` })
        .optional(),
      text: z.string({ error: 'must be a string' }).optional(),
      locale: z
        .string({ error: 'must be a string' })
        .max(64, { error: 'must be at most 64 characters' })
        .optional(),
      entities: listOf(
        z.looseObject(
          { type: z.string({ error: missingOr('a string') }) },
          { error: 'must be an object' },
        ),
        'objects with a type',
      ).optional(),
      attachments: listOf(z.looseObject({}, { error: 'must be an object' }), 'objects').optional(),
      membersAdded: listOf(withId, 'objects with an id').optional(),
      membersRemoved: listOf(withId, 'objects with an id').optional(),
    },
    { error: 'must be a JSON object' },
  )
  .superRefine((activity, ctx) => {
    // Ids become path segments of the reply's URL: "." or ".." would climb out of it.
    const segments: Array<[string[], unknown]> = [
      [['conversation', 'id'], activity.conversation.id],
      [['id'], activity['id']],
      [['replyToId'], activity['replyToId']],
    ];
    for (const [path, value] of segments) {
      if (typeof value === 'string' && isDotSegment(value))
        ctx.addIssue({ code: 'custom', path, message: 'must not be "." or ".."' });
    }
    // Without expectReplies the replies go to serviceUrl; with none, botbuilder would post
    // them to https://api.botframework.com, off this machine, and wait on it.
    if (activity.serviceUrl === undefined && activity.deliveryMode !== 'expectReplies') {
      ctx.addIssue({
        code: 'custom',
        path: ['serviceUrl'],
        message: 'is missing (replies go there unless deliveryMode is expectReplies)',
      });
    }
  });

/** Optional fields some channels' serialisers send as null: null means absent (botbuilder only checks for undefined). */
const NULLABLE_FIELDS = [
  'recipient',
  'serviceUrl',
  'deliveryMode',
  'text',
  'locale',
  'entities',
  'attachments',
  'membersAdded',
  'membersRemoved',
] as const;

function withoutNulls(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const copy: Record<string, unknown> = { ...body };
  for (const field of NULLABLE_FIELDS) if (copy[field] === null) delete copy[field];
  return copy;
}

export type ParsedActivity =
  | { readonly ok: true; readonly activity: Activity }
  | { readonly ok: false; readonly details: readonly string[] };

/** Checks a parsed JSON body as an activity; the details name each field: `conversation.id is missing`. */
export function parseActivity(body: unknown): ParsedActivity {
  const parsed = InboundActivitySchema.safeParse(withoutNulls(body));
  if (!parsed.success) {
    const details = parsed.error.issues
      .slice(0, SERVER_DEFAULTS.maxReportedIssues)
      .map((issue) => `${issue.path.map(String).join('.') || 'the body'} ${issue.message}`);
    return { ok: false, details };
  }
  const activity = parsed.data;
  // botbuilder expects Date objects where the wire has ISO strings (as its own validateAndFixActivity does).
  for (const field of ['timestamp', 'localTimestamp', 'expiration'] as const) {
    const value: unknown = activity[field];
    if (typeof value === 'string') activity[field] = new Date(value);
  }
  // The zod object is the JSON the channel sent; Activity is botbuilder's name for that shape.
  return { ok: true, activity: activity as unknown as Activity };
}
