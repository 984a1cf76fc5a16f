#!/usr/bin/env node
// A developer's aid (not part of CI; TextMateGrammarTest is the test that runs with mvn test):
// tokenises every .nnspec file under examples/ with vscode-textmate and vscode-oniguruma, the
// engine VS Code highlights with, and checks that keywords (read from the lexer in
// grammar/NNSpec.g4), layer names before '(', strings, numbers and comments get their scopes.
// Run: cd editors/textmate && npm install && npm run check
'use strict';
const fs = require('fs');
const path = require('path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const repo = path.resolve(__dirname, '..', '..');
const grammarPath = path.join(__dirname, 'nnspec.tmLanguage.json');

async function main() {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer;
  await oniguruma.loadWASM(wasm);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) => scope === 'source.nnspec'
      ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath) : null,
  });
  const grammar = await registry.loadGrammar('source.nnspec');

  const lexer = fs.readFileSync(path.join(repo, 'grammar', 'NNSpec.g4'), 'utf8');
  const keywords = [...lexer.matchAll(/^[A-Z_]+\s*:\s*'([a-z]+)'\s*;/gm)].map((m) => m[1]);
  if (keywords.length < 10) throw new Error('found only ' + keywords.length + ' keywords in the lexer');
  const layers = new Set(JSON.parse(fs.readFileSync(grammarPath, 'utf8')).repository.layer.match
    .replace(/^\\b\(|\)\\b$/g, '').split('|'));
  if (layers.size < 50 || !layers.has('Conv2d')) throw new Error('could not read the layer names from the grammar');

  const files = [];
  const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).forEach((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p); else if (e.name.endsWith('.nnspec')) files.push(p);
  });
  walk(path.join(repo, 'examples'));

  let problems = 0, tokens = 0;
  const problem = (where, what) => { problems++; if (problems <= 50) console.error(where + ': ' + what); };
  for (const file of files.sort()) {
    let state = vsctm.INITIAL;
    fs.readFileSync(file, 'utf8').split(/\r?\n/).forEach((line, i) => {
      const r = grammar.tokenizeLine(line, state);
      state = r.ruleStack;
      tokens += r.tokens.length;
      const scopeAt = (c) => r.tokens.find((t) => t.startIndex <= c && c < t.endIndex).scopes.join(' ');
      const where = (c) => path.relative(repo, file) + ':' + (i + 1) + ':' + (c + 1);
      for (const m of line.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
        const s = scopeAt(m.index);
        if (s.includes('comment') || s.includes('string')) continue;
        const label = /^\s*:/.test(line.slice(m.index + m[0].length));
        if (keywords.includes(m[0]) && !label && !/keyword\.|storage\.type|constant\.language/.test(s)) problem(where(m.index), m[0] + ' is ' + s);
        if (layers.has(m[0]) && /^\s*\(/.test(line.slice(m.index + m[0].length)) && !s.includes('support.class.layer')) problem(where(m.index), m[0] + ' is ' + s);
      }
      const hash = line.indexOf('#');
      if (hash >= 0 && !scopeAt(hash).includes('string') && !scopeAt(hash).includes('comment.line')) problem(where(hash), '# is ' + scopeAt(hash));
      for (const m of line.matchAll(/"(?:[^"\\]|\\.)*"/g)) {
        if (!scopeAt(m.index).includes('comment') && !scopeAt(m.index).includes('string.quoted')) problem(where(m.index), 'a string is ' + scopeAt(m.index));
      }
    });
  }
  console.log(files.length + ' files, ' + tokens + ' tokens, ' + problems + ' problems');
  process.exit(problems === 0 ? 0 : 1);
}

main().catch((e) => { console.error(e); process.exit(2); });
