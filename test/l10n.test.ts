// French catalogue: every rule message, fix title, rule description and CLI string has a real French translation with
// the same placeholders, no key is dead, and French reaches the user through the engine, the CLI flag and the locale.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseCliArgs } from '../cli/args';
import { run } from '../cli/run';
import { lint, LintEnv } from '../core/engine';
import { CLI_MESSAGES, counted } from '../core/format/messages';
import { nodeFileHost } from '../core/host';
import { detectKind } from '../core/kinds';
import { CORE_MESSAGES, Locale, ruleDescription, translate } from '../core/l10n';
import type { Finding, Rule } from '../core/types';
import { defineSshdRule } from '../rules/define';
import { RULES } from '../rules';
import { configFor, FIXTURES, fixtureCases, fixtureWorkspace, ROOT } from './helpers';

const RULES_FR: Record<string, string> = readJson('l10n/rules.l10n.fr.json');
const BUNDLE_FR: Record<string, string> = readJson('l10n/bundle.l10n.fr.json');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const EXAMPLE = path.join(ROOT, 'examples', 'sshd', 'sshd_config');

function readJson(rel: string): Record<string, string> {
  return JSON.parse(fs.readFileSync(path.join(ROOT, rel), 'utf8'));
}

/** Every English template the French rule bundle must translate: rule messages (fix titles included) and descriptions. */
function englishTemplates(): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of RULES) for (const [id, text] of Object.entries(r.meta.messages)) out.set(`${r.meta.id}:${id}`, text as string);
  for (const r of RULES) out.set(`${r.meta.id}:description`, r.meta.description);
  return out;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const placeholders = (s: string): string[] => [...new Set(s.match(/\{\w+\}/g) ?? [])].sort();

/** Nothing to translate once placeholders and symbols are gone (e.g. "✖ {problems} ({errors}, …)"). */
const onlyPlaceholders = (s: string): boolean => !/[A-Za-z]/.test(s.replace(/\{\w+\}/g, ''));

// Small words every French sentence of the catalogue uses at least one of; an English leftover has none.
const FRENCH_WORDS = new Set(['le', 'la', 'les', 'des', 'du', 'de', 'un', 'une', 'est', 'sont', 'à', 'au', 'ne', 'pas', 'et', 'ou',
  'avec', 'dans', 'pour', 'par', 'sur', 'ce', 'cette', 'qui', 'que', 'en', 'se', 'mettez', 'supprimez', 'retirez', 'déplacez']);
const isSentence = (s: string): boolean => s.replace(/\{\w+\}/g, ' ').split(/\s+/).filter((w) => /\p{L}/u.test(w)).length >= 3;
const hasFrenchWord = (s: string): boolean => s.toLowerCase().replace(/"[^"]*"|`[^`]*`|\{\w+\}/g, ' ')
  .split(/[^a-zà-ÿœ]+/).some((w) => FRENCH_WORDS.has(w));

