import { isLoopbackHost } from './hostCheck';

/** The parsed http(s) URL, or null; one with a query, fragment or credentials is refused too. */
export function parseServiceUrl(value: string): URL | null {
  if (!URL.canParse(value)) return null;
  const url = new URL(value);
  if (!/^https?:$/.test(url.protocol)) return null;
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '')
    return null;
  return url;
}

/** The path as a folder: "/amer" -> "/amer/". */
function asFolder(pathname: string): string {
  return pathname.endsWith('/') ? pathname : `${pathname}/`;
}

/**
 * Which channel service URLs the bot may call. With credentials, any: the Bot Framework
 * token names the service URL and authentication checks it. In anonymous mode nobody
 * vouches for it, so only this machine's (the Emulator's) and those `allowed` lists
 * (same origin, under the listed path).
 */
export function createServiceUrlCheck(
  isAnonymous: boolean,
  allowed: readonly string[],
): (serviceUrl: string) => boolean {
  const allowedUrls = allowed.map(parseServiceUrl).filter((url): url is URL => url !== null);
  return (serviceUrl) => {
    const url = parseServiceUrl(serviceUrl);
    if (!url) return false;
    if (!isAnonymous) return true;
    if (isLoopbackHost(url.hostname)) return true;
    return allowedUrls.some(
      (entry) =>
        entry.origin === url.origin && asFolder(url.pathname).startsWith(asFolder(entry.pathname)),
    );
  };
}

/** Path segments that URL parsers resolve ("..", ".", "%2e%2e"...), so that no id can climb out of its path. */
export function isDotSegment(value: string): boolean {
  return /^(?:\.|%2e){1,2}$/i.test(value);
}
