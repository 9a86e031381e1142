import { runRule } from '../support/rule-tester';

const asLog = { file: 'atlassian-bitbucket.log' };
const log = (...lines: string[]) => `${lines.join('\n')}\n`;
const QUIET = log('2026-11-24 10:00:00,000 INFO  [main] c.a.b.internal.boot.BuildInfoLogger Starting Bitbucket 8.19.1', '2026-11-24 10:00:01,000 INFO  [main] Mirror synchronised 12 repositories');

const cases: [string, string][] = [
  ['logs/trust-store', 'javax.net.ssl.SSLHandshakeException: PKIX path building failed: unable to find valid certification path to requested target'],
  ['logs/no-subject-alternative-name', 'java.security.cert.CertificateException: No subject alternative DNS name matching upstream.example.com found.'],
  ['logs/jwt-expired', 'Failure during JWT authentication com.atlassian.jwt.exception.JwtExpiredException: Expired at … (30 seconds leeway is allowed)'],
  ['logs/registration-conflict', "Registration with upstream server failed (Could not register with the configured upstream server. Response status was 409, message 'Conflict'). Retrying in 60s"],
  ['logs/connection-refused', 'java.net.ConnectException: Connection refused (Connection refused)'],
  ['logs/unknown-host', 'java.net.UnknownHostException: upstream.example.com: Name or service not known'],
  ['logs/permission-denied-publickey', 'git@upstream.example.com: Permission denied (publickey).'],
];

for (const [id, line] of cases) {
  runRule(id, {
    valid: [{ name: 'a quiet log', code: QUIET, options: asLog }],
    invalid: [
      {
        name: 'first line and count',
        code: log('2026-11-24 10:00:00,000 INFO start', `2026-11-24 10:00:05,000 ERROR ${line}`, '\tat some.Frame(Frame.java:1)', `2026-11-24 10:01:05,000 ERROR ${line}`),
        options: asLog,
        errors: [{ line: 2, severity: 'error', messageContains: '(matching lines: 2; the first is line 2)' }],
      },
    ],
  });
}

runRule('logs/trust-store', {
  valid: [],
  invalid: [{ name: 'empty trust store', code: log('java.security.InvalidAlgorithmParameterException: the trustAnchors parameter must be non-empty'), options: asLog, errors: [{ line: 1 }] }],
});
