/** Host names that always mean this machine. */
const LOOPBACK_NAMES: ReadonlySet<string> = new Set(['localhost', '[::1]', '::1']);

/** The host of a Host header, lower-cased, without its port: "LOCALHOST:3978" -> "localhost", "[::1]:3978" -> "[::1]". */
export function hostOf(header: string): string {
  const text = header.trim().toLowerCase();
  if (text.startsWith('[')) return text.slice(0, text.indexOf(']') + 1);
  return text.replace(/:\d*$/, '').replace(/\.$/, '');
}

/** True for localhost, *.localhost, 127.x.x.x and [::1]. */
export function isLoopbackHost(host: string): boolean {
  return (
    LOOPBACK_NAMES.has(host) ||
    host.endsWith('.localhost') ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}

/**
 * Whether a request's Host header names this server. A web page the developer visits
 * can make the browser send requests to 127.0.0.1 under its own name (DNS rebinding);
 * the Host header then carries that name, so only loopback names and `allowed` pass.
 */
export function isAllowedHost(header: string | undefined, allowed: readonly string[]): boolean {
  if (header === undefined || header.trim() === '') return false;
  const host = hostOf(header);
  return isLoopbackHost(host) || allowed.includes(host);
}
