/** The explain command: a rule by id, or the likely causes of what the user saw. */
import type { Command } from 'commander';
import { loadConfig } from '../config/load';
import { listRules } from '../engine/rule-info';
import { explainSymptom, formatCauses } from '../lint/symptoms';
import { printable } from '../formatters/printable';
import { explainRule } from './rule-text';
import { EXIT_CLEAN, EXIT_USAGE_OR_IO, say, type CliIo } from './io';

export async function runExplain(command: Command, io: CliIo): Promise<number> {
  const text = (command.processedArgs[0] as string[]).join(' ');
  const { config: configFile, format } = command.opts<{ config?: string; format: string }>();
  const { config } = loadConfig(io.cwd, configFile);
  const rule = listRules(config.ruleDirs).find((r) => r.id === text);
  if (rule) {
    io.stdout.write(format === 'json' ? `${JSON.stringify(rule, null, 2)}\n` : explainRule(rule));
    return EXIT_CLEAN;
  }
  if (/^[a-z0-9-]+\/[a-z0-9-]+$/.test(text)) {
    say(io, `no rule is called "${text}" (see --list-rules)`);
    return EXIT_USAGE_OR_IO;
  }
  const causes = await explainSymptom(text, { ruleDirs: config.ruleDirs, cwd: io.cwd });
  // The text is pasted from a terminal or a log: it is echoed printable.
  io.stdout.write(format === 'json' ? `${JSON.stringify(causes, null, 2)}\n` : formatCauses(printable(text), causes));
  return EXIT_CLEAN;
}
