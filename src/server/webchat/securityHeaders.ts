/** Headers every web chat response carries, whatever it is. */
const COMMON: Readonly<Record<string, string>> = Object.freeze({
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
});

/**
 * The page's policy. Scripts only from this server (no inline script at all); styles
 * from this server plus the <style> elements Web Chat inserts at run time, which carry
 * this response's nonce (Web Chat's `nonce` prop). Cards may show data: images.
 */
// Web Chat's scroll-to-bottom component inserts one <style> without the nonce; it is
// empty (its rules go in through CSSOM, which CSP does not govern), so the hash of the
// empty string lets it through without allowing any inline CSS text.
export const EMPTY_STYLE_HASH = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";

export function pageHeaders(
  nonce: string,
  frameAncestors: readonly string[],
): Record<string, string> {
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}' ${EMPTY_STYLE_HASH}`,
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' data: blob:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
    `frame-ancestors ${frameAncestors.join(' ')}`,
  ].join('; ');
  const headers: Record<string, string> = {
    ...COMMON,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': csp,
    'Cache-Control': 'no-store',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  };
  // X-Frame-Options for browsers without frame-ancestors; it cannot list other origins.
  const only = frameAncestors.length === 1 ? frameAncestors[0] : undefined;
  if (only === "'self'") headers['X-Frame-Options'] = 'SAMEORIGIN';
  if (only === "'none'") headers['X-Frame-Options'] = 'DENY';
  return headers;
}

/** Script and style files: nothing to run or frame, only same-origin use. */
export function assetHeaders(contentType: string, etag: string): Record<string, string> {
  return {
    ...COMMON,
    'Content-Type': contentType,
    'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
    'Cross-Origin-Resource-Policy': 'same-origin',
    // The path holds the content's hash or the package version: it never changes meaning.
    'Cache-Control': 'public, max-age=31536000, immutable',
    ETag: etag,
    Vary: 'Accept-Encoding',
  };
}

/** API answers: JSON, never cached, never framed or rendered. */
export function apiHeaders(): Record<string, string> {
  return {
    ...COMMON,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}
