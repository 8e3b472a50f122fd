import type { Language } from './schema';

/** Things a person can tell the bot that are not questions about a profile. */
export type Command =
  | { readonly kind: 'style'; readonly style: 'text' | 'cards' }
  | { readonly kind: 'language'; readonly language: Language }
  | { readonly kind: 'more' }
  | { readonly kind: 'help' };

// Ordered rules over normalised text (lowercase, no accents, no punctuation).
// Invariant: each pattern matches the whole message, so a question that merely
// contains "more" or "spanish" is never taken for a command.
const POLITE = String.raw`(?:(?:please|pls|por favor|porfa|ok|okay|now|ahora|then|entonces)\s*)*`;
const RULES: ReadonlyArray<readonly [RegExp, Command]> = [
  [
    new RegExp(
      String.raw`^${POLITE}(?:(?:switch|change|go)\s+to\s+|use\s+|cambia\s+a\s+|usa\s+|modo\s+)?(?:text only|only text|plain text|text mode|texto|solo texto|solo el texto|texto plano|modo texto|sin tarjetas|no cards|screen reader mode)\s*${POLITE}$`,
    ),
    { kind: 'style', style: 'text' },
  ],
  [
    new RegExp(
      String.raw`^${POLITE}(?:(?:switch|change|go)\s+(?:back\s+)?to\s+|use\s+|show\s+|cambia\s+a\s+|usa\s+|modo\s+|con\s+|muestra\s+)?(?:cards|card mode|adaptive cards|rich cards|tarjetas|modo tarjetas)\s*${POLITE}$`,
    ),
    { kind: 'style', style: 'cards' },
  ],
  [
    new RegExp(
      String.raw`^${POLITE}(?:(?:answer|reply|talk|speak|respond|switch|change)\s+(?:to\s+|in\s+)?(?:me\s+)?(?:in\s+)?|(?:habla|hablame|responde|respondeme|contesta|cambia)\s+(?:a\s+|en\s+)?(?:me\s+)?|in\s+|en\s+)?(?:spanish|espanol|castellano)\s*${POLITE}$`,
    ),
    { kind: 'language', language: 'es' },
  ],
  [
    new RegExp(
      String.raw`^${POLITE}(?:(?:answer|reply|talk|speak|respond|switch|change)\s+(?:to\s+|in\s+)?(?:me\s+)?(?:in\s+)?|(?:habla|hablame|responde|respondeme|contesta|cambia)\s+(?:a\s+|en\s+)?(?:me\s+)?|in\s+|en\s+)?(?:english|ingles)\s*${POLITE}$`,
    ),
    { kind: 'language', language: 'en' },
  ],
  [
    new RegExp(
      String.raw`^${POLITE}(?:tell me more|more|more please|more info|more information|more details|go on|continue|and|dime mas|mas|cuentame mas|mas informacion|mas info|mas detalles|sigue|continua|y que mas|que mas|tell me more about (?:it|that|this)|dime mas sobre (?:eso|esto))\s*${POLITE}$`,
    ),
    { kind: 'more' },
  ],
  [
    new RegExp(
      String.raw`^${POLITE}(?:help|help me|helpp|i need help|need help|ayuda|ayudame|necesito ayuda|socorro|what can you do|what do you do|what can i ask(?: you)?|what should i ask|what do you know|que puedes hacer|que sabes hacer|que haces|que sabes|que te puedo preguntar|que puedo preguntar(?:te)?|how does this(?: bot| thing)? work|how do i use (?:this|the|you)(?: bot)?|how to use(?: this| the)?(?: bot)?|como funciona(?: esto| este bot| el bot)?|como te uso|como se usa(?: esto| este bot)?|(?:show me |give me |dame |muestrame )?(?:some |algunos |unos )?(?:examples?|sample questions|example questions|ejemplos?)(?: of questions| de preguntas)?|menu|commands|comandos|options|opciones|start over|\?+)\s*${POLITE}$`,
    ),
    { kind: 'help' },
  ],
];

/** The command a message is, or null for a question. Takes normalised text. */
export function detectCommand(normalized: string): Command | null {
  for (const [pattern, command] of RULES) if (pattern.test(normalized)) return command;
  return null;
}
