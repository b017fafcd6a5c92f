// Entry point of `hardlint` (bundled to dist/cli.js). Only argument parsing is loaded up front so that --version and
// --help answer at once; the engine and the rules are loaded by run(). The same script is the CLI's lint worker
// thread (cli/parallel.ts).
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { VERSION } from '../core/docs';
import { cliMessage } from '../core/format/messages';
import { localeFromEnv } from '../core/locale';
import { cliLocale, parseCliArgs, UsageError } from './args';
import type { LintWorkerData } from './parallel';

async function main(argv: string[]): Promise<number> {
  try {
    const options = parseCliArgs(argv);
    if (options.help) {
      process.stdout.write(cliMessage(options.lang ?? localeFromEnv(process.env), 'help'));
      return 0;
    }
    if (options.version) {
      process.stdout.write(`${VERSION}\n`);
      return 0;
    }
    const { run, findPackageRoot } = await import('./run');
    // Tells cli/entry.ts that a code cache made now would hold the linter, not just argument parsing.
    (globalThis as Record<symbol, unknown>)[Symbol.for('hardlint.cli.linted')] = true;
    return await run(options, {
      cwd: process.cwd(),
      env: process.env,
      stdout: (text) => { process.stdout.write(text); },
      stderr: (text) => { process.stderr.write(text); },
      stdoutIsTTY: process.stdout.isTTY === true,
      stderrIsTTY: process.stderr.isTTY === true,
      readStdin: async () => {
        const chunks: Buffer[] = [];
        for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks).toString('utf8');
      },
      packageRoot: findPackageRoot(__dirname),
      // The entry point (dist/cli.js, which loads this bundle from its code cache), else this script.
      lintWorker: require.main?.filename ?? __filename,
    });
  } catch (e) {
    if (e instanceof UsageError) {
      const seeHelp = e.pointToHelp ? `${cliMessage(cliLocale(argv, process.env), 'seeHelp')}\n` : '';
      process.stderr.write(`hardlint: ${e.message}\n${seeHelp}`);
      return 2;
    }
    throw e;
  }
}

function isLintWorker(data: unknown): data is LintWorkerData {
  return !isMainThread && (data as Partial<LintWorkerData> | null)?.hardlintLintWorker === true;
}

if (isLintWorker(workerData)) {
  const data = workerData;
  void import('./parallel').then(({ serveLintWorker }) => serveLintWorker(data, (m) => parentPort!.postMessage(m)));
} else {
  // A reader that closes the pipe early (`hardlint | head`) is not an error of ours.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });

  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e: Error) => {
      const locale = cliLocale(process.argv.slice(2), process.env);
      process.stderr.write(`hardlint: ${cliMessage(locale, 'internalError', { error: e.stack ?? e.message })}\n`);
      process.exitCode = 2;
    },
  );
}
