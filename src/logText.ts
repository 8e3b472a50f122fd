/** Longest string from outside (a channel's error body, a client's field) written to a log line. */
export const MAX_LOGGED_CHARS = 1024;

// C0 and C1 controls, and the line and paragraph separators a terminal or a log viewer
// may break a line on: escaped so that a value can never start a forged log line.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * A string from outside made safe for a log line: control characters written as
 * \uXXXX, and cut to `max` characters with the number of characters left out.
 */
export function boundLogText(value: unknown, max: number = MAX_LOGGED_CHARS): string {
  const text = typeof value === 'string' ? value : String(value);
  const cut = text.length > max ? text.slice(0, max) : text;
  const escaped = cut.replace(
    CONTROL,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return text.length > max ? `${escaped}... (${text.length - max} more characters)` : escaped;
}
