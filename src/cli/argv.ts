/** Options written before a subcommand's name are handed to the subcommand, so every option works on either side of its arguments. */
import type { Command, Option } from 'commander';
import { UsageError } from '../model/errors';

function findOption(command: Command, flag: string): Option | undefined {
  return command.options.find((o) => o.long === flag || o.short === flag || (o.negate && o.long === flag));
}

const takesValue = (option: Option | undefined): boolean => option !== undefined && (option.required || option.optional);

/**
 * The arguments with the options given before a subcommand's name moved after it: `-q probe host`
 * and `--format json logs f.log` mean what `probe -q host` and `logs f.log --format json` mean. An
 * option the subcommand does not take is a usage error naming both, never silently dropped. Only the
 * first operand can name a subcommand (as commander reads it): `lint probe` lints a file called probe.
 */
export function hoistSubcommandOptions(argv: readonly string[], program: Command): string[] {
  const before: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const token = argv[i] as string;
    if (token === '--') return [...argv];
    if (token.startsWith('--')) {
      const [flag = token, inlineValue] = token.split(/=(.*)/s);
      before.push(token);
      if (inlineValue === undefined && takesValue(findOption(program, flag)) && i + 1 < argv.length) before.push(argv[(i += 1)] as string);
      continue;
    }
    if (token.startsWith('-') && token.length > 1) {
      before.push(token);
      // Short flags combine (-qf json): the first that takes a value takes the rest of the token, or the next one.
      for (let j = 1; j < token.length; j += 1) {
        if (!takesValue(findOption(program, `-${token[j]}`))) continue;
        if (j === token.length - 1 && i + 1 < argv.length) before.push(argv[(i += 1)] as string);
        break;
      }
      continue;
    }
    const sub = program.commands.find((c) => c.name() === token || c.aliases().includes(token));
    if (!sub || before.length === 0) return [...argv];
    checkAccepted(before, program, sub);
    return [token, ...before, ...argv.slice(i + 1)];
  }
  return [...argv];
}

/** Every option moved must be one the subcommand takes (help excepted: `-h probe` is probe's help). */
function checkAccepted(tokens: readonly string[], program: Command, sub: Command): void {
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] as string;
    if (!token.startsWith('-')) continue;
    const flags = token.startsWith('--') ? [token.split('=')[0] as string] : [...token.slice(1)].map((c) => `-${c}`);
    for (const flag of flags) {
      if (flag === '-h' || flag === '--help' || findOption(sub, flag)) {
        if (takesValue(findOption(sub, flag))) break;
        continue;
      }
      // Unknown to the program too: commander's own message says so.
      if (!findOption(program, flag)) return;
      throw new UsageError(`${flag} is not an option of "${sub.name()}" (see ${program.name()} ${sub.name()} --help)`);
    }
  }
}
