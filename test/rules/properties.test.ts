import { mirrorConfig, runRule } from '../support/rule-tester';

runRule('properties/malformed-escape', {
  valid: [
    { code: 'server.display-name=Caf\\u00e9\n' },
    { name: 'escaped backslash before u', code: 'plugin.bitbucket-git.path.executable=C:\\\\usr\\\\bin\\\\git\n' },
    { name: 'a bad escape in a comment is ignored by Java', code: '# \\uZZZZ\nserver.port=7990\n' },
  ],
  invalid: [
    {
      code: 'server.port=7990\nsetup.displayName=Mirror \\u12G4\nserver.scheme=https\n',
      errors: [{ line: 2, column: 26, severity: 'error' }],
    },
    { name: 'truncated at end of file', code: 'setup.displayName=\\u00', errors: [{ line: 1, column: 19 }] },
    { name: 'Windows path', code: 'server.ssl.key-store=C:\\users\\keystore.jks\n', errors: [{ line: 1 }] },
  ],
});

runRule('properties/duplicate-key', {
  valid: [{ code: 'server.port=7990\nplugin.ssh.port=7999\n' }],
  invalid: [
    {
      code: 'server.port=7990\nserver.proxy-port=443\nserver.port 7991\nserver.port:7992\n',
      errors: [
        { line: 1, severity: 'warning', message: '`server.port` is set again on line 4, which wins; this line is ignored' },
        { line: 3, message: '`server.port` is set again on line 4, which wins; this line is ignored' },
      ],
    },
  ],
});

runRule('properties/unknown-key', {
  valid: [
    { code: mirrorConfig() },
    { name: 'additional connector family', code: 'server.additional-connector.1.port=7991\n' },
    { name: 'logger family', code: 'logging.logger.com.atlassian.bitbucket.internal.mirroring=DEBUG\n' },
    { name: 'unconfirmed keys count as known', code: 'server.ssl.client-auth=want\n' },
    { name: 'environment names have their own rule', code: 'APPLICATION_MODE=mirror\n' },
  ],
  invalid: [
    {
      name: 'camelCase',
      code: 'server.proxyName=mirror.example.com\n',
      errors: [{ line: 1, severity: 'warning', message: '`server.proxyName` is not a Bitbucket property; did you mean `server.proxy-name`?' }],
    },
    {
      name: 'case',
      code: 'setup.baseurl=https://mirror.example.com\n',
      errors: [{ line: 1, severity: 'warning', messageContains: 'did you mean `setup.baseUrl`?' }],
    },
    {
      name: 'typo',
      code: 'server.port=7990\nplugin.ssh.prot=7999\n',
      errors: [{ line: 2, severity: 'warning', messageContains: 'did you mean `plugin.ssh.port`?' }],
    },
    {
      name: 'no close match',
      code: 'com.example.plugin.colour=blue\n',
      errors: [{ line: 1, severity: 'info', message: '`com.example.plugin.colour` is not a Bitbucket property this linter knows; Bitbucket ignores keys it does not read' }],
    },
  ],
});

runRule('properties/invalid-value', {
  valid: [
    { code: 'server.port=7990\nserver.secure=TRUE\napplication.mode=Mirror\nplugin.mirroring.synchronization.interval=3m\n' },
    { name: 'whitespace around numbers is trimmed by Spring', code: 'server.port= 7990 \n' },
  ],
  invalid: [
    { name: 'port out of range', code: 'server.port=70000\n', errors: [{ line: 1, severity: 'error', message: '`server.port` must be at most 65535, but is `70000`' }] },
    { name: 'port not a number', code: 'plugin.ssh.port=ssh\n', errors: [{ line: 1, messageContains: 'must be a whole number' }] },
    { name: 'boolean', code: 'server.secure=yes\n', errors: [{ line: 1, message: '`server.secure` must be true or false, but is `yes`' }] },
    { name: 'enum', code: 'application.mode=mirorr\n', errors: [{ line: 1, message: '`application.mode` must be one of default, mirror, but is `mirorr`' }] },
    { name: 'relative URL', code: 'plugin.search.config.baseurl=search.example.com:9200\n', errors: [{ line: 1, messageContains: 'must be an absolute http or https URL' }] },
    { name: 'jdbc URL', code: 'jdbc.url=postgresql://db/bitbucket\n', errors: [{ line: 1, messageContains: 'must start with jdbc:' }] },
    { name: 'ssh base URL', code: 'plugin.ssh.baseurl=mirror.example.com:7999\n', errors: [{ line: 1, messageContains: 'absolute ssh URL' }] },
    { name: 'unconfirmed key is only a warning', code: 'server.ssl.client-auth=always\n', errors: [{ line: 1, severity: 'warning' }] },
  ],
});

