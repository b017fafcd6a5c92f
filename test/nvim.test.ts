// Neovim (Debian's 0.7.2, a push-only client) as an independent LSP client: headless nvim starts
// `node dist/server.js --stdio`, gets the pushed diagnostic, asks for code actions, applies the fix, writes the
// file, and sees the diagnostic go; it also reads the hover. Skips with the reason when nvim is not installed.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { findRule } from '../rules';
import { onlyRules, SERVER } from './lsp-client';

const NVIM = ['/usr/bin/nvim', '/usr/local/bin/nvim'].find((p) => fs.existsSync(p))
  ?? (spawnSync('sh', ['-c', 'command -v nvim']).stdout?.toString().trim() || undefined);

// Neovim 0.7: no vim.lsp.start (0.8+), so start_client + buf_attach_client; diagnostic.user_data.lsp keeps only
// code/codeDescription/data, so the LSP diagnostic for the code action context is rebuilt from the vim one.
const SCRIPT = String.raw`
local function out(tag, value) io.stdout:write(tag .. ' ' .. vim.fn.json_encode(value) .. '\n') end
local function finish(code) io.stdout:flush(); vim.cmd(code == 0 and 'qall!' or ('cquit! ' .. code)) end
local timeout = 15000
vim.api.nvim_create_autocmd('VimEnter', { callback = function()
  local ok, err = pcall(function()
    local bufnr = vim.api.nvim_get_current_buf()
    local client_id = vim.lsp.start_client({ name = 'hardlint', cmd = { os.getenv('NODE'), os.getenv('SERVER'), '--stdio' },
      root_dir = vim.fn.getcwd() })
    assert(client_id, 'start_client failed')
    vim.lsp.buf_attach_client(bufnr, client_id)
    assert(vim.wait(timeout, function() return #vim.diagnostic.get(bufnr) > 0 end, 20), 'no diagnostics')
    local diags = vim.diagnostic.get(bufnr)
    out('DIAGNOSTICS', vim.tbl_map(function(d)
      local lsp = (d.user_data and d.user_data.lsp) or {}
      return { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, severity = d.severity,
        message = d.message, source = d.source, code = lsp.code, href = lsp.codeDescription and lsp.codeDescription.href,
        has_data = lsp.data ~= nil }
    end, diags))
    local d = diags[1]
    local lsp_diag = vim.tbl_extend('force', (d.user_data and d.user_data.lsp) or {}, {
      range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
      message = d.message, severity = d.severity, source = d.source })
    local hover = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', { textDocument = vim.lsp.util.make_text_document_params(bufnr),
      position = lsp_diag.range.start }, timeout)
    for _, r in pairs(hover or {}) do if r.result then out('HOVER', r.result.contents.value) end end
    local resp = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', { textDocument = vim.lsp.util.make_text_document_params(bufnr),
      range = lsp_diag.range, context = { diagnostics = { lsp_diag } } }, timeout)
    local actions = {}
    for _, r in pairs(resp or {}) do vim.list_extend(actions, r.result or {}) end
    out('CODE_ACTIONS', vim.tbl_map(function(a) return a.title end, actions))
    local action
    for _, a in ipairs(actions) do if not action and string.find(a.title, os.getenv('FIX'), 1, true) then action = a end end
    assert(action and action.edit, 'no code action with an edit titled like ' .. os.getenv('FIX'))
    vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
    vim.cmd('silent write')
    out('LINES', vim.api.nvim_buf_get_lines(bufnr, 0, -1, false))
    assert(vim.wait(timeout, function() return #vim.diagnostic.get(bufnr) == 0 end, 20), 'diagnostic still there after the fix')
    out('CLEARED', true)
  end)
  if not ok then out('ERROR', tostring(err)); finish(1) else finish(0) end
end })
`;

describe('Neovim 0.7 as the LSP client', { skip: NVIM ? false : 'nvim is not installed (apt-get install neovim)' }, () => {
  it('shows the diagnostic, the hover and the quick fix, and the fix clears the diagnostic', () => {
    assert.ok(fs.existsSync(SERVER), `${SERVER} is missing: run npm run build`);
    const rule = findRule('sshd/permit-root-login')!;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardlint-nvim-'));
    try {
      fs.writeFileSync(path.join(dir, '.hardlint.yaml'), onlyRules([rule.meta.id]));
      const file = path.join(dir, 'sshd_config');
      fs.writeFileSync(file, 'Port 2222\n  PermitRootLogin yes\n');
      const script = path.join(dir, 'test.lua');
      fs.writeFileSync(script, SCRIPT);
      const r = spawnSync(NVIM!, ['--headless', '--clean', '-n', '-u', script, file], {
        cwd: dir, encoding: 'utf8', timeout: 60000,
        env: {
          ...process.env, NODE: process.execPath, SERVER, FIX: 'Set PermitRootLogin no',
          XDG_CACHE_HOME: path.join(dir, 'c'), XDG_DATA_HOME: path.join(dir, 'd'), XDG_STATE_HOME: path.join(dir, 's'),
          XDG_CONFIG_HOME: path.join(dir, 'cfg'),
        },
      });
      const out = new Map<string, unknown>();
      for (const line of r.stdout.split('\n')) {
        const m = /^([A-Z_]+) (.*)$/.exec(line);
        if (m) out.set(m[1], JSON.parse(m[2]));
      }
      assert.equal(out.get('ERROR'), undefined, `nvim: ${String(out.get('ERROR'))}\n${r.stderr}`);
      assert.equal(r.status, 0, `nvim exited ${r.status}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
      const diags = out.get('DIAGNOSTICS') as Record<string, unknown>[];
      assert.deepEqual(diags.map((d) => [d.code, d.source, d.lnum, d.col, d.end_lnum, d.end_col, d.severity, d.has_data]),
        [['sshd/permit-root-login', 'hardlint', 1, 18, 1, 21, 1, true]]);
      assert.match(String(out.get('HOVER')), /Why it matters/);
      const titles = out.get('CODE_ACTIONS') as string[];
      assert.ok(titles.includes(rule.meta.messages.fixNo), titles.join(' | '));
      assert.ok(titles.includes('Disable sshd/permit-root-login for this line'));
      assert.deepEqual(out.get('LINES'), ['Port 2222', '  PermitRootLogin no']);
      assert.equal(out.get('CLEARED'), true);
      assert.equal(fs.readFileSync(file, 'utf8'), 'Port 2222\n  PermitRootLogin no\n', 'the fixed file was written');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
