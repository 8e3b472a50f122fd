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
}