describe('French rule bundle (l10n/rules.l10n.fr.json)', () => {
  const english = englishTemplates();

  it('translates every rule message, fix title and description', () => {
    const missing = [...english.keys()].filter((k) => !(k in RULES_FR));
    assert.deepEqual(missing, [], `untranslated keys (add them to l10n/rules.l10n.fr.json; node scripts/l10n-check.mjs lists them)`);
  });

  it('keeps exactly the placeholders of each English template', () => {
    const wrong = [...english].filter(([k, en]) => k in RULES_FR && placeholders(en).join() !== placeholders(RULES_FR[k]).join())
      .map(([k, en]) => `${k}: English ${placeholders(en).join(' ')} / French ${placeholders(RULES_FR[k]).join(' ')}`);
    assert.deepEqual(wrong, []);
  });

  it('is really French: never the English text, always French words, no non-breaking spaces', () => {
    const problems: string[] = [];
    for (const [k, en] of english) {
      const fr = RULES_FR[k];
      if (fr === undefined) continue;
      if (onlyPlaceholders(en)) continue;
      if (fr === en) problems.push(`${k}: identical to the English`);
      else if (isSentence(en) && !hasFrenchWord(fr)) problems.push(`${k}: no French word in "${fr}"`);
    }
    for (const [k, fr] of Object.entries(RULES_FR)) if (/[\u00a0\u202f]/.test(fr)) problems.push(`${k}: non-breaking space (terminals render it badly)`);
    assert.deepEqual(problems, []);
  });

  it('keeps the keywords, values and quoted text of the English fix titles', () => {
    // A fix title is an imperative naming exactly what it writes: "Set X v" becomes "Mettez X à v"; keywords and quoted text survive.
    const lost: string[] = [];
    for (const [k, en] of english) {
      const fr = RULES_FR[k];
      if (!/^[a-z]+\/[a-z0-9-]+:fix/.test(k) || fr === undefined) continue;
      const tokens = en.match(/\b[A-Z][a-z]+[A-Z]\w*\b|"[^"]*"|\b\d+(?::\d+)*\b/g) ?? [];
      for (const t of tokens) if (!new RegExp(`(^|\\W)${escapeRegex(t)}(\\W|$)`).test(fr)) lost.push(`${k}: ${t}`);
      if (!/^(Mettez|Supprimez|Retirez|Déplacez) /.test(fr)) lost.push(`${k}: not an imperative ("${fr}")`);
      const set = /^Set (\S+) (\S+?)(?: and (\S+) (\S+?))?(?= \(|$)/.exec(en);
      if (set && !fr.startsWith(`Mettez ${set[1]} à ${set[2]}`)) lost.push(`${k}: "Mettez ${set[1]} à ${set[2]}"`);
      if (set?.[3] && !fr.includes(` et ${set[3]} à ${set[4]}`)) lost.push(`${k}: "et ${set[3]} à ${set[4]}"`);
    }
    assert.deepEqual(lost, []);
  });

  it('keeps "description" free as a message id (its key holds the rule description)', () => {
    assert.deepEqual(RULES.filter((r) => 'description' in r.meta.messages).map((r) => r.meta.id), []);
  });

  it('has no orphan key: each one is a message or description of a registered rule', () => {
    const orphans = Object.keys(RULES_FR).filter((k) => !english.has(k));
    assert.deepEqual(orphans, [], 'remove these keys or restore the messages they translate');
  });

  it('does not compete with the front-end bundle (a rule key there would be silently overridden)', () => {
    const both = Object.keys(BUNDLE_FR).filter((k) => k in RULES_FR || english.has(k));
    assert.deepEqual(both, []);
  });

  it('uses French plurals in the summary counts (0 and 1 are singular)', () => {
    assert.equal(counted('fr', 0, 'error', 'errors'), '0 erreur');
    assert.equal(counted('fr', 1, 'warning', 'warnings'), '1 avertissement');
    assert.equal(counted('fr', 2, 'info', 'infos'), '2 informations');
    assert.equal(counted('en', 0, 'error', 'errors'), '0 errors');
  });
});

describe('French front-end bundle (l10n/bundle.l10n.fr.json), core:* and cli:* keys', () => {
  for (const [prefix, catalogue, name] of [['core', CORE_MESSAGES, 'CORE_MESSAGES'], ['cli', CLI_MESSAGES, 'CLI_MESSAGES']] as const) {
    it(`translates every ${name} string with the same placeholders`, () => {
      const problems: string[] = [];
      for (const [id, en] of Object.entries(catalogue)) {
        const fr = BUNDLE_FR[`${prefix}:${id}`];
        if (fr === undefined) problems.push(`${prefix}:${id}: missing`);
        else if (placeholders(en).join() !== placeholders(fr).join()) problems.push(`${prefix}:${id}: placeholders ${placeholders(fr).join(' ')}, English has ${placeholders(en).join(' ')}`);
      }
      const orphans = Object.keys(BUNDLE_FR).filter((k) => k.startsWith(`${prefix}:`) && !(k.slice(prefix.length + 1) in catalogue));
      for (const k of orphans) problems.push(`${k}: no such ${name} entry`);
      assert.deepEqual(problems, []);
    });
  }
});

// ---- French through the engine ------------------------------------------------------------------------------

function lintIn(locale: Locale, file: string, rules: readonly Rule<any>[] = RULES): Finding[] {
  const env: LintEnv = { host: nodeFileHost(), config: configFor(file), locale, rules, workspace: fixtureWorkspace(file, rules) };
  const text = fs.readFileSync(file, 'utf8');
  return lint({ path: file, text, kind: detectKind(file, text)! }, env).findings;
}

/** Message ids of `rule` whose template (English or French) renders to `text`, whatever the data. */
function idsRendering(rule: Rule<any>, locale: Locale, text: string): string[] {
  return Object.entries(rule.meta.messages).filter(([id, en]) => {
    const template = locale === 'fr' ? RULES_FR[`${rule.meta.id}:${id}`] ?? '' : en as string;
    const pattern = template.split(/\{\w+\}/).map(escapeRegex).join('[\\s\\S]*?');
    return new RegExp(`^${pattern}$`).test(text);
  }).map(([id]) => id);
}

describe('French findings from the engine', () => {
  it('renders the example sshd_config in French, messages and fix titles', () => {
    const en = lintIn('en', EXAMPLE);
    const fr = lintIn('fr', EXAMPLE);
    assert.ok(fr.length >= 3, 'the example has findings');
    assert.deepEqual(fr.map((f) => [f.ruleId, f.range]), en.map((f) => [f.ruleId, f.range]), 'same findings in both languages');
    const x11 = fr.find((f) => f.ruleId === 'sshd/x11-forwarding');
    assert.equal(x11?.message.startsWith('La redirection X11 est activée (X11Forwarding yes) : '), true, x11?.message);
    assert.deepEqual(x11?.fixes.map((x) => x.title), ['Mettez X11Forwarding à no']);
    const shadowed = fr.find((f) => f.ruleId === 'sshd/shadowed-directive');
    assert.match(shadowed?.message ?? '', /^sshd ignore cette ligne : sshd_config\.d\/50-cloud-init\.conf:1, lu plus tôt via l'Include de la ligne 4/);
    for (const [i, f] of fr.entries()) {
      assert.notEqual(f.message, en[i].message, `${f.ruleId} still in English`);
      assert.doesNotMatch(f.message, /\{\w+\}/, `${f.ruleId}: placeholder left unfilled`);
      for (const [j, fix] of f.fixes.entries()) {
        assert.notEqual(fix.title, en[i].fixes[j].title, `${f.ruleId} fix still in English`);
        assert.match(fix.title, /^(Mettez|Supprimez|Retirez|Déplacez|Ajoutez|Remplacez) /, `${f.ruleId}: fix title "${fix.title}" is an imperative`);
      }
    }
    const unsafe = fr.flatMap((f) => f.fixes).filter((x) => x.safety === 'unsafe').map((x) => x.title);
    assert.deepEqual(unsafe, ['Déplacez cette ligne au-dessus de l\'Include (la valeur effective de PasswordAuthentication passe de "yes" à "no")'],
      'the unsafe fix title still says what changes');
  });

  // Every rule fixture, linted in both languages: each French finding is the French template of the very message
  // the English finding comes from, with the same data filled in.
  for (const rule of RULES) {
    const dir = path.join(FIXTURES, ...rule.meta.id.split('/'));
    if (!fs.existsSync(dir)) continue;
    it(`${rule.meta.id}: fixtures read the same in French`, () => {
      let seen = 0;
      for (const c of fixtureCases(dir)) {
        const en = lintIn('en', c.entry, [rule]);
        const fr = lintIn('fr', c.entry, [rule]);
        assert.equal(fr.length, en.length, c.name);
        for (const [i, f] of fr.entries()) {
          const where = `${c.name} line ${f.range.start.line + 1}`;
          const pairs: [string, string][] = [[en[i].message, f.message],
            ...f.fixes.map((x, j): [string, string] => [en[i].fixes[j].title, x.title]),
            ...f.related.map((r, j): [string, string] => [en[i].related[j].message, r.message])];
          for (const [english, french] of pairs) {
            const fromEn = idsRendering(rule, 'en', english);
            const fromFr = idsRendering(rule, 'fr', french);
            assert.ok(fromEn.some((id) => fromFr.includes(id)), `${where}: "${french}" is not the translation of "${english}"`);
            assert.notEqual(french, english, `${where}: not translated`);
            seen++;
          }
        }
      }
      assert.ok(seen > 0 || !fixtureCases(dir).some((c) => c.name.startsWith('bad')), 'bad fixtures produce findings');
    });
  }

  // Rule data that is prose (reasons, kinds of algorithm, durations, file lists, vendors) goes through the catalogue
  // too: nothing but names, values and sshd's own quoted words stays English in a French finding.
  const ENGLISH_WORDS = /(?<![\p{L}\d_-])(or|and|is|needs|seconds|limit|cipher|algorithm|block|mode|broken|keys|signatures|since|by default|patches|instead|builds|group|range|tag|open to)(?![\p{L}\d_-])/u;
  const englishIn = (text: string): string | undefined =>
    ENGLISH_WORDS.exec(text.replace(/"[^"]*"|`[^`]*`|\S*[-/.@\d]\S*/g, ' '))?.[0]; // quoted text, names, numbers

  it('carries no English prose in the data of French messages', () => {
    const leaks: string[] = [];
    for (const rule of RULES) {
      const dir = path.join(FIXTURES, ...rule.meta.id.split('/'));
      if (!fs.existsSync(dir)) continue;
      for (const c of fixtureCases(dir)) {
        for (const f of lintIn('fr', c.entry, [rule])) {
          for (const text of [f.message, ...f.fixes.map((x) => x.title), ...f.related.map((r) => r.message)]) {
            const hit = englishIn(text);
            if (hit) leaks.push(`${rule.meta.id} (${c.name}): "${hit}" in ${text}`);
          }
        }
      }
    }
    assert.deepEqual([...new Set(leaks)], []);
  });

  it('describes every rule in French', () => {
    const problems: string[] = [];
    for (const { meta } of RULES) {
      const fr = ruleDescription('fr', meta);
      const hit = englishIn(fr);
      if (fr === meta.description) problems.push(`${meta.id}: still the English description`);
      else if (hit) problems.push(`${meta.id}: "${hit}" in ${fr}`);
    }
    assert.deepEqual(problems, []);
    assert.equal(ruleDescription('en', RULES[0].meta), RULES[0].meta.description);
  });

  it('renders message references in the data in the finding\'s language, lists joined in order', () => {
    const rule = defineSshdRule({
      id: 'sshd/permit-root-login', severity: 'warning', description: 'Test rule.', tags: ['test'], sources: ['test'],
      fix: 'none', profile: 'recommended',
      // Borrows the id of a translated rule so that its French templates apply.
      messages: { yes: 'Root ({value})', fixNo: 'Fix {n}' },
    }, (_ctx, report) => report({
      messageId: 'yes',
      data: { value: ['<', { messageId: 'fixNo', data: { n: 7 } }, '>'] },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    }));
    const [en] = lintIn('en', EXAMPLE, [rule]);
    const [fr] = lintIn('fr', EXAMPLE, [rule]);
    assert.equal(en.message, 'Root (<Fix 7>)');
    const nested = translate('fr', 'sshd/permit-root-login:fixNo', '', {});
    assert.equal(fr.message, translate('fr', 'sshd/permit-root-login:yes', '', { value: `<${nested}>` }));
  });

  it('reports a crashing rule in French', () => {
    const broken = defineSshdRule({
      id: 'sshd/broken', severity: 'warning', description: 'Test rule.', tags: ['test'], sources: ['test'], fix: 'none',
      profile: 'recommended', messages: { x: 'x' },
    }, () => { throw new Error('boom'); });
    assert.equal(lintIn('en', EXAMPLE, [broken])[0].message, 'internal error in rule sshd/broken: boom');
    assert.equal(lintIn('fr', EXAMPLE, [broken])[0].message, 'erreur interne dans la règle sshd/broken : boom');
  });
});

// ---- French through the CLI ---------------------------------------------------------------------------------

function cli(args: string[], env: Record<string, string>): { code: number | null; stdout: string; stderr: string } {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['NO_COLOR', 'FORCE_COLOR', 'LANG', 'LC_ALL', 'LC_MESSAGES', 'LANGUAGE']) delete base[k];
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...base, ...env }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const FRENCH_SUMMARY = /^✖ \d+ problèmes? \(\d+ erreurs?, \d+ avertissements?, \d+ informations?\)$/m;

describe('French from the CLI', () => {
  const runs: [string, string[], Record<string, string>][] = [
    ['--lang fr', ['--lang', 'fr', '--no-color', 'examples/'], {}],
    ['LANG=fr_FR.UTF-8', ['--no-color', 'examples/'], { LANG: 'fr_FR.UTF-8' }],
    ['LC_ALL=fr_CA.UTF-8 over LANG=en_US.UTF-8', ['--no-color', 'examples/'], { LANG: 'en_US.UTF-8', LC_ALL: 'fr_CA.UTF-8' }],
  ];
  for (const [name, args, env] of runs) {
    it(`prints French findings and summary with ${name}`, () => {
      const r = cli(args, env);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /La redirection X11 est activée \(X11Forwarding yes\) : /);
      assert.match(r.stdout, /La connexion par mot de passe est activée \(PasswordAuthentication yes\) : /);
      assert.match(r.stdout, FRENCH_SUMMARY);
      assert.match(r.stdout, /^ {2}--fix en corrige \d+$/m);
      assert.doesNotMatch(r.stdout, /problems? \(|fixable with|X11 forwarding is on/);
    });
  }

  it('stays in English without a French locale', () => {
    const r = cli(['--no-color', 'examples/'], { LANG: 'en_US.UTF-8' });
    assert.match(r.stdout, /X11 forwarding is on/);
    assert.match(r.stdout, /^✖ \d+ problems? \(/m);
    assert.match(r.stdout, /^ {2}\d+:\d+ +error +/m);
  });

  it('names severities in French in the stylish column, and keeps JSON severities in English', () => {
    const rows = cli(['--lang', 'fr', '--no-color', 'examples/'], {}).stdout.split('\n').filter((l) => /^ {2}\d+:\d+ /.test(l));
    const words = new Set(rows.map((l) => l.trim().split(/\s+/)[1]));
    assert.deepEqual([...words].sort(), ['avertissement', 'erreur', 'information']);
    const json = JSON.parse(cli(['--lang', 'fr', '-f', 'json', 'examples/'], {}).stdout) as { findings: { severity: string }[] }[];
    assert.deepEqual([...new Set(json.flatMap((f) => f.findings.map((x) => x.severity)))].sort(), ['error', 'info', 'warning']);
  });

  it('lists the rules with French descriptions', () => {
    const lines = cli(['--lang', 'fr', '--list-rules'], {}).stdout.trimEnd().split('\n');
    for (const { meta } of RULES) {
      const line = lines.find((l) => l.startsWith(`${meta.id} `));
      assert.ok(line?.endsWith(`  ${ruleDescription('fr', meta)}`), `${meta.id}: ${line}`);
    }
    const english = cli(['--list-rules'], { LANG: 'en_US.UTF-8' }).stdout;
    assert.ok(english.includes(`  ${RULES[0].meta.description}\n`));
  });

  it('explains a rule in French when no documentation page is installed', async () => {
    let out = '';
    const io = {
      cwd: ROOT, env: {}, stdout: (t: string) => { out += t; }, stderr: () => {}, stdoutIsTTY: false, stderrIsTTY: false,
      readStdin: async () => '', packageRoot: fs.mkdtempSync(path.join(os.tmpdir(), 'hardlint-nodocs-')),
    };
    assert.equal(await run(parseCliArgs(['--lang', 'fr', '--explain', 'sshd/x11-forwarding']), io), 0);
    const meta = RULES.find((r) => r.meta.id === 'sshd/x11-forwarding')!.meta;
    assert.match(out, new RegExp(`^# sshd/x11-forwarding\n\n${escapeRegex(ruleDescription('fr', meta))}\n\n`
      + 'Aucune page de documentation n\'est installée avec cette copie de hardlint ; consultez https?://\\S+\n$'));
    fs.rmSync(io.packageRoot, { recursive: true });
  });

  it('gives French fix titles in JSON output', () => {
    const files = JSON.parse(cli(['--lang', 'fr', '-f', 'json', 'examples/'], {}).stdout) as { findings: { rule: string; fixes: { title: string }[] }[] }[];
    const titles = files.flatMap((f) => f.findings.flatMap((x) => x.fixes.map((fix) => fix.title)));
    assert.ok(titles.length > 0);
    for (const t of titles) assert.match(t, /^(Mettez|Supprimez|Retirez|Déplacez|Ajoutez|Remplacez) /);
  });
});

// Guard against the test helpers above matching anything: a wrong translation must be caught.
describe('French template matching', () => {
  it('tells a translation from another message of the same rule', () => {
    const rule = RULES.find((r) => r.meta.id === 'sshd/x11-forwarding')!;
    const included = translate('fr', 'sshd/x11-forwarding:included', '', { keyword: 'X11Forwarding', value: 'yes', where: 'a.conf:1' });
    assert.deepEqual(idsRendering(rule, 'fr', included), ['included']);
    assert.deepEqual(idsRendering(rule, 'fr', 'X11 forwarding is on: X11Forwarding yes is set in a.conf:1. Set it to no there.'), []);
  });
});
