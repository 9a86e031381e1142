import { mirrorConfig, runRule } from '../support/rule-tester';

// Line numbers below refer to mirrorConfig()'s layout: 1 application.mode, 2 upstream url,
// 3 server.port, 4 proxy-name, 5 secure, 6 scheme, 7 proxy-port, 8 setup.baseUrl, then extras.

runRule('mirror/no-https', {
  valid: [
    { code: mirrorConfig() },
    {
      name: 'HTTPS terminated by Bitbucket',
      code: 'server.port=8443\nserver.ssl.enabled=true\nserver.ssl.key-store=/var/atlassian/keystore.jks\n',
    },
  ],
  invalid: [
    {
      name: 'no connector lines at all',
      code: 'server.port=7990\n',
      errors: [{ line: 1, severity: 'error', messageContains: 'The mirror serves plain HTTP' }],
    },
    { name: 'scheme http', code: 'server.port=7990\nserver.scheme=http\n', errors: [{ line: 2 }] },
    { name: 'ssl explicitly off', code: 'server.ssl.enabled=false\n', errors: [{ line: 1 }] },
  ],
});

runRule('mirror/scheme-secure-mismatch', {
  valid: [
    { code: mirrorConfig() },
    { name: 'plain http, not secure', code: 'server.scheme=http\nserver.secure=false\n' },
    { name: 'Bitbucket-terminated TLS', code: 'server.ssl.enabled=true\nserver.scheme=https\n' },
  ],
  invalid: [
    {
      name: 'scheme without secure',
      code: mirrorConfig({ 'server.secure': null }),
      errors: [{ line: 5, message: '`server.scheme=https` is set without `server.secure=true`, so Bitbucket treats proxied HTTPS requests as insecure' }],
    },
    { name: 'secure=false', code: mirrorConfig({ 'server.secure': 'false' }), errors: [{ line: 5 }] },
    {
      name: 'secure without scheme',
      code: 'server.secure=true\n',
      errors: [{ line: 1, messageContains: 'Bitbucket builds http:// links' }],
    },
  ],
});

runRule('mirror/proxy-name-missing', {
  valid: [{ code: mirrorConfig() }, { name: 'plain HTTP has its own rule', code: 'server.port=7990\n' }],
  invalid: [{ code: mirrorConfig({ 'server.proxy-name': null, 'setup.baseUrl': null }), errors: [{ line: 5, severity: 'error' }] }],
});

runRule('mirror/proxy-name-format', {
  valid: [
    { code: mirrorConfig() },
    { name: 'IPv4 literal', code: 'server.proxy-name=192.0.2.10\n' },
    { name: 'IPv6 literal', code: 'server.proxy-name=2001:db8::10\n' },
  ],
  invalid: [
    {
      name: 'URL',
      code: mirrorConfig({ 'server.proxy-name': 'https://mirror.example.com' }),
      errors: [{ line: 4, message: '`server.proxy-name` is `https://mirror.example.com`, a URL; it must be the host name alone (the scheme belongs in `server.scheme`)' }],
    },
    { name: 'port', code: 'server.proxy-name=mirror.example.com:443\n', errors: [{ line: 1, messageContains: 'with a port' }] },
    { name: 'path', code: 'server.proxy-name=mirror.example.com/bitbucket\n', errors: [{ line: 1, messageContains: 'with a path' }] },
    { name: 'space', code: 'server.proxy-name=mirror example.com\n', errors: [{ line: 1, messageContains: 'must be the bare public host name' }] },
    { name: 'underscore', code: 'server.proxy-name=my_mirror.example.com\n', errors: [{ line: 1 }] },
  ],
});

runRule('mirror/proxy-port', {
  valid: [{ code: mirrorConfig() }],
  invalid: [
    {
      name: 'missing',
      code: mirrorConfig({ 'server.proxy-port': null }),
      errors: [{ line: 6, severity: 'warning', messageContains: '`server.proxy-port` is not set' }],
    },
    {
      name: 'not 443',
      code: mirrorConfig({ 'server.proxy-port': '8443' }),
      errors: [{ line: 7, message: "`server.proxy-port` is 8443, not 443; check that the proxy serves the mirror's HTTPS on that port" }],
    },
  ],
});

runRule('mirror/port-conflict', {
  valid: [
    { code: mirrorConfig() },
    { name: 'extra connector on its own port', code: 'server.port=7990\nserver.additional-connector.1.port=7991\n' },
  ],
  invalid: [
    {
      code: 'server.port=7990\nplugin.ssh.port=7990\n',
      errors: [{ line: 2, severity: 'error', message: '`plugin.ssh.port` listens on port 7990, which server.port already uses' }],
    },
    {
      name: 'against a default',
      code: 'server.port=7999\n',
      errors: [{ line: 1, message: '`server.port` listens on port 7999, which plugin.ssh.port (default) already uses' }],
    },
    {
      name: 'additional connector',
      code: 'server.port=7990\nplugin.ssh.port=7999\nserver.additional-connector.1.port=7999\n',
      errors: [{ line: 3, messageContains: 'plugin.ssh.port' }],
    },
  ],
});

runRule('mirror/ssl-keystore-missing', {
  valid: [{ code: 'server.ssl.enabled=true\nserver.ssl.key-store=/opt/keystore.p12\n' }],
  invalid: [{ code: 'server.port=8443\nserver.ssl.enabled=true\n', errors: [{ line: 2, severity: 'error' }] }],
});

