#!/usr/bin/env node
// Lists what the French catalogue lacks after rules or front ends changed: untranslated rule messages and
// descriptions (l10n/rules.l10n.fr.json), CLI and core strings (l10n/bundle.l10n.fr.json), with their English text to
// translate by hand; orphan keys, placeholder mismatches, and CLI help that loses an option. Reads the compiled tree,
// so run `npx tsc -p tsconfig.test.json` first. Exit code 1 when anything is wrong.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { RULES } = require(path.join(root, 'out', 'rules'));
const { CLI_MESSAGES } = require(path.join(root, 'out', 'core', 'format', 'messages'));
const { CORE_MESSAGES } = require(path.join(root, 'out', 'core', 'l10n'));
const read = (rel) => JSON.parse(readFileSync(path.join(root, rel), 'utf8'));
const rulesFr = read('l10n/rules.l10n.fr.json');
const bundleFr = read('l10n/bundle.l10n.fr.json');

const english = new Map();
for (const r of RULES) for (const [id, text] of Object.entries(r.meta.messages)) english.set(`${r.meta.id}:${id}`, text);
for (const r of RULES) english.set(`${r.meta.id}:description`, r.meta.description);
const frontEnd = new Map([
  ...Object.entries(CLI_MESSAGES).map(([id, text]) => [`cli:${id}`, text]),
  ...Object.entries(CORE_MESSAGES).map(([id, text]) => [`core:${id}`, text]),
]);

const placeholders = (s) => [...new Set(s.match(/\{\w+\}/g) ?? [])].sort().join(' ');
let problems = 0;
const report = (title, lines) => {
  if (lines.length === 0) return;
  problems += lines.length;
  console.log(`${title} (${lines.length}):\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
};

const check = (catalogue, fr, file) => {
  report(`Missing in ${file} — key<TAB>English`, [...catalogue].filter(([k]) => !(k in fr)).map(([k, en]) => `${k}\t${en}`));
  report(`Placeholders differ in ${file}`, [...catalogue].filter(([k, en]) => k in fr && placeholders(en) !== placeholders(fr[k]))
    .map(([k, en]) => `${k}: English {${placeholders(en)}} French {${placeholders(fr[k])}}`));
};
check(english, rulesFr, 'l10n/rules.l10n.fr.json');
report('Orphan keys in l10n/rules.l10n.fr.json', Object.keys(rulesFr).filter((k) => !english.has(k)));
check(frontEnd, bundleFr, 'l10n/bundle.l10n.fr.json');
// Only cli: and core: keys are checked here: the bundle may hold other front-end strings.
report('Orphan keys in l10n/bundle.l10n.fr.json', Object.keys(bundleFr).filter((k) => /^(cli|core):/.test(k) && !frontEnd.has(k)));
// The translated --help must still name every option and option letter of the English one.
const options = (s) => new Set(s.match(/(?<![\w-])--?[a-z][\w-]*/g) ?? []);
const helpFr = bundleFr['cli:help'];
if (helpFr !== undefined) {
  report('Options of the English --help missing from cli:help in l10n/bundle.l10n.fr.json',
    [...options(CLI_MESSAGES.help)].filter((o) => !options(helpFr).has(o)));
}

console.log(problems === 0
  ? `French catalogue complete: ${english.size} rule strings, ${frontEnd.size} CLI and core strings.`
  : `${problems} problem(s).`);
process.exit(problems === 0 ? 0 : 1);
