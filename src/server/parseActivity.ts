import type { Activity } from 'botbuilder';
import { z } from 'zod';
import { SERVER_DEFAULTS } from './serverDefaults';

const missingOr = (what: string) => (issue: { input: unknown }) => (issue.input === undefined ? 'is missing' : `must be ${what}`);

const text = (max: number) =>
  z
    .string({ error: missingOr('a string') })
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` });

const withId = z.looseObject({ id: text(SERVER_DEFAULTS.maxIdLength) }, { error: missingOr('an object with an id') });

/**
 * What the server needs of an inbound activity before botbuilder sees it: botbuilder
 * throws deep inside a turn (and the state store cannot build a key) without these.
 * Everything else passes through untouched for the bot to judge.
 */
const InboundActivitySchema = z.looseObject(
  {
    type: text(SERVER_DEFAULTS.maxActivityTypeLength),
    channelId: text(SERVER_DEFAULTS.maxIdLength),
    conversation: withId,
    from: withId,
    serviceUrl: text(SERVER_DEFAULTS.maxServiceUrlLength).optional(),
    deliveryMode: text(32).optional(),
  },
  { error: 'must be a JSON object' },
);

export type ParsedActivity = { readonly ok: true; readonly activity: Activity } | { readonly ok: false; readonly details: readonly string[] };

/** Checks a parsed JSON body as an activity; the details name each field: `conversation.id is missing`. */
export function parseActivity(body: unknown): ParsedActivity {
  const parsed = InboundActivitySchema.safeParse(body);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || 'the body'} ${issue.message}`);
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
