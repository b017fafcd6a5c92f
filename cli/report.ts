// `hardlint report [paths]`: reads every config file under the paths into one workspace, lints each (cross-file rules
// included) and prints the exposure map as text, JSON or a self-contained HTML page; text and HTML in the run's
// language, the JSON's labels in English (with message ids) for scripts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, HardlintConfig, isIgnored } from '../core/config';
import { lint } from '../core/engine';
import { detectFileKind, expandPaths } from '../core/files';
import { cliMessage } from '../core/format/messages';
import { nodeFileHost, runFileHost } from '../core/host';
import { localeFromEnv } from '../core/l10n';
import type { Finding } from '../core/types';
import { exposureMap } from '../core/workspace/exposure';
import { buildWorkspace, WorkspaceFile } from '../core/workspace/model';
import type { SshdInclusion } from '../core/workspace/sshd-includes';
import { exposureHtml, exposureJson, exposureText, reportWords } from '../core/workspace/report';
import { RULES } from '../rules';
import type { CliOptions } from './args';
import type { Io } from './run';
import { configResolverOrReport } from './session';

export async function runReport(options: CliOptions, io: Io): Promise<number> {
  const failures: string[] = [];
  const locale = options.lang ?? localeFromEnv(io.env);
  const configFor = configResolverOrReport(options, io, locale);
  if (!configFor) return 2;
  const inputs = options.paths.length > 0 ? options.paths : ['.'];
  // Files a main sshd_config includes are its drop-ins, whatever their names (conf.d/*.conf is not nginx then).
  const expansion = expandPaths(inputs, io.cwd, {
    ...(options.kind ? { kind: options.kind } : {}), configuredSshdir: (abs) => configFor(abs).sshd.sshdir,
  });
  const sshdIncluded: Map<string, SshdInclusion> = new Map();
  for (const f of expansion.files) if (f.sshdInclusion) sshdIncluded.set(f.abs, f.sshdInclusion);
  for (const e of expansion.errors) failures.push(cliMessage(locale, 'cannotRead', { file: e.path, error: e.message }));
  const host = runFileHost(nodeFileHost());
  const files: (WorkspaceFile & { config: HardlintConfig })[] = [];
  for (const f of expansion.files) {
    const kind = options.kind ?? f.kind ?? detectFileKind(f.abs, (text) => host.remember(f.abs, text));
    if (f.text !== undefined) host.remember(f.abs, f.text);
    if (!kind) continue; // the report covers what hardlint reads; `hardlint` itself names the rest
    let config: HardlintConfig;
    try {
      config = configFor(f.abs);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      failures.push(e.localized(locale));
      continue;
    }
    if (isIgnored(config, f.abs)) continue;
    const text = host.readFile(f.abs);
    if (text === undefined) {
      failures.push(cliMessage(locale, 'cannotReadFile', { file: f.file }));
      continue;
    }
    files.push({ path: f.abs, text, kind, config });
  }
  const configs = new Map(files.map((f) => [f.path, f.config]));
  const workspace = buildWorkspace(files, (p) => ({ host, config: configs.get(p) ?? configFor(p), sshdIncluded }));
  const findings = new Map<string, Finding[]>();
  for (const f of files) {
    findings.set(f.path, lint({ path: f.path, text: f.text, kind: f.kind }, { host, config: f.config, locale, rules: RULES, workspace, sshdIncluded }).findings);
  }
  if (!workspace.singleHost) {
    io.stderr(`hardlint: ${cliMessage(locale, 'severalHosts')}\n`);
  }
  const map = exposureMap(workspace, findings);
  const name = (abs: string) => path.relative(io.cwd, abs) || path.basename(abs);
  const format = options.report!.format;
  const output = format === 'html' ? exposureHtml(map, name, { words: reportWords(locale) })
    : format === 'json' ? exposureJson(map, name) : exposureText(map, name, locale);
  if (options.outputFile !== undefined) {
    try {
      fs.writeFileSync(path.resolve(io.cwd, options.outputFile), output);
    } catch (e) {
      failures.push(cliMessage(locale, 'cannotWrite', { file: options.outputFile, error: (e as Error).message }));
    }
  } else {
    io.stdout(output);
  }
  for (const f of failures) io.stderr(`hardlint: ${f}\n`);
  return failures.length > 0 ? 2 : 0;
}
