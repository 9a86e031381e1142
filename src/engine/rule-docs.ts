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
    lines.push('## Examples', '', 'Reported:', '', '```', rule.examples.invalid, '```', '', 'Not reported:', '', '```', rule.examples.valid, '```', '');
  }
  const options = Object.entries(rule.options);
  if (options.length > 0) {
    lines.push('## Options', '', '| option | default | meaning |', '|---|---|---|');
    for (const [name, spec] of options) lines.push(`| \`${name}\` | \`${JSON.stringify(spec.default)}\` | ${spec.description} |`);
    lines.push('', `In a config file: \`"rules": { "${rule.id}": ["${rule.severity}", { "${options[0]?.[0] ?? ''}": ${JSON.stringify(options[0]?.[1].default)} }] }\``, '');
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
  const lines = ['# Rules', '', 'Generated from `rules/` by `npm run build`; do not edit by hand.', '', '| rule | severity | title |', '|---|---|---|'];
  for (const rule of rules) lines.push(`| [\`${rule.id}\`](${rule.id}.md) | ${rule.severity} | ${rule.title} |`);
  return `${lines.join('\n')}\n`;
}