runRule('properties/trailing-whitespace', {
  valid: [
    { code: 'server.proxy-name=mirror.example.com\n' },
    { name: 'escaped trailing blank is deliberate', code: 'setup.displayName=Mirror\\ \n' },
    { name: 'key with no value', code: 'setup.displayName   \n' },
  ],
  invalid: [
    { name: 'a number survives it', code: 'server.port=7990  \n', errors: [{ line: 1, column: 17, severity: 'warning' }] },
    {
      name: 'a host name does not',
      code: 'server.proxy-name=mirror.example.com \r\n',
      errors: [{ line: 1, column: 37, severity: 'error', message: 'The value of `server.proxy-name` ends in whitespace, which Java keeps: the hostname Bitbucket uses is not the one you see' }],
    },
    { name: 'on the last line of a continuation', code: 'setup.displayName=Mirror \\\n   of things\t\n', errors: [{ line: 2, column: 13 }] },
  ],
});

runRule('properties/inline-comment', {
  valid: [
    { code: '# comment\nserver.port=7990\n' },
    { name: 'a # inside a URL fragment', code: 'setup.baseUrl=https://mirror.example.com/#x\n' },
    { name: 'passwords may hold anything', code: 'jdbc.password=abc #def\n' },
  ],
  invalid: [
    { code: 'server.port=7990 # HTTP\n', errors: [{ line: 1, severity: 'warning' }] },
    { name: 'bang comment', code: 'server.scheme=https ! proxy\n', errors: [{ line: 1 }] },
  ],
});

runRule('properties/env-var-name', {
  valid: [{ code: 'application.mode=mirror\n' }],
  invalid: [
    {
      code: 'APPLICATION_MODE=mirror\n',
      errors: [{ line: 1, severity: 'warning', message: '`APPLICATION_MODE` is the environment-variable form of `application.mode`; in bitbucket.properties it is ignored, write `application.mode` instead' }],
    },
    { code: 'server.port=7990\nSERVER_PROXY_NAME=mirror.example.com\n', errors: [{ line: 2, messageContains: '`server.proxy-name`' }] },
    { name: 'Docker-only variable', code: 'JVM_MAXIMUM_MEMORY=2g\n', errors: [{ line: 1, messageContains: 'Docker image' }] },
    { name: 'unknown upper-case name', code: 'MY_SETTING=1\n', errors: [{ line: 1, messageContains: 'environment variable name' }] },
  ],
});

runRule('properties/plaintext-secret', {
  valid: [
    { name: 'empty password', code: 'jdbc.password=\n' },
    {
      name: 'decrypter configured',
      code: 'jdbc.password=arn:aws:secretsmanager:eu-west-1:1:secret:db\njdbc.password.decrypter.classname=com.atlassian.secrets.store.aws.AwsSecretsManagerStore\n',
    },
  ],
  invalid: [
    { code: 'jdbc.password=s3cr3t-value\n', errors: [{ line: 1, severity: 'info', message: '`jdbc.password` holds a password in clear text' }] },
    { name: 'keystore password', code: 'server.ssl.key-store-password=changeit\n', errors: [{ line: 1 }] },
    { name: 'unknown key named like a password', code: 'com.example.api.token=abcd\n', errors: [{ line: 1 }] },
  ],
});

runRule('properties/binary-content', {
  valid: [{ code: 'server.port=7990\n' }],
  invalid: [{ code: 'server.port=7990\n\u0000\u0001\u0002\n', errors: [{ line: 1, severity: 'error' }] }],
});

// The invalid case needs a parser failure no input can cause today: see test/engine/unparseable.test.ts.
runRule('properties/unparseable', {
  valid: [{ code: 'server.port=7990\n' }, { name: 'a malformed escape has its own rule', code: 'a=\\u12\n' }],
  invalid: [],
});
