import { lookupProperty, schemaOf } from '../../src/knowledge/catalogue';
import { isHostName } from '../../src/knowledge/property-types';
import { suggestKeys } from '../../src/knowledge/suggest';
import { KNOWN_KEYS } from '../../src/knowledge/catalogue';

const parse = (key: string, value: string) => {
  const entry = lookupProperty(key);
  if (!entry) throw new Error(`no catalogue entry for ${key}`);
  return schemaOf(entry).safeParse(value);
};

describe('property catalogue', () => {
  it.each([
    ['server.port', '7990', 7990],
    ['server.port', ' 443 ', 443],
    ['server.secure', 'TRUE', true],
    ['application.mode', 'MIRROR', 'mirror'],
    ['server.proxy-name', 'Mirror.Example.COM', 'mirror.example.com'],
    ['plugin.mirroring.synchronization.interval', 'PT3M', 'PT3M'],
    ['server.additional-connector.2.port', '7991', 7991],
    ['logging.logger.com.atlassian.bitbucket.internal.mirroring', 'debug', 'debug'],
  ])('%s accepts %j', (key, value, expected) => {
    const result = parse(key, value);
    expect(result.success && result.data).toEqual(expected);
  });

  it.each([
    ['server.port', '0'],
    ['server.port', '65536'],
    ['server.port', '79 90'],
    ['server.secure', 'yes'],
    ['application.mode', 'farm'],
    ['setup.baseUrl', '/relative'],
    ['plugin.ssh.baseurl', 'https://mirror.example.com'],
    ['plugin.mirroring.synchronization.interval', 'three minutes'],
  ])('%s refuses %j', (key, value) => {
    expect(parse(key, value).success).toBe(false);
  });

  it('marks unconfirmed keys', () => {
    expect(lookupProperty('server.port')?.confirmed).toBe(true);
    expect(lookupProperty('server.ssl.client-auth')?.confirmed).toBe(false);
    expect(lookupProperty('com.example.x')).toBeUndefined();
  });

  it('tells host names from URLs', () => {
    expect(['mirror.example.com', 'localhost', '192.0.2.1', '2001:db8::1', '[2001:db8::1]'].every(isHostName)).toBe(true);
    expect(['https://mirror', 'mirror:443', 'a/b', 'a b', '-bad.example.com', ''].some(isHostName)).toBe(false);
  });

  it('suggests the key that differs in case or separators, else the nearest', () => {
    expect(suggestKeys('server.proxyName', KNOWN_KEYS)).toEqual(['server.proxy-name']);
    expect(suggestKeys('SETUP.BASEURL', KNOWN_KEYS)).toEqual(['setup.baseUrl']);
    expect(suggestKeys('server.sceme', KNOWN_KEYS)).toEqual(['server.scheme']);
    expect(suggestKeys('com.example.colour', KNOWN_KEYS)).toEqual([]);
  });
});
