;; Used only while README.md has no Emacs section: the set-up the README is expected to show.
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               '((js-mode typescript-mode typescript-ts-mode) . ("test-layers-lsp" "--stdio"))))
(add-hook 'js-mode-hook #'eglot-ensure)
(add-hook 'typescript-mode-hook #'eglot-ensure)
