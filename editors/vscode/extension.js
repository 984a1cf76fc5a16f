// The nnspec extension's client: starts `nnspec lsp` (docs/language.md section 16) over
// standard input and output for .nnspec files. Highlighting comes from the TextMate grammar
// in syntaxes/, which needs no server.
'use strict';
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function launcher(context) {
  const configured = vscode.workspace.getConfiguration('nnspec').get('command');
  if (configured) return configured;
  // installed as a link to editors/vscode of a checkout: the launcher is two folders up
  const real = fs.realpathSync(context.extensionPath);
  return path.join(real, '..', '..', 'bin', 'nnspec');
}

function activate(context) {
  const command = launcher(context);
  const maxTime = vscode.workspace.getConfiguration('nnspec').get('maxTime');
  const args = ['lsp'];
  if (maxTime) args.push('--max-time', String(maxTime));
  const serverOptions = { command, args };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'nnspec' },
      { scheme: 'untitled', language: 'nnspec' },
    ],
  };
  client = new LanguageClient('nnspec', 'nnspec', serverOptions, clientOptions);
  client.start().catch((e) => {
    vscode.window.showErrorMessage('nnspec: could not start ' + command + ' lsp (' + e.message
      + '); set nnspec.command to the path of bin/nnspec');
  });
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
