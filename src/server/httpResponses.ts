import type { Response } from 'restify';

/** An error answer: the status and the JSON body `{ code, message }` (restify's own shape). */
export interface HttpProblem {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  /** True when the request body was not read to its end: the connection cannot be reused. */
  readonly isConnectionClosed: boolean;
}

const problem = (
  status: number,
  code: string,
  message: string,
  isConnectionClosed = false,
): HttpProblem => Object.freeze({ status, code, message, isConnectionClosed });

/** Every error the server answers with, in one place; no message echoes the request. */
export const PROBLEMS = Object.freeze({
  unsupportedMediaType: () =>
    problem(
      415,
      'UnsupportedMediaType',
      'Send the activity as JSON with the header Content-Type: application/json.',
      true,
    ),
  unsupportedCharset: () =>
    problem(
      415,
      'UnsupportedMediaType',
      'Send the body as UTF-8 (Content-Type: application/json; charset=utf-8).',
      true,
    ),
  unsupportedEncoding: () =>
    problem(
      415,
      'UnsupportedMediaType',
      'Compressed request bodies are not accepted; send plain JSON.',
      true,
    ),
  tooLarge: (maxBytes: number) =>
    problem(
      413,
      'PayloadTooLarge',
      `The body is larger than the limit of ${maxBytes} bytes.`,
      true,
    ),
  emptyBody: () =>
    problem(400, 'BadRequest', 'The body is empty; send one activity as a JSON object.'),
  invalidUtf8: () => problem(400, 'BadRequest', 'The body is not valid UTF-8.'),
  invalidJson: () => problem(400, 'BadRequest', 'The body is not valid JSON.'),
  tooDeep: (maxDepth: number) =>
    problem(
      400,
      'BadRequest',
      `The body nests arrays and objects deeper than the limit of ${maxDepth} levels.`,
    ),
  notAnObject: () => problem(400, 'BadRequest', 'The body must be one activity, a JSON object.'),
  incomplete: () => problem(400, 'BadRequest', 'The body ended before it was complete.', true),
  invalidActivity: (details: readonly string[]) =>
    problem(400, 'BadRequest', `The activity is not valid: ${details.join('; ')}.`),
  unauthorized: () => problem(401, 'Unauthorized', 'The request has no valid Bot Framework token.'),
  serviceUrlNotAllowed: () =>
    problem(
      403,
      'Forbidden',
      'Without Bot Framework credentials the bot only sends replies to this machine (a loopback serviceUrl) or to ALLOWED_SERVICE_URLS; use deliveryMode "expectReplies" to get them in the response.',
    ),
  hostNotAllowed: () =>
    problem(
      421,
      'MisdirectedRequest',
      'This server does not answer to that host name; use localhost or a name listed in ALLOWED_HOSTS.',
      true,
    ),
  rateLimited: (retryAfterSeconds: number) =>
    problem(
      429,
      'TooManyRequests',
      `Too many requests from this client. Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`,
    ),
  authenticationUnavailable: () =>
    problem(
      503,
      'ServiceUnavailable',
      "The Bot Framework's signing keys could not be fetched in time; try again shortly.",
    ),
  notFound: () => problem(404, 'NotFound', 'There is nothing at this address.'),
  methodNotAllowed: () =>
    problem(405, 'MethodNotAllowed', 'This address does not accept that method.'),
  turnFailed: () => problem(500, 'InternalError', 'The bot could not handle this activity.'),
  internal: () => problem(500, 'InternalError', 'Something went wrong on the server.'),
  stopping: () =>
    problem(503, 'ServiceUnavailable', 'The server is shutting down; try again shortly.'),
});

/** Headers for every response, whatever route or page it comes from. */
export const COMMON_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
});

/** Headers for the JSON API's answers (and 404s): never rendered, framed, embedded or cached. */
export const API_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  ...COMMON_HEADERS,
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
});

export function setApiHeaders(res: Response): void {
  for (const [name, value] of Object.entries(API_HEADERS)) res.setHeader(name, value);
}

/** Sends a JSON body with a status; the content type is fixed whatever the request's Accept header says. */
export function sendJson(res: Response, status: number, body: unknown): void {
  setApiHeaders(res);
  res.setHeader('Content-Type', 'application/json');
  res.send(status, body);
}

/** An answer with no body (a turn whose replies went to the channel). */
export function sendEmpty(res: Response, status: number): void {
  setApiHeaders(res);
  res.send(status);
}

export function sendProblem(res: Response, p: HttpProblem): void {
  if (p.isConnectionClosed) res.setHeader('Connection', 'close');
  sendJson(res, p.status, { code: p.code, message: p.message });
}
