import type { Activity } from 'botbuilder';

/** A mention entity as Teams sends it: `{ type: 'mention', mentioned: { id, name }, text: '<at>Bot</at>' }`. */
interface Mention {
  readonly mentionedId: string;
  readonly text: string | null;
}

/**
 * The well-formed mentions of an activity. botbuilder's TurnContext.getMentions and
 * removeRecipientMention throw on an entity without a type or a mention without
 * `mentioned`, and on an activity without a recipient; this reads the same entities
 * and skips what is malformed, so a strange client gets an answer, not an apology.
 */
export function mentionsOf(activity: Partial<Activity>): Mention[] {
  const entities: unknown = activity.entities;
  if (!Array.isArray(entities)) return [];
  const mentions: Mention[] = [];
  for (const entity of entities as unknown[]) {
    if (typeof entity !== 'object' || entity === null) continue;
    const type: unknown = Reflect.get(entity, 'type');
    const mentioned: unknown = Reflect.get(entity, 'mentioned');
    if (
      typeof type !== 'string' ||
      type.toLowerCase() !== 'mention' ||
      typeof mentioned !== 'object' ||
      mentioned === null
    )
      continue;
    const id: unknown = Reflect.get(mentioned, 'id');
    const text: unknown = Reflect.get(entity, 'text');
    if (typeof id === 'string')
      mentions.push({ mentionedId: id, text: typeof text === 'string' ? text : null });
  }
  return mentions;
}

function recipientId(activity: Partial<Activity>): string | undefined {
  const recipient: unknown = activity.recipient;
  const id: unknown =
    typeof recipient === 'object' && recipient !== null ? Reflect.get(recipient, 'id') : undefined;
  return typeof id === 'string' ? id : undefined;
}

/** True when the activity @mentions its recipient (the bot). */
export function isRecipientMentioned(activity: Partial<Activity>): boolean {
  const botId = recipientId(activity);
  return botId !== undefined && mentionsOf(activity).some((m) => m.mentionedId === botId);
}

/** Removes the first @mention of the bot from the activity's text, as TurnContext.removeRecipientMention does. */
export function removeRecipientMention(activity: Partial<Activity>): void {
  const botId = recipientId(activity);
  if (typeof activity.text !== 'string' || botId === undefined) return;
  const mention = mentionsOf(activity).find(
    (m) => m.mentionedId === botId && m.text !== null && m.text !== '',
  );
  if (mention?.text) activity.text = activity.text.replace(mention.text, '').trim();
  activity.text = stripMentionMarkup(activity.text);
}

/**
 * Teams' `<at>…</at>` markup left in a text (a mention entity naming nobody, or someone
 * else): a leading one addresses the message and goes; others keep the name they mark.
 * Either way the tags never reach understanding as words.
 */
function stripMentionMarkup(text: string): string {
  return text
    .replace(/^\s*<at>[^<]{0,200}<\/at>/i, '')
    .replace(/<at>([^<]{0,200})<\/at>/gi, '$1')
    .trim();
}

/** A button value as compared with a message's text: case, spacing and edge punctuation do not count. */
export function normalizeButtonValue(value: string): string {
  return value
    .normalize('NFC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^[\s¿¡]+|[\s.!?]+$/g, '');
}

/**
 * True when the activity is a press of one of the bot's own card buttons rather than
 * typed text. In Teams channels and group chats such presses carry no @mention:
 * - Action.Submit and messageBack post their data as `value` (typed text never has one);
 * - a postBack says so in `channelData.postBack`;
 * - an imBack (our cards' `msteams: { type: 'imBack' }`) posts only the button's value
 *   as text, so it counts as a press when it is exactly a value the bot offered in this
 *   conversation (`offeredValues`, already normalised with normalizeButtonValue).
 */
export function isOwnButtonPress(
  activity: Partial<Activity>,
  offeredValues: ReadonlySet<string>,
): boolean {
  const value: unknown = activity.value;
  if (value !== undefined && value !== null && value !== '') return true;
  const channelData: unknown = activity.channelData;
  if (
    typeof channelData === 'object' &&
    channelData !== null &&
    Reflect.get(channelData, 'postBack') === true
  )
    return true;
  const text = typeof activity.text === 'string' ? normalizeButtonValue(activity.text) : '';
  return text !== '' && offeredValues.has(text);
}
