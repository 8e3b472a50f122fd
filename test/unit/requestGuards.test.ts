import { addressKey, clientKeyOf, stripPort } from '../../src/server/clientAddress';
import { hostOf, isAllowedHost } from '../../src/server/hostCheck';
import { jsonNestingDepth } from '../../src/server/jsonDepth';
import { createServiceUrlCheck, isDotSegment } from '../../src/server/serviceUrls';
import { boundLogText } from '../../src/logText';

const request = (remoteAddress: string, forwardedFor?: string) => ({
  headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  socket: { remoteAddress },
});

describe('client keys for rate limits', () => {
  test.each([
    ['203.0.113.5', '203.0.113.5'],
    ['::ffff:203.0.113.5', '203.0.113.5'],
    ['127.0.0.6', 'loopback'],
    ['::1', 'loopback'],
    ['2001:db8:1:2::a', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff:0:0:1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
  ])('%s is keyed as %s', (address, key) => {
    expect(addressKey(address)).toBe(key);
  });

  test.each([
    ['203.0.113.5:4711', '203.0.113.5'],
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['2001:db8::1', '2001:db8::1'],
  ])('the port is stripped from %s', (entry, address) => {
    expect(stripPort(entry)).toBe(address);
  });

  test('without trusted proxies X-Forwarded-For is never read', () => {
    expect(clientKeyOf(request('198.51.100.1', '203.0.113.9'), 0)).toBe('198.51.100.1');
  });

  test('with n trusted proxies the n-th entry from the right is the client', () => {
    expect(clientKeyOf(request('10.0.0.2', 'forged, 203.0.113.9, 10.0.0.1'), 2)).toBe(
      '203.0.113.9',
    );
    expect(clientKeyOf(request('10.0.0.2', '203.0.113.9'), 2)).toBe('10.0.0.2');
  });
});

describe('request guards', () => {
  test.each([
    ['{}', 1],
    ['[[[]]]', 3],
    ['{"a":"[[[[[["}', 1],
    ['{"a":"\\"[[["}', 1],
  ])('%s nests %i levels', (text, depth) => {
    expect(jsonNestingDepth(text, 64)).toBe(depth);
  });

  test.each([
    ['localhost:3978', true],
    ['127.0.0.1', true],
    ['[::1]:3978', true],
    ['app.localhost', true],
    ['bot.example.org', true],
    ['rebind.attacker.example', false],
    ['', false],
  ])('Host %s is allowed: %s', (host, isAllowed) => {
    expect(isAllowedHost(host, ['bot.example.org'])).toBe(isAllowed);
  });

  test('a Host header is read without its port', () => {
    expect(hostOf('Bot.Example.org:8443')).toBe('bot.example.org');
  });

  test.each([
    ['http://localhost:9000/', true],
    ['http://[::1]:9000/', true],
    ['https://relay.example.org/bots/city/', true],
    ['https://relay.example.org/other/', false],
    ['https://elsewhere.example.org/bots/city/', false],
    ['http://127.0.0.1:9000/x?y=1', false],
  ])('in anonymous mode %s may be called: %s', (url, isAllowed) => {
    const check = createServiceUrlCheck(true, ['https://relay.example.org/bots/city']);
    expect(check(url)).toBe(isAllowed);
  });

  test('with credentials any http(s) service URL may be called (the token vouches for it)', () => {
    expect(createServiceUrlCheck(false, [])('https://smba.trafficmanager.net/amer/')).toBe(true);
  });

  test.each(['.', '..', '%2e%2E', '.%2e'])('%s is a dot segment', (value) => {
    expect(isDotSegment(value)).toBe(true);
  });

  test('a logged string is cut and its control characters escaped', () => {
    const logged = boundLogText(`a\nb\u001b${'x'.repeat(2000)}`, 10);
    expect(logged).toBe('a\\u000ab\\u001bxxxxxx... (1994 more characters)');
  });
});
