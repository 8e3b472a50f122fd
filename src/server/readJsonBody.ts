import type { IncomingMessage } from 'node:http';
import { PROBLEMS, type HttpProblem } from './httpResponses';
import { jsonNestingDepth } from './jsonDepth';
import { SERVER_DEFAULTS } from './serverDefaults';

export type JsonBody =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly problem: HttpProblem };

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json$/;

/** The media type and charset of a Content-Type header, lower-cased. */
function parseContentType(header: string | undefined): {
  mediaType: string;
  charset: string | null;
} {
  const [type = '', ...params] = (header ?? '').split(';');
  const charsetParam = params
    .map((p) => p.trim().toLowerCase())
    .find((p) => p.startsWith('charset='));
  const charset = charsetParam ? charsetParam.slice('charset='.length).replace(/^"|"$/g, '') : null;
  return { mediaType: type.trim().toLowerCase(), charset };
}

/** The problem with the headers alone, before a byte of the body is read. */
function checkHeaders(req: IncomingMessage, maxBytes: number): HttpProblem | null {
  const { mediaType, charset } = parseContentType(req.headers['content-type']);
  if (!JSON_MEDIA_TYPE.test(mediaType)) return PROBLEMS.unsupportedMediaType();
  if (charset !== null && charset !== 'utf-8' && charset !== 'utf8')
    return PROBLEMS.unsupportedCharset();
  const encoding = req.headers['content-encoding']?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== '' && encoding !== 'identity')
    return PROBLEMS.unsupportedEncoding();
  if (declaredLength(req) > maxBytes) return PROBLEMS.tooLarge(maxBytes);
  return null;
}

function declaredLength(req: IncomingMessage): number {
  const declared = Number(req.headers['content-length']);
  return Number.isFinite(declared) ? declared : 0;
}

function decode(bytes: Buffer): JsonBody {
  if (bytes.length === 0) return { ok: false, problem: PROBLEMS.emptyBody() };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, problem: PROBLEMS.invalidUtf8() };
  }
  if (text.trim() === '') return { ok: false, problem: PROBLEMS.emptyBody() };
  // Checked before parsing: a deep body would overflow the stack of whatever walks it next.
  const maxDepth = SERVER_DEFAULTS.maxJsonDepth;
  if (jsonNestingDepth(text, maxDepth) > maxDepth)
    return { ok: false, problem: PROBLEMS.tooDeep(maxDepth) };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, problem: PROBLEMS.invalidJson() };
  }
}

/**
 * Reads and throws away the rest of a refused body, at most `maxBytes` more; true when
 * the body ended. Answering before a client has finished sending, and closing, makes
 * most clients fail with EPIPE instead of reading the answer: a modest excess is
 * drained so they get a clean 413/415, a flood is cut off.
 */
function discardRest(req: IncomingMessage, maxBytes: number): Promise<boolean> {
  if (req.complete) return Promise.resolve(true);
  if (maxBytes <= 0 || req.destroyed || req.readableEnded) return Promise.resolve(false);
  return new Promise((resolve) => {
    let discarded = 0;
    const finish = (hasEnded: boolean): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      req.off('error', onError);
      resolve(hasEnded);
    };
    const onData = (chunk: Buffer): void => {
      discarded += chunk.length;
      if (discarded > maxBytes) {
        req.pause();
        finish(false);
      }
    };
    const onEnd = (): void => finish(true);
    const onClose = (): void => finish(req.complete);
    const onError = (): void => finish(false);
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('close', onClose);
    req.once('error', onError);
    req.resume();
  });
}

/** A refusal after the rest of the body has been drained when that is cheap; the connection closes otherwise. */
async function refuse(
  req: IncomingMessage,
  problem: HttpProblem,
  drainBytes: number,
): Promise<JsonBody> {
  const hasEnded = await discardRest(req, drainBytes);
  return { ok: false, problem: { ...problem, isConnectionClosed: !hasEnded } };
}

/**
 * Reads a JSON request body of at most `maxBytes`, never more into memory: the
 * declared Content-Length is checked first and a chunked body is cut off at the limit.
 * Never rejects; every failure is an HttpProblem (415, 413 or 400).
 */
export async function readJsonBody(
  req: IncomingMessage,
  maxBytes: number,
  drainBytes: number = SERVER_DEFAULTS.maxDrainBytes,
): Promise<JsonBody> {
  const early = checkHeaders(req, maxBytes);
  if (early) {
    // A declared size far over the limit is not worth reading even to throw away.
    return refuse(req, early, declaredLength(req) > maxBytes + drainBytes ? 0 : drainBytes);
  }
  const read = await new Promise<{ bytes: Buffer } | { problem: HttpProblem }>((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: { bytes: Buffer } | { problem: HttpProblem }): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onIncomplete);
      req.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) finish({ problem: PROBLEMS.tooLarge(maxBytes) });
      else chunks.push(chunk);
    };
    const onEnd = (): void => finish({ bytes: Buffer.concat(chunks, size) });
    const onIncomplete = (): void => finish({ problem: PROBLEMS.incomplete() });
    const onClose = (): void => {
      if (!req.complete) onIncomplete();
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onIncomplete);
    req.once('close', onClose);
  });
  if ('problem' in read) {
    // An incomplete body means the client went away: nothing left to drain.
    return read.problem.status === 413
      ? refuse(req, read.problem, drainBytes)
      : { ok: false, problem: read.problem };
  }
  return decode(read.bytes);
}
