-- Headless Neovim (Debian's 0.7.2) as a real LSP client of `test-layers-lsp --stdio`.
-- usage: nvim --headless --clean -u NONE -c "luafile test/e2e/neovim.lua"
-- env: E2E_WORKSPACE (copy of examples/), E2E_NVIM_SETUP (Lua file that starts the server the way the README says),
--      E2E_TIMEOUT_MS. Prints PASS/FAIL lines, then "N passed, N failed"; exits 0 only when all passed.
local workspace = assert(os.getenv('E2E_WORKSPACE'), 'E2E_WORKSPACE not set')
local setup = assert(os.getenv('E2E_NVIM_SETUP'), 'E2E_NVIM_SETUP not set')
local timeout = tonumber(os.getenv('E2E_TIMEOUT_MS') or '20000')
local started = vim.loop.hrtime()

local passed, failed = 0, 0
local function out(line) io.stdout:write(line .. '\n') end
local function elapsed() return string.format('%.1fs', (vim.loop.hrtime() - started) / 1e9) end
local function check(ok, name, detail)
  if ok then passed = passed + 1 else failed = failed + 1 end
  out(string.format('%s neovim: %s [%s]%s', ok and 'PASS' or 'FAIL', name, elapsed(), detail and (' ' .. detail) or ''))
  return ok
end
local function finish()
  for _, client in pairs(vim.lsp.get_active_clients()) do client.stop() end
  vim.wait(3000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
  out(string.format('%d passed, %d failed', passed, failed))
  vim.cmd(failed == 0 and 'qall!' or 'cquit 1')
end

vim.cmd('filetype on')
vim.lsp.handlers['window/showMessage'] = function(_, result)
  if result and result.type == 1 then io.stderr:write('server error message: ' .. tostring(result.message) .. '\n') end
end
-- The README's setup, verbatim: it registers how buffers of JS/TS files attach to the server.
local ok, err = pcall(vim.cmd, 'luafile ' .. vim.fn.fnameescape(setup))
check(ok, 'README setup snippet loads', not ok and tostring(err) or nil)

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function open(relative)
  vim.cmd('edit ' .. vim.fn.fnameescape(workspace .. '/' .. relative))
  return vim.api.nvim_get_current_buf()
end

local function diagnostics_by_code(bufnr)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local code = code_of(d)
    if code then
      found[code] = found[code] or {}
      table.insert(found[code], d)
    end
  end
  return found
end

-- Settles once the buffer's client finished `initialize`, or once no client is left (the server exited).
local function attach_settled(bufnr)
  local clients = vim.lsp.buf_get_clients(bufnr)
  if next(clients) == nil then
    -- Until `initialize` completes a client is only known by id (ids count from 1); an exited one is gone.
    for id = 1, 20 do if vim.lsp.get_client_by_id(id) then return false end end
    return true
  end
  for _, client in pairs(clients) do if not client.initialized then return false end end
  return true
end
local function attached(bufnr)
  for _, client in pairs(vim.lsp.buf_get_clients(bufnr)) do if client.initialized then return true end end
  return false
end

local function lens_titles(bufnr)
  local titles = {}
  for _, lens in ipairs(vim.lsp.codelens.get(bufnr) or {}) do
    if lens.command and lens.command.title then
      table.insert(titles, { line = lens.range.start.line, title = lens.command.title })
    end
  end
  table.sort(titles, function(a, b) return a.line < b.line or (a.line == b.line and a.title < b.title) end)
  return titles
end

local function describe_lenses(titles)
  local parts = {}
  for _, l in ipairs(titles) do table.insert(parts, (l.line + 1) .. ':' .. l.title) end
  return table.concat(parts, ' | ')
end

-- 1. Playwright spec: fixed-sleep on line 11 (`page.waitForTimeout(1000)`), skipped-test on line 23.
local spec = open('e2e/checkout.spec.ts')
vim.wait(timeout, function() return attach_settled(spec) end, 50)
if not check(attached(spec), 'client attaches to e2e/checkout.spec.ts and the server initializes') then finish() end
vim.wait(timeout, function() local f = diagnostics_by_code(spec); return f['fixed-sleep'] and f['skipped-test'] end, 50)
local found = diagnostics_by_code(spec)
local sleep = found['fixed-sleep'] and found['fixed-sleep'][1]
check(sleep and sleep.lnum == 10 and sleep.col == 10 and sleep.message:find('page.waitForTimeout(1000)', 1, true) ~= nil,
  'fixed-sleep diagnostic at 11:11 naming page.waitForTimeout(1000)', sleep and (sleep.lnum + 1 .. ':' .. sleep.col + 1 .. ' ' .. sleep.message) or vim.inspect(vim.diagnostic.get(spec)))
local skipped = found['skipped-test'] and found['skipped-test'][1]
check(skipped and skipped.lnum == 22, 'skipped-test diagnostic on line 23', skipped and tostring(skipped.lnum + 1) or nil)

-- Code lenses: what Neovim itself displays (codelens.refresh resolves lenses that come without a command).
vim.lsp.codelens.refresh()
local function spec_lenses_ready()
  local titles = lens_titles(spec)
  local per_test = 0
  for _, l in ipairs(titles) do if l.line == 7 or l.line == 15 or l.line == 22 then per_test = per_test + 1 end end
  return per_test >= 3
end
if not vim.wait(timeout, spec_lenses_ready, 100) then
  vim.lsp.codelens.refresh()
  vim.wait(timeout, spec_lenses_ready, 100)
end
local titles = lens_titles(spec)
local summary, tests = nil, {}
for _, l in ipairs(titles) do
  if l.title:find('E2E 3', 1, true) then summary = l end
  if (l.line == 7 or l.line == 15 or l.line == 22) and l.title:find('^E2E') then tests[l.line] = l.title end
end
check(summary ~= nil, 'summary code lens counts "E2E 3"', describe_lenses(titles))
check(tests[7] and tests[15] and tests[22], 'per-test code lens "E2E …" on each of the 3 tests', describe_lenses(titles))

-- 2. Jest unit file: focused-test is an error.
local cart = open('tests/unit/cart.test.ts')
vim.wait(timeout, function() return diagnostics_by_code(cart)['focused-test'] end, 50)
local focused = diagnostics_by_code(cart)['focused-test']
check(focused and focused[1].lnum == 11 and focused[1].severity == vim.diagnostic.severity.ERROR,
  'focused-test error on line 12 of tests/unit/cart.test.ts', focused and (focused[1].lnum + 1 .. ' severity ' .. focused[1].severity) or nil)

-- 3. An edit that adds a fixed sleep is reported without saving.
vim.api.nvim_set_current_buf(spec)
local line = vim.api.nvim_buf_get_lines(spec, 17, 18, false)[1]
check(line and line:find('cart-total', 1, true), 'line 18 of the spec is the cart-total assertion', line)
local edit_at = vim.loop.hrtime()
vim.api.nvim_buf_set_lines(spec, 18, 18, false, { '    await page.waitForTimeout(500);' })
local appeared = vim.wait(timeout, function()
  for _, d in ipairs(diagnostics_by_code(spec)['fixed-sleep'] or {}) do
    if d.lnum == 18 then return true end
  end
  return false
end, 20)
local ms = math.floor((vim.loop.hrtime() - edit_at) / 1e6)
check(appeared and ms <= 2000, 'fixed-sleep for an added page.waitForTimeout(500) within 2 s', ms .. ' ms')

check(#vim.lsp.get_active_clients() == 1, 'one server for both files, still running')
finish()
