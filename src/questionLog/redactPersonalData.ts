/**
 * Redaction of what a person may have written about themselves, applied to every text
 * before the question log keeps it. It errs on the side of removing: a question loses
 * nothing an editor needs when a phone number or a name becomes a placeholder.
 *
 * Order matters (an invariant of the rule table below): URLs and e-mail addresses go
 * first, so their digits and dots are not read as phone numbers; identifiers mixing
 * letters and digits next (their digits are part of them); phone numbers before bare
 * digit runs; names last.
 */

export const REDACTION_PLACEHOLDERS = Object.freeze({
  url: '[url]',
  email: '[email]',
  phone: '[phone]',
  number: '[number]',
  id: '[id]',
  name: '[name]',
});

/** Digits in a row from which a number is redacted (ids, accounts, cards, long phone numbers). */
const LONG_DIGIT_RUN = 6;
/** Digits (with separators) from which a sequence is read as a phone number. */
const PHONE_MIN_DIGITS = 7;
/** Words after a name cue that are taken as the name. */
const MAX_NAME_WORDS = 3;

const URL_PATTERN =
  /\b(?:(?:https?|ftp):\/\/|www\.)[^\s<>"]+|\b(?:[a-z0-9-]+\.)+[a-z]{2,24}\/[^\s<>"]*/giu;
const EMAIL_PATTERN = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
// A run of digits, spaces, dots, dashes and brackets, optionally after "+", ending in a digit.
const PHONE_CANDIDATE = /(?:\+|\()?\b\d[\d\s().-]*\d\b/gu;
const DIGIT_RUN = new RegExp(String.raw`\d{${LONG_DIGIT_RUN},}`, 'gu');
// A token of 8 or more letters and digits with at least two of each (CURP, RFC, passport, plates).
const MIXED_ID = /\b(?=(?:[\p{L}]*\d){2})(?=(?:\d*[\p{L}]){2})[\p{L}\d]{8,}\b/gu;

/** What introduces a person's own name, in English and Spanish. */
const NAME_CUE =
  /\b(my name is|my name's|i am called|i'm called|mi nombre es|me llamo|me dicen|mi nombre:)\s+/giu;

/** Words that end a name: what usually follows it in a sentence. */
const NAME_STOPPERS: ReadonlySet<string> = new Set([
  'and',
  'at',
  'on',
  'but',
  'i',
  'im',
  "i'm",
  'what',
  'who',
  'how',
  'when',
  'where',
  'which',
  'why',
  'is',
  'are',
  'can',
  'could',
  'please',
  'from',
  'the',
  'of',
  'to',
  'y',
  'e',
  'pero',
  'que',
  'qué',
  'quien',
  'quién',
  'como',
  'cómo',
  'cuando',
  'cuándo',
  'donde',
  'dónde',
  'cual',
  'cuál',
  'por',
  'para',
  'de',
  'del',
  'soy',
  'es',
  'quiero',
  'quisiera',
  'tengo',
  'la',
  'el',
]);

const WORD = /^[\p{L}][\p{L}'’.-]*$/u;

function countDigits(text: string): number {
  return (text.match(/\d/g) ?? []).length;
}

/** Years written side by side ("2018 2020") are not a phone number. */
function isListOfYears(text: string): boolean {
  const groups = text.split(/[\s,.-]+/).filter((g) => g !== '');
  return groups.every((g) => /^(?:19|20)\d\d$/.test(g));
}

function redactPhones(text: string): string {
  return text.replace(PHONE_CANDIDATE, (match) =>
    countDigits(match) >= PHONE_MIN_DIGITS && !isListOfYears(match)
      ? REDACTION_PLACEHOLDERS.phone
      : match,
  );
}

/** How many characters of `rest` (which follows a name cue) are the name: up to a stopper or punctuation. */
function nameLength(rest: string): number {
  const word = /\s*([^\s,.;:!?¡¿()]+)([,.;:!?¡¿()]?)/uy;
  let length = 0;
  for (let taken = 0; taken < MAX_NAME_WORDS; taken += 1) {
    word.lastIndex = length;
    const match = word.exec(rest);
    const candidate = match?.[1];
    if (!match || candidate === undefined) break;
    if (!WORD.test(candidate) || NAME_STOPPERS.has(candidate.toLowerCase())) break;
    length = match.index + match[0].length - (match[2]?.length ?? 0);
    if (match[2]) break;
  }
  return length;
}

/** Replaces the words after "my name is" / "me llamo". */
function redactNames(text: string): string {
  let out = '';
  let last = 0;
  for (const cue of text.matchAll(NAME_CUE)) {
    const start = (cue.index ?? 0) + cue[0].length;
    if (start < last) continue;
    const length = nameLength(text.slice(start));
    if (length === 0) continue;
    out += text.slice(last, start) + REDACTION_PLACEHOLDERS.name;
    last = start + length;
  }
  return out + text.slice(last);
}

/** The rules, in the order they must run (see the module comment). */
const RULES: ReadonlyArray<(text: string) => string> = [
  (t) => t.replace(URL_PATTERN, REDACTION_PLACEHOLDERS.url),
  (t) => t.replace(EMAIL_PATTERN, REDACTION_PLACEHOLDERS.email),
  (t) => t.replace(MIXED_ID, REDACTION_PLACEHOLDERS.id),
  redactPhones,
  (t) => t.replace(DIGIT_RUN, REDACTION_PLACEHOLDERS.number),
  redactNames,
];

/** The text with e-mail addresses, phone numbers, long digit runs, URLs, ids and self-given names replaced. */
export function redactPersonalData(text: string): string {
  return RULES.reduce((current, rule) => rule(current), text.normalize('NFC'));
}
