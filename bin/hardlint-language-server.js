#!/usr/bin/env node
// The language server for editors other than VS Code: `hardlint-language-server --stdio`.
require('../dist/server.js');
