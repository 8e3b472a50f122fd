import { isIP } from 'node:net';

/** The part of a request the client key is read from (restify's and Node's requests fit). */
export interface AddressedRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly socket: { readonly remoteAddress?: string | undefined };
}

/** The key every loopback address shares: 127.0.0.2 and ::1 are the same machine as 127.0.0.1. */
const LOOPBACK_KEY = 'loopback';

/** An address as written in X-Forwarded-For, without a port or brackets: "203.0.113.5:4711" -> "203.0.113.5". */
export function stripPort(entry: string): string {
  const text = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) return bracketed[1] ?? '';
  // One colon is an IPv4 address (or a name) with a port; more are an IPv6 address.
  const colons = text.split(':').length - 1;
  return colons === 1 ? (text.split(':')[0] ?? '') : text;
}

/** The 64-bit network of an IPv6 address ("2001:db8:1:2::/64"): one household or server gets a whole /64. */
function ipv6Network(address: string): string {
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::')
    ? [
        ...headGroups,
        ...new Array<string>(8 - headGroups.length - tailGroups.length).fill('0'),
        ...tailGroups,
      ]
    : headGroups;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/**
 * The rate-limit key of an address: IPv4 as it is (an IPv4-mapped IPv6 address as its
 * IPv4), IPv6 by its /64 network, every loopback address as one key; anything that is
 * not an address is cut to 64 characters.
 */
export function addressKey(address: string): string {
  let text = address.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text);
  if (mapped) text = mapped[1] ?? text;
  const version = isIP(text);
  if (version === 4) return text.startsWith('127.') ? LOOPBACK_KEY : text;
  if (version === 6) {
    // A zone ("fe80::1%eth0") is not part of the address.
    const bare = text.split('%')[0] ?? text;
    return bare === '::1' ? LOOPBACK_KEY : ipv6Network(bare);
  }
  return text.slice(0, 64);
}

function firstHeader(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value.join(',') : value) ?? '';
}

/**
 * Who a request counts against. With `trustedProxyHops` = 0, the socket's address.
 * Behind n proxies you run, each appends the address it received from to
 * X-Forwarded-For, so the client is the n-th entry from the right; entries further
 * left are whatever the client chose to send and are never read.
 */
export function clientKeyOf(req: AddressedRequest, trustedProxyHops: number): string {
  const socketKey = addressKey(req.socket.remoteAddress ?? 'unknown');
  if (trustedProxyHops <= 0) return socketKey;
  const entries = firstHeader(req.headers['x-forwarded-for'])
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const entry = entries[entries.length - trustedProxyHops];
  // Fewer entries than proxies: the request did not come through all of them.
  if (entry === undefined) return socketKey;
  return addressKey(stripPort(entry));
}
