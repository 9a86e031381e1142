import { runRule } from '../support/rule-tester';

// Issue #11 §6: driver classes and URLs seen in public bitbucket.properties files.

runRule('database/unknown-driver', {
  valid: [
    { code: 'jdbc.driver=org.postgresql.Driver\njdbc.url=jdbc:postgresql://db:5432/bitbucket\n' },
    { code: 'jdbc.driver=com.mysql.cj.jdbc.Driver\n' },
    { code: 'jdbc.driver=oracle.jdbc.OracleDriver\n' },
    { name: 'from the environment', code: 'jdbc.driver=${JDBC_DRIVER}\n' },
  ],
  invalid: [
    {
      name: 'a class that does not exist',
      code: 'jdbc.driver=com.postgresql.jdbc.Drive\njdbc.url=jdbc:postgresql://db:5432/bitbucket\n',
      errors: [{ line: 1, severity: 'error', message: "`jdbc.driver` is `com.postgresql.jdbc.Drive`, which is not the class of that database's driver, so Bitbucket cannot load it" }],
    },
    { name: 'a misspelling', code: 'jdbc.driver=org.postgresql.driver\n', errors: [{ line: 1, severity: 'error', message: '`jdbc.driver` is `org.postgresql.driver`, a class that does not exist; did you mean `org.postgresql.Driver`?' }] },
    { name: 'another vendor', code: 'jdbc.driver=net.sourceforge.jtds.jdbc.Driver\n', errors: [{ line: 1, severity: 'warning' }] },
  ],
});

runRule('database/driver-url-mismatch', {
  valid: [
    { code: 'jdbc.driver=org.postgresql.Driver\njdbc.url=jdbc:postgresql://db:5432/bitbucket\n' },
    { code: 'jdbc.driver=com.microsoft.sqlserver.jdbc.SQLServerDriver\njdbc.url=jdbc:sqlserver://db:1433;databaseName=bitbucket\n' },
    { code: 'jdbc.driver=oracle.jdbc.driver.OracleDriver\njdbc.url=jdbc:oracle:thin:@//db:1521/ORCL\n' },
  ],
  invalid: [
    {
      code: 'jdbc.driver=org.postgresql.Driver\njdbc.url=jdbc:mysql://db:3306/bitbucket\n',
      errors: [{ line: 1, severity: 'error', message: '`jdbc.driver` is `org.postgresql.Driver` but `jdbc.url` is a `mysql` URL: that driver does not accept it' }],
    },
    { name: 'SQL Server URL with the MySQL driver', code: 'jdbc.url=jdbc:sqlserver://db:1433;databaseName=x\njdbc.driver=com.mysql.jdbc.Driver\n', errors: [{ line: 2, messageContains: '`sqlserver` URL' }] },
  ],
});

runRule('database/port-mismatch', {
  valid: [{ code: 'jdbc.url=jdbc:postgresql://db:5432/bitbucket\n' }, { code: 'jdbc.url=jdbc:postgresql://db:6432/bitbucket\n' }, { code: 'jdbc.url=jdbc:mysql://db/bitbucket\n' }],
  invalid: [
    { code: 'jdbc.url=jdbc:postgresql://db:3306/bitbucket\n', errors: [{ line: 1, severity: 'warning', message: "`jdbc.url` is a PostgreSQL URL on port 3306, MySQL's default port; PostgreSQL listens on 5432 by default" }] },
    { code: 'jdbc.url=jdbc:mysql://db:5432/bitbucket?useUnicode=true\n', errors: [{ line: 1, messageContains: 'MySQL URL on port 5432' }] },
  ],
});
