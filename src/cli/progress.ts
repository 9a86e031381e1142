/** A progress bar on stderr for long runs at a terminal, never mixed into a report or a CI log. */
import type * as ProgressModule from 'cli-progress';
import type { CliIo } from './io';
import { lazy } from '../util/memo';

const cliProgress = lazy(() => require('cli-progress') as typeof ProgressModule);

/** The bar appears only once a run has more than this many steps (each file counts twice: read, checked). */
const PROGRESS_MIN = 400;

export interface Progress {
  update: (done: number, total: number) => void;
  stop: () => void;
}

/** Never in CI, and never when stderr or the report (stdout, unless --output-file takes it) is piped. */
export function progressBar(io: CliIo, reportToFile: boolean): Progress | undefined {
  if (!io.stderr.isTTY || !(io.stdout.isTTY || reportToFile) || io.env['CI'] || io.env['NO_PROGRESS']) return undefined;
  let bar: { start(total: number, value: number): void; update(value: number): void; stop(): void } | undefined;
  return {
    update: (done, total) => {
      if (!bar && total > PROGRESS_MIN) {
        const { SingleBar, Presets } = cliProgress();
        bar = new SingleBar(
          {
            stream: io.stderr as NodeJS.WritableStream,
            clearOnComplete: true,
            hideCursor: true,
            format: 'bitbucket-mirror-lint [{bar}] {percentage}% {value}/{total}',
          },
          Presets.shades_classic,
        );
        bar.start(total, done);
      }
      bar?.update(done);
    },
    stop: () => bar?.stop(),
  };
}
