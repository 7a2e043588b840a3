#!/usr/bin/env bash
# Installs what `npm run test:e2e` needs on Debian 12 with Node 20, using only apt and the npm registry.
# Safe to re-run: every step is skipped when its result is already in place.
#   apt:   chromium (driven by playwright-core), libkrb5-dev (headers for code-server's native 'kerberos'),
#          ripgrep (stands in for the binary @vscode/ripgrep would download from GitHub), neovim, emacs-nox + elpa-eglot
#   tools: code-server 4.100.3 (= VS Code 1.100.3, runs on Node 20) and playwright-core, in a cache folder
#          outside the package: $TEST_LAYERS_E2E_TOOLS, default $HOME/.cache/test-layers-e2e
set -euo pipefail

CS_VERSION=4.100.3
PW_VERSION=1.65.1
TOOLS=${TEST_LAYERS_E2E_TOOLS:-$HOME/.cache/test-layers-e2e}
APT_PACKAGES=(chromium libkrb5-dev ripgrep neovim emacs-nox elpa-eglot)

log() { echo "[e2e-setup] $*" >&2; }
timed() { local start=$SECONDS; "$@"; log "$(( SECONDS - start ))s: $*"; }

if [ ! -f /etc/debian_version ] || ! command -v apt-get >/dev/null || ! command -v dpkg-query >/dev/null; then
  log "this script needs Debian (apt-get, dpkg); it installs chromium, neovim and code-server's build headers with apt."
  log "On another system install those yourself, then run: TEST_LAYERS_E2E_TOOLS=<dir> npm install --prefix <dir> code-server@$CS_VERSION playwright-core@$PW_VERSION"
  exit 1
fi
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" != 20 ]; then
  log "code-server $CS_VERSION runs on Node 20; found Node ${node_major}. Use Node 20."
  exit 1
fi

SUDO=()
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null; then SUDO=(sudo); else log "not root and no sudo: cannot apt-get install"; exit 1; fi
fi

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  timed "${SUDO[@]}" apt-get update -qq
  timed "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  log "apt packages present"
fi

# code-server writes config and logs under HOME/XDG even for --version: point those into the tools folder.
code_server() { HOME="$TOOLS/home" XDG_CONFIG_HOME="$TOOLS/home/.config" XDG_DATA_HOME="$TOOLS/home/.local/share" \
  node "$TOOLS/node_modules/code-server/out/node/entry.js" --config /dev/null "$@"; }
installed_version() { node -p "require('$TOOLS/node_modules/$1/package.json').version" 2>/dev/null || true; }
if [ "$(installed_version code-server)" = "$CS_VERSION" ] && [ "$(installed_version playwright-core)" = "$PW_VERSION" ] \
  && code_server --version >/dev/null 2>&1; then
  log "code-server $CS_VERSION and playwright-core $PW_VERSION present in $TOOLS"
else
  # @vscode/ripgrep@1.15.11 (pinned by code-server 4.100.3) downloads ripgrep from GitHub in its postinstall
  # unless the archive is already in its cache under os.tmpdir(): seed it with Debian's rg.
  rg_cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
  mkdir -p "$rg_cache"
  [ -s "$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" ] \
    || tar czf "$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C /usr/bin rg
  mkdir -p "$TOOLS"
  [ -f "$TOOLS/package.json" ] || echo '{ "name": "test-layers-e2e-tools", "private": true }' > "$TOOLS/package.json"
  # yes=true: node-pty's postinstall runs `npx node-gyp`, which aborts under an .npmrc with yes=false.
  # unsafe_perm=true: code-server's postinstall refuses to run as root without it.
  # Native modules build against the running Node's own headers rather than downloading them.
  node_prefix=$(dirname "$(dirname "$(command -v node)")")
  [ -n "${npm_config_nodedir:-}" ] || [ ! -f "$node_prefix/include/node/node_version.h" ] || export npm_config_nodedir="$node_prefix"
  (cd "$TOOLS" && export npm_config_yes=true npm_config_unsafe_perm=true \
    && timed npm install --no-audit --no-fund "code-server@$CS_VERSION" "playwright-core@$PW_VERSION")
fi
log "code-server $(code_server --version)"
log "ready: tools in $TOOLS"