runRule('mirror/base-url-scheme', {
  valid: [{ code: mirrorConfig() }],
  invalid: [
    {
      code: mirrorConfig({ 'setup.baseUrl': 'http://mirror.example.com' }),
      errors: [{ line: 8, message: '`setup.baseUrl` must be an absolute https:// URL, but is `http://mirror.example.com`' }],
    },
    { name: 'not a URL', code: 'setup.baseUrl=mirror.example.com\n', errors: [{ line: 1 }] },
  ],
});

runRule('mirror/base-url-mismatch', {
  valid: [
    { code: mirrorConfig() },
    { name: 'trailing slash and case do not matter', code: mirrorConfig({ 'setup.baseUrl': 'https://Mirror.Example.com/' }) },
    {
      name: 'context path agrees',
      code: mirrorConfig({ 'setup.baseUrl': 'https://mirror.example.com/bitbucket', 'server.context-path': '/bitbucket' }),
    },
  ],
  invalid: [
    {
      name: 'host',
      code: mirrorConfig({ 'setup.baseUrl': 'https://other.example.com' }),
      errors: [
        {
          line: 8,
          severity: 'error',
          message:
            '`setup.baseUrl` has host `other.example.com` but `server.proxy-name` is `mirror.example.com`. The mirror base URL can be set only once: if it is wrong, delete the mirror and set it up again.',
        },
      ],
    },
    { name: 'port', code: mirrorConfig({ 'setup.baseUrl': 'https://mirror.example.com:8443' }), errors: [{ line: 8, messageContains: 'has port 8443' }] },
    { name: 'path', code: mirrorConfig({ 'setup.baseUrl': 'https://mirror.example.com/bitbucket' }), errors: [{ line: 8, messageContains: 'has path `/bitbucket`' }] },
  ],
});

runRule('mirror/application-mode', {
  valid: [{ code: mirrorConfig() }, { name: 'a primary', code: 'server.port=7990\n' }],
  invalid: [
    {
      code: mirrorConfig({ 'application.mode': null }),
      errors: [{ line: 1, message: 'This file sets mirror properties (plugin.mirroring.upstream.url) but `application.mode` is not `mirror`, so Bitbucket starts as a normal instance' }],
    },
    { name: 'default', code: mirrorConfig({ 'application.mode': 'default' }), errors: [{ line: 1 }] },
  ],
});

runRule('mirror/upstream-url', {
  valid: [{ code: mirrorConfig() }],
  invalid: [
    { name: 'missing', code: mirrorConfig({ 'plugin.mirroring.upstream.url': null }), errors: [{ line: 1, messageContains: 'is not set' }] },
    {
      name: 'http',
      code: mirrorConfig({ 'plugin.mirroring.upstream.url': 'http://bitbucket.example.com' }),
      errors: [{ line: 2, message: "`plugin.mirroring.upstream.url` must be the upstream's absolute https:// URL, but is `http://bitbucket.example.com`" }],
    },
  ],
});

runRule('mirror/upstream-is-self', {
  valid: [{ code: mirrorConfig() }],
  invalid: [
    {
      code: mirrorConfig({ 'plugin.mirroring.upstream.url': 'https://MIRROR.example.com' }),
      errors: [{ line: 2, messageContains: '`mirror.example.com`, the mirror' }],
    },
    {
      name: 'host from --host',
      code: 'application.mode=mirror\nplugin.mirroring.upstream.url=https://mirror.example.org\n',
      options: { host: 'mirror.example.org' },
      errors: [{ line: 2 }],
    },
  ],
});

runRule('mirror/cloud-upstream-deprecated', {
  valid: [{ code: mirrorConfig() }],
  invalid: [
    {
      code: mirrorConfig({ 'plugin.mirroring.upstream.url': 'https://bitbucket.org' }),
      errors: [{ line: 2, severity: 'warning', messageContains: '21 April 2021' }],
    },
  ],
});

runRule('mirror/context-path-format', {
  valid: [{ code: 'server.context-path=/bitbucket\n' }, { name: 'empty means root', code: 'server.context-path=\n' }],
  invalid: [
    { name: 'no leading slash', code: 'server.context-path=bitbucket\n', errors: [{ line: 1, severity: 'warning' }] },
    { name: 'trailing slash', code: 'server.context-path=/bitbucket/\n', errors: [{ line: 1 }] },
    { name: 'only a slash', code: 'server.context-path=/\n', errors: [{ line: 1 }] },
  ],
});

runRule('mirror/servlet-context-path', {
  valid: [{ code: 'server.context-path=/bitbucket\n' }],
  invalid: [{ code: 'server.servlet.context-path=/bitbucket\n', errors: [{ line: 1, severity: 'warning' }] }],
});

runRule('mirror/weak-tls-protocol', {
  valid: [{ code: 'server.ssl.protocol=TLS\nserver.ssl.enabled-protocols=TLSv1.2,TLSv1.3\n' }],
  invalid: [
    { code: 'server.ssl.enabled-protocols=TLSv1.1, TLSv1.2\n', errors: [{ line: 1, messageContains: 'TLSv1.1, TLSv1.2' }] },
    { name: 'protocol', code: 'server.ssl.protocol=TLSv1\n', errors: [{ line: 1, message: '`server.ssl.protocol` selects an outdated protocol (TLSv1)' }] },
  ],
});
