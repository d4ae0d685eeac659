-- Headless Neovim session for test/lsp/neovim.test.ts: Neovim's built-in LSP client starts `modelready lsp --stdio`,
-- opens a broken config.pbtxt, records the diagnostics it receives, fixes the line and records them again.
-- Works on Neovim 0.7 (Debian bookworm: vim.lsp.start_client + buf_attach_client) and later (vim.lsp.start).
local env = vim.env
vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, { pattern = 'config.pbtxt', command = 'setfiletype triton-config' })

local config = {
  name = 'modelready',
  cmd = { env.MODELREADY_NODE, env.MODELREADY_CLI, 'lsp', '--stdio' },
  root_dir = env.MODELREADY_ROOT,
}
vim.cmd('edit ' .. vim.fn.fnameescape(env.MODELREADY_FILE))
local client_id
if vim.lsp.start then
  client_id = vim.lsp.start(config)
else
  client_id = vim.lsp.start_client(config)
  vim.lsp.buf_attach_client(0, client_id)
end

local function has_rule(rule)
  for _, d in ipairs(vim.diagnostic.get(0)) do
    if d.code == rule or (d.user_data and d.user_data.lsp and d.user_data.lsp.code == rule) then return true end
  end
  return false
end

local rule = env.MODELREADY_RULE
local received = vim.wait(20000, function() return has_rule(rule) end, 20)
local broken = vim.diagnostic.get(0)

-- Fix the broken line in the buffer (an incremental didChange from Neovim) and wait for the finding to go.
local line = tonumber(env.MODELREADY_FIX_LINE)
vim.api.nvim_buf_set_lines(0, line, line + 1, false, { env.MODELREADY_FIX_TEXT })
local cleared = vim.wait(20000, function() return not has_rule(rule) end, 20)

local out = io.open(env.MODELREADY_OUT, 'w')
out:write(vim.fn.json_encode({
  version = vim.version(),
  filetype = vim.bo.filetype,
  received = received,
  cleared = cleared,
  broken = broken,
  fixed = vim.diagnostic.get(0),
}))
out:close()
vim.lsp.stop_client(client_id)
vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
vim.cmd('qa!')
