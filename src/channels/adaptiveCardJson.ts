/**
 * The subset of Adaptive Card JSON the bot produces. Typed here so the builders stay
 * pure and the compiler catches a misspelt property.
 * Elements are chosen for Teams mobile (1.2): TextBlock (1.0), ActionSet (1.2),
 * Action.Submit and Action.OpenUrl (1.0). A card declares the lowest version its
 * elements need (cardVersionOf), so a 1.2 client renders it, buttons and all, instead
 * of falling back to `fallbackText`. The one newer property, a TextBlock's
 * `style: "heading"` (1.5), is an enhancement: older renderers ignore it and show the
 * bold, larger line that `weight` and `size` (1.0) already make; 1.5 renderers (Teams
 * desktop, Web Chat) give it the heading role.
 */

export type AdaptiveCardVersion = '1.0' | '1.2';
export const ADAPTIVE_CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

/**
 * A TextBlock in another language than its card gets an id `lang-<language>-<n>`:
 * cards have no per-element language, so the web page reads this id, puts `lang` on
 * the element and drops the id (see web/chat.js).
 */
export const LANGUAGE_PART_ID_PREFIX = 'lang-';

export interface TextBlockJson {
  readonly type: 'TextBlock';
  readonly text: string;
  /** Always true: Teams cuts unwrapped text, and screen readers need all of it. */
  readonly wrap: true;
  readonly style?: 'default' | 'heading';
  readonly size?: 'Small' | 'Default' | 'Medium' | 'Large';
  readonly weight?: 'Default' | 'Bolder';
  readonly isSubtle?: boolean;
  readonly spacing?: 'None' | 'Small' | 'Default' | 'Medium' | 'Large';
  readonly id?: string;
}

/**
 * What a follow-up button sends. Teams echoes `msteams.value` as the person's
 * message; Web Chat performs `cardAction` (an imBack, so the question shows in the
 * transcript); any other client posts the whole object as `activity.value`, and
 * the bot reads `question` (see readIncomingMessage).
 */
export interface SubmitDataJson {
  readonly msteams: { readonly type: 'imBack'; readonly value: string };
  readonly __isBotFrameworkCardAction: true;
  readonly cardAction: { readonly type: 'imBack'; readonly title: string; readonly value: string };
  readonly question: string;
}

export interface SubmitActionJson {
  readonly type: 'Action.Submit';
  readonly title: string;
  readonly data: SubmitDataJson;
}

export interface OpenUrlActionJson {
  readonly type: 'Action.OpenUrl';
  readonly title: string;
  readonly url: string;
}

export type CardActionJson = SubmitActionJson | OpenUrlActionJson;

export interface ActionSetJson {
  readonly type: 'ActionSet';
  readonly actions: readonly CardActionJson[];
  readonly spacing?: TextBlockJson['spacing'];
}

/** A column of a side-by-side comparison (one city). */
export interface ColumnJson {
  readonly type: 'Column';
  readonly width: 'stretch';
  readonly items: readonly TextBlockJson[];
}

export interface ColumnSetJson {
  readonly type: 'ColumnSet';
  readonly columns: readonly ColumnJson[];
  readonly spacing?: TextBlockJson['spacing'];
}

export type CardElementJson = TextBlockJson | ActionSetJson | ColumnSetJson;

export interface AdaptiveCardJson {
  readonly type: 'AdaptiveCard';
  readonly $schema: string;
  readonly version: AdaptiveCardVersion;
  readonly lang: string;
  readonly speak: string;
  readonly fallbackText: string;
  readonly body: readonly CardElementJson[];
  readonly actions: readonly CardActionJson[];
}

/** A TextBlock that wraps; options add style. */
export function textBlock(
  text: string,
  options: Omit<TextBlockJson, 'type' | 'text' | 'wrap'> = {},
): TextBlockJson {
  return { type: 'TextBlock', text, wrap: true, ...options };
}

/** A button that sends `value` as the person's next message on every channel. */
export function submitAction(title: string, value: string): SubmitActionJson {
  return {
    type: 'Action.Submit',
    title,
    data: {
      msteams: { type: 'imBack', value },
      __isBotFrameworkCardAction: true,
      cardAction: { type: 'imBack', title, value },
      question: value,
    },
  };
}

export function openUrlAction(title: string, url: string): OpenUrlActionJson {
  return { type: 'Action.OpenUrl', title, url };
}

export function actionSet(
  actions: readonly CardActionJson[],
  spacing?: TextBlockJson['spacing'],
): ActionSetJson {
  return spacing ? { type: 'ActionSet', actions, spacing } : { type: 'ActionSet', actions };
}

/** The lowest Adaptive Cards version that has every element of `body` (ActionSet came in 1.2). */
export function cardVersionOf(body: readonly CardElementJson[]): AdaptiveCardVersion {
  return body.some((element) => element.type === 'ActionSet') ? '1.2' : '1.0';
}
