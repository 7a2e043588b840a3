-- Used only while README.md has no Neovim section: the set-up the README is expected to show.
local client_id
vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'javascript', 'javascriptreact', 'typescript', 'typescriptreact' },
  callback = function(args)
    client_id = client_id or vim.lsp.start_client({
      name = 'test-layers',
      cmd = { 'test-layers-lsp', '--stdio' },
      root_dir = vim.fn.getcwd(),
    })
    vim.lsp.buf_attach_client(args.buf, client_id)
  end,
})
