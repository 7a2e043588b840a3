;;; emacs.el --- Emacs + eglot (Debian emacs-nox 28, elpa-eglot 1.9) as a real LSP client of `test-layers-lsp --stdio'
;; usage: emacs --batch -l test/e2e/emacs.el   (not -Q: Debian's site-lisp holds elpa-eglot)
;; env: E2E_WORKSPACE (copy of examples/), E2E_EMACS_SETUP (Elisp from the README), E2E_TIMEOUT_MS.
;; Prints PASS/FAIL lines and "N passed, N failed"; exit status 0 only when all passed.

(require 'eglot)
(require 'flymake)
(require 'seq)

(defvar e2e-passed 0)
(defvar e2e-failed 0)
(defvar e2e-start (float-time))
(defvar e2e-timeout (/ (string-to-number (or (getenv "E2E_TIMEOUT_MS") "20000")) 1000.0))
(defvar e2e-workspace (or (getenv "E2E_WORKSPACE") (error "E2E_WORKSPACE not set")))

(defun e2e-out (text) (princ (concat text "\n")))
(defun e2e-check (ok name &optional detail)
  (if ok (setq e2e-passed (1+ e2e-passed)) (setq e2e-failed (1+ e2e-failed)))
  (e2e-out (format "%s emacs: %s [%.1fs]%s" (if ok "PASS" "FAIL") name (- (float-time) e2e-start)
                   (if detail (concat " " detail) ""))))
(defun e2e-finish ()
  (ignore-errors (eglot-shutdown-all))
  (e2e-out (format "%d passed, %d failed" e2e-passed e2e-failed))
  (kill-emacs (if (= e2e-failed 0) 0 1)))

(defun e2e-wait (predicate)
  "Run the event loop until PREDICATE returns non-nil or the timeout passes; return its last value."
  (let ((deadline (+ (float-time) e2e-timeout)) value)
    (while (and (not (setq value (funcall predicate))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    value))

(setq eglot-sync-connect t)
(condition-case err
    (progn (load (or (getenv "E2E_EMACS_SETUP") (error "E2E_EMACS_SETUP not set")) nil t)
           (e2e-check t "README setup snippet loads"))
  (error (e2e-check nil "README setup snippet loads" (error-message-string err))))

(defun e2e-diagnostics-with (code)
  (seq-filter (lambda (d) (string-match-p (regexp-quote (format "[%s]" code)) (flymake-diagnostic-text d)))
              (flymake-diagnostics)))

(find-file (expand-file-name "e2e/checkout.spec.ts" e2e-workspace))
;; eglot-ensure starts the server after the first command; batch mode runs no commands, so run that hook once.
(condition-case err (run-hooks 'post-command-hook)
  (error (e2e-check nil "eglot connects for e2e/checkout.spec.ts" (error-message-string err)) (e2e-finish)))
(e2e-check (e2e-wait #'eglot-current-server) "eglot connects for e2e/checkout.spec.ts")
(unless (eglot-current-server) (e2e-finish))
(e2e-wait (lambda () (flymake-start) (and (e2e-diagnostics-with "fixed-sleep") (e2e-diagnostics-with "skipped-test"))))
(let ((sleep (car (e2e-diagnostics-with "fixed-sleep"))))
  (e2e-check (and sleep (= (line-number-at-pos (flymake-diagnostic-beg sleep)) 11)
                  (string-match-p (regexp-quote "page.waitForTimeout(1000)") (flymake-diagnostic-text sleep)))
             "flymake shows fixed-sleep on line 11 naming page.waitForTimeout(1000)"
             (if sleep (format "line %d: %s" (line-number-at-pos (flymake-diagnostic-beg sleep)) (flymake-diagnostic-text sleep))
               (format "%S" (mapcar #'flymake-diagnostic-text (flymake-diagnostics))))))
(e2e-check (car (e2e-diagnostics-with "skipped-test")) "flymake shows skipped-test")

;; eglot 1.9 has no code-lens UI: ask the server, as a user's own command would.
(let* ((server (eglot-current-server))
       (lenses (and server (jsonrpc-request server :textDocument/codeLens
                                            `(:textDocument ,(eglot--TextDocumentIdentifier)))))
       (titles (seq-map (lambda (lens)
                          (let ((command (or (plist-get lens :command)
                                             (plist-get (jsonrpc-request server :codeLens/resolve lens) :command))))
                            (format "%d:%s" (1+ (plist-get (plist-get (plist-get lens :range) :start) :line))
                                    (plist-get command :title))))
                        lenses)))
  (e2e-check (seq-some (lambda (title) (string-match-p "E2E 3" title)) titles)
             "textDocument/codeLens has the summary \"E2E 3\"" (mapconcat #'identity titles " | "))
  (e2e-check (seq-every-p (lambda (line) (seq-some (lambda (title) (string-prefix-p (format "%d:E2E" line) title)) titles))
                          '(8 16 23))
             "textDocument/codeLens has an \"E2E …\" lens on each test"))

(e2e-finish)
