#!/usr/bin/env bash
# Installs whatever Kumo's build and tests need and is missing; skips what is present.
# Sourced by scripts/run and scripts/test. Never downloads from outside the package
# registries: Trunk finds wasm-bindgen and wasm-opt on PATH and runs offline.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
TRUNK_VERSION=0.21.14
# Splits the page's WebAssembly into chunks loaded on first use (scripts/page-wasm.mjs); its
# version must read what the wasm_split_helpers crate in Cargo.lock writes.
WASM_SPLIT_VERSION=0.2.4

say() { printf '\033[1;34m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root to run: $*" >&2; return 1; fi
}

# The wasm-bindgen CLI must equal the wasm-bindgen crate in Cargo.lock.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

# A full disk shows up as a linker crash deep in the build; say so first, in plain words.
# A clean clone's target/ reaches 6.9 GB under ./scripts/test (measured); 8 GB leaves room.
check_disk() {
  local need_gb=${1:-8} free_kb
  free_kb=$(df -Pk "$ROOT" | awk 'NR == 2 { print $4 }')
  if [ -n "$free_kb" ] && [ "$free_kb" -lt $((need_gb * 1024 * 1024)) ]; then
    echo "only $((free_kb / 1024)) MB free on the disk of $ROOT; the build needs about ${need_gb} GB" >&2
    echo "(free some space, e.g. old clones' target/ folders, and run again)" >&2
    return 1
  fi
}

setup_build_tools() {
  check_disk
  if ! rustup target list --installed 2>/dev/null | grep -x wasm32-unknown-unknown >/dev/null; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  local wbg
  wbg="$(wasm_bindgen_version)"
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $wbg\$\| $wbg "; then
    say "installing wasm-bindgen-cli $wbg (about 4 minutes)"
    # Not --locked: the registry lacks one locked dependency of the CLI (see docs).
    cargo install wasm-bindgen-cli --version "$wbg"
  fi
  if ! trunk --version >/dev/null 2>&1; then
    say "installing trunk $TRUNK_VERSION (about 12 minutes)"
    # Trunk's own profile asks for fat LTO, which triples the install time on 2 cores.
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
      cargo install --locked "trunk@$TRUNK_VERSION"
  fi
  if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
    say "installing wasm-split-cli $WASM_SPLIT_VERSION (about 4 minutes)"
    cargo install --locked "wasm_split_cli_support@$WASM_SPLIT_VERSION" --features build-binary
  fi
  if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ ! -f node_modules/axe-core/axe.min.js ]; then
    say "installing Node tooling (binaryen wasm-opt, playwright-core, axe-core) from npm"
    npm ci --no-audit --no-fund
  fi
  # Trunk runs cargo offline (Trunk.toml), so the crates must be fetched first.
  cargo fetch --locked >/dev/null
}

setup_browser() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null \
     || ! fc-list 2>/dev/null | grep -i 'Noto Sans CJK' >/dev/null; then
    say "installing Debian chromium, chromium-driver and CJK fonts"
    as_root apt-get update
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y --no-install-recommends \
      chromium chromium-driver fonts-noto-cjk
  fi
}

# The inputs of the page: when none is newer than the last build, dist/ is that build.
PAGE_INPUTS=(src crates/sim/src crates/cli/src www static Cargo.toml Cargo.lock Trunk.toml
             crates/sim/Cargo.toml crates/cli/Cargo.toml package-lock.json scripts)
PAGE_STAMP=target/page.stamp

# Builds the release page into dist/ (the folder a static host publishes), unless nothing
# it is built from changed since the last build.
build_page() {
  if [ -f dist/index.html ] && [ -f "$PAGE_STAMP" ] \
     && [ -z "$(find "${PAGE_INPUTS[@]}" -newer "$PAGE_STAMP" -print -quit 2>/dev/null)" ]; then
    say "the page in dist/ is up to date"
    return
  fi
  say "building the release page into dist/ (trunk build)"
  mkdir -p target
  local started
  started="$(mktemp)"
  trunk build --skip-version-check
  mv "$started" "$PAGE_STAMP"
}
