/** The rule docs (docs/rules/) and their index, rendered from rule metadata by the build. */
import type { RuleInfo } from './rule-info';

/** The Markdown page of a rule (docs/rules/<group>/<name>.md), generated from its rule file. */
export function renderRuleDoc(rule: RuleInfo): string {
  const lines = [
    `# ${rule.id}`,
    '',
    `**${rule.title}** · severity \`${rule.severity}\` · input \`${rule.kind}\` (each ${rule.scope === 'file' ? 'file' : rule.scope})${rule.autofix ? ' · fixable with `--fix`' : ''}`,
    '',
    rule.description,
    '',
    '## How to fix',
    '',
    ...rule.fix.map((step, i) => `${i + 1}. ${step}`),
    '',
  ];
  if (rule.examples) {
    lines.push(
      '## Examples',
      '',
      'Reported:',
      '',
      '```',
      rule.examples.invalid,
      '```',
      '',
      'Not reported:',
      '',
      '```',
      rule.examples.valid,
      '```',
      '',
    );
  }
  const options = Object.entries(rule.options);
  if (options.length > 0) {
    lines.push('## Options', '', '| option | default | meaning |', '|---|---|---|');
    for (const [name, spec] of options) lines.push(`| \`${name}\` | \`${JSON.stringify(spec.default)}\` | ${spec.description} |`);
    lines.push(
      '',
      `In a config file: \`"rules": { "${rule.id}": ["${rule.severity}", { "${options[0]?.[0] ?? ''}": ${JSON.stringify(options[0]?.[1].default)} }] }\``,
      '',
    );
  }
  lines.push(
    '## Reference',
    '',
    `${rule.reference.document}, ${rule.reference.section}${rule.reference.url ? ` — <${rule.reference.url}>` : ''}`,
    '',
    '## Turning it off',
    '',
    `In \`bitbucket-mirror-lint.config.json\`: \`"rules": { "${rule.id}": "off" }\`; for one place, a comment line before it: \`# bitbucket-mirror-lint-disable-next-line ${rule.id} -- <reason>\`.`,
    '',
    `Rule file: [\`${rule.path}\`](../../../${rule.path})`,
    '',
  );
  return lines.join('\n');
}

export function renderRuleIndex(rules: readonly RuleInfo[]): string {
  const lines = [
    '# Rules',
    '',
    'Generated from `rules/` by `npm run build`; do not edit by hand.',
    '',
    '| rule | severity | title |',
    '|---|---|---|',
  ];
  for (const rule of rules) lines.push(`| [\`${rule.id}\`](${rule.id}.md) | ${rule.severity} | ${rule.title} |`);
  return `${lines.join('\n')}\n`;
}

/** Where the README's rules table sits: the build writes it between these lines, and a test checks it is current. */
export const README_RULES_START = '<!-- rules table: generated from rules/ by npm run build -->';
export const README_RULES_END = '<!-- end of rules table -->';

/** The README's table of rules: id, every severity it reports, title; each links to its page under docs/rules/. */
export function renderReadmeRulesTable(rules: readonly RuleInfo[]): string {
  const lines = ['| id | severity | what it finds |', '|---|---|---|'];
  for (const rule of rules) {
    const [first, ...others] = rule.severities;
    const severity = others.length > 0 ? `${first} (or ${others.join(', ')})` : (first ?? rule.severity);
    lines.push(`| \`${rule.id}\` | ${severity} | [${rule.title}](docs/rules/${rule.id}.md) |`);
  }
  return lines.join('\n');
}

/** The README with its rules table replaced by the current one. */
export function withRulesTable(readme: string, rules: readonly RuleInfo[]): string {
  const start = readme.indexOf(README_RULES_START);
  const end = readme.indexOf(README_RULES_END);
  if (start < 0 || end < start) throw new Error(`README.md has no rules table markers (${README_RULES_START})`);
  return `${readme.slice(0, start + README_RULES_START.length)}\n${renderReadmeRulesTable(rules)}\n${readme.slice(end)}`;
}
