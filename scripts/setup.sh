#!/usr/bin/env bash
# Installs everything costagg needs to build and test, from package registries only.
# Idempotent: each step checks what is already there; downloads are cached under $COSTAGG_CACHE
# (default ~/.cache/costagg) and verified by SHA-256 before they are unpacked.
#
#   scripts/setup.sh            build dependencies + test tooling (nise, MinIO)
#   scripts/setup.sh --build    build dependencies only
#   scripts/setup.sh --demo     what scripts/demo.sh needs: build dependencies without the test libraries and
#                               tools, PostgreSQL and nise (no MinIO, no Go, no clang, no npm, no git)
# --demo is tuned for a first run on a fresh machine (docs/benchmarks/demo.md): g++ rather than build-essential,
# DuckDB's npm tarballs fetched from the npm registry by Python when npm is absent (Debian's npm package alone is
# some 360 packages), dpkg without an fsync per file (--force-unsafe-io), and the steps side by side: Python
# first, then nise's and DuckDB's downloads while dpkg installs the build packages, then the PostgreSQL server
# while nise's install goes on. With COSTAGG_SETUP_BUILD_READY=FILE it creates FILE as soon as costagg can be
# built (packages and DuckDB in, nise and the PostgreSQL server maybe not yet), so that scripts/demo.sh compiles
# while the rest installs.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cache=${COSTAGG_CACHE:-$HOME/.cache/costagg}
mkdir -p "$cache"

duckdb_version=1.4.4
duckdb_lib_pkg=@duckdb/node-bindings-linux-x64@1.4.4-r.4
duckdb_lib_sha=732fac4dc6b8f198870b9c4bb6ddf13544466daca00ad28ba2f1d80de5d7aa4b
duckdb_hdr_pkg=duckdb@1.4.4
duckdb_hdr_sha=5bb967dcbcd517670ba5f169f238fb9d6787e53752c60ebe24386169d76941ed
httpfs_wheel=duckdb_extension_httpfs-1.4.4-py3-none-manylinux2014_x86_64.whl
httpfs_sha=2877d33b8ae264ed1b36da393cbedafc3cd10cce61fa6a5622adf513c2897829
nise_version=5.4.4
minio_module=github.com/minio/minio
minio_version=${COSTAGG_MINIO_VERSION:-v0.0.0-20260212201848-7aac2a2c5b7c}

log() { echo "setup: $*" >&2; }

verify() {  # file sha256
  local got
  got=$(sha256sum "$1" | cut -d' ' -f1)
  if [ "$got" != "$2" ]; then
    echo "setup: checksum mismatch for $1: expected $2, got $got" >&2
    rm -f "$1"
    exit 1
  fi
}

mode=${1:-}
demo=false
[ "$mode" = --demo ] && demo=true
apt_packages=(cmake ninja-build pkg-config ca-certificates
  libpq-dev postgresql-15 libcurl4-openssl-dev libssl-dev
  libcli11-dev libyaml-cpp-dev nlohmann-json3-dev libspdlog-dev libfmt-dev
  python3-venv)
apt_options=()
if $demo; then
  apt_packages+=(g++)
  apt_options+=(-o Dpkg::Options::=--force-unsafe-io)
else
  apt_packages+=(build-essential git npm
    libgtest-dev libgmock-dev libbenchmark-dev clang-format clang libclang-rt-14-dev golang-go)
fi
# What the build needs of them: all but the PostgreSQL server, which --demo installs while costagg compiles.
apt_build_packages=()
for p in "${apt_packages[@]}"; do [ "$p" = postgresql-15 ] || apt_build_packages+=("$p"); done
venv="$root/.venv"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo

missing_apt() {  # packages... -> those not installed, one a line
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' && continue
    # Node/npm and Go may come from the machine image rather than Debian: accept those.
    case $p in
      npm) command -v npm >/dev/null || echo "$p" ;;
      golang-go) command -v go >/dev/null || echo "$p" ;;
      *) echo "$p" ;;
    esac
  done
}

apt_fetched=false
fetch_apt() {  # once: apt-get update and download every missing package of the mode's list
  local fetch
  $apt_fetched && return
  apt_fetched=true
  mapfile -t fetch < <(missing_apt "${apt_packages[@]}")
  [ ${#fetch[@]} -eq 0 ] && return
  log "apt-get update"
  $sudo apt-get update -qq
  log "downloading Debian packages: ${fetch[*]}"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends --download-only \
    "${fetch[@]}" >/dev/null
}

install_apt() {  # packages...: installs those missing (after fetch_apt)
  local install
  mapfile -t install < <(missing_apt "$@")
  [ ${#install[@]} -eq 0 ] && return
  fetch_apt
  log "installing Debian packages: ${install[*]}"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${apt_options[@]}" \
    "${install[@]}" >/dev/null
  log "installed ${install[*]}"
}

make_venv() {  # the project's venv: nise, and the pip that fetches the httpfs wheel (no system pip needed)
  [ -x "$venv/bin/pip" ] && return
  log "creating $venv"
  python3 -m venv "$venv"
}

download() {  # url file: a plain HTTPS download (Python's urllib: the system CA store, https_proxy)
  python3 - "$1" "$2" <<'PY'
import os, shutil, ssl, sys, urllib.request
cafile = os.environ.get("npm_config_cafile") or None
ctx = ssl.create_default_context(cafile=cafile)
with urllib.request.urlopen(sys.argv[1], context=ctx, timeout=120) as r, open(sys.argv[2] + ".part", "wb") as f:
    shutil.copyfileobj(r, f)
os.replace(sys.argv[2] + ".part", sys.argv[2])
PY
}

npm_file() {  # package -> path of its cached tarball (the name `npm pack` gives it)
  echo "$cache/$(echo "$1" | sed 's/^@//; s/\//-/; s/@/-/').tgz"
}

fetch_npm() {  # package sha256: downloads (once) and verifies its tarball
  local pkg=$1 sha=$2 file
  file=$(npm_file "$pkg")
  if [ ! -f "$file" ]; then
    if command -v npm >/dev/null; then
      log "downloading $pkg from npm"
      (cd "$cache" && npm pack --silent "$pkg" >/dev/null)
    else
      # Without npm: the same tarball from the same registry (what `npm pack` fetches), checked the same way.
      local registry=${npm_config_registry:-https://registry.npmjs.org/} bare=${pkg%@*} version=${pkg##*@}
      log "downloading $pkg from the npm registry (no npm here)"
      download "${registry%/}/$bare/-/${bare##*/}-$version.tgz" "$file"
    fi
  fi
  verify "$file" "$sha"
}

install_duckdb() {
  local dest="$cache/duckdb-$duckdb_version"
  if [ -f "$dest/.complete" ]; then return; fi
  rm -rf "$dest" && mkdir -p "$dest/lib" "$dest/include" "$dest/extensions"
  local lib_pid hdr_pid tmp
  # The two npm tarballs and the PyPI wheel side by side.
  fetch_npm "$duckdb_lib_pkg" "$duckdb_lib_sha" &
  lib_pid=$!
  fetch_npm "$duckdb_hdr_pkg" "$duckdb_hdr_sha" &
  hdr_pid=$!
  # httpfs (S3 reads) comes as a signed extension binary in a PyPI wheel built for this exact DuckDB version.
  if [ ! -f "$cache/$httpfs_wheel" ]; then
    make_venv
    log "downloading $httpfs_wheel from PyPI"
    "$venv/bin/pip" download -q --no-deps "duckdb-extension-httpfs==$duckdb_version" -d "$cache"
  fi
  verify "$cache/$httpfs_wheel" "$httpfs_sha"
  wait "$lib_pid"
  wait "$hdr_pid"
  tmp=$(mktemp -d)
  tar xzf "$(npm_file "$duckdb_lib_pkg")" -C "$tmp" package/libduckdb.so
  cp "$tmp/package/libduckdb.so" "$dest/lib/"
  tar xzf "$(npm_file "$duckdb_hdr_pkg")" -C "$tmp" package/src/duckdb/src/include/duckdb.h
  cp "$tmp/package/src/duckdb/src/include/duckdb.h" "$dest/include/"
  python3 -m zipfile -e "$cache/$httpfs_wheel" "$tmp/wheel"
  cp "$tmp/wheel/duckdb_extension_httpfs/extensions/v$duckdb_version/httpfs.duckdb_extension" "$dest/extensions/"
  rm -rf "$tmp"
  touch "$dest/.complete"
  log "DuckDB $duckdb_version in $dest"
}

install_nise() {  # the demo needs only nise; the tests also use pyarrow
  local packages=("koku-nise==$nise_version")
  $demo || packages+=(pyarrow)
  # (grep reads all of pip's output: with -q it could stop early, and pip's SIGPIPE fail the pipeline)
  if [ -x "$venv/bin/nise" ] && "$venv/bin/pip" show koku-nise 2>/dev/null | grep "^Version: $nise_version$" >/dev/null &&
    { $demo || "$venv/bin/pip" show pyarrow >/dev/null 2>&1; }; then
    return
  fi
  make_venv
  log "installing ${packages[*]} into $venv"
  if $demo; then
    # No byte-compiling of every installed module (botocore alone has thousands): nise compiles what it imports.
    "$venv/bin/pip" install -q --no-compile "${packages[@]}"
  else
    "$venv/bin/pip" install -q --upgrade pip >/dev/null
    "$venv/bin/pip" install -q "${packages[@]}"
  fi
}

install_minio() {
  local bin="$cache/minio-$minio_version/minio"
  if [ -x "$bin" ]; then return; fi
  log "building MinIO $minio_version with go install (first time only; a few minutes)"
  mkdir -p "$(dirname "$bin")"
  GOBIN=$(dirname "$bin") GOFLAGS=-mod=mod go install "$minio_module@$minio_version"
}

# Tell callers where things are (sourced by scripts/test.sh and scripts/demo.sh).
cat > "$cache/env.sh" <<ENV
export COSTAGG_DUCKDB_ROOT="$cache/duckdb-$duckdb_version"
export COSTAGG_MINIO_BIN="$cache/minio-$minio_version/minio"
export COSTAGG_VENV="$root/.venv"
ENV

case $mode in
  --build) install_apt "${apt_packages[@]}"; install_duckdb ;;
  --demo)
    # Python first (a fresh Debian has none), then side by side: dpkg installs the build packages while the venv is
    # made and DuckDB and httpfs (npm, PyPI) and nise's packages (PyPI) download; then the PostgreSQL server while
    # nise's install goes on.
    fetch_apt
    install_apt python3-venv
    install_apt "${apt_build_packages[@]}" &
    apt_pid=$!
    make_venv
    install_duckdb &
    duckdb_pid=$!
    install_nise &
    nise_pid=$!
    wait "$apt_pid"
    wait "$duckdb_pid"
    if [ -n "${COSTAGG_SETUP_BUILD_READY:-}" ]; then touch "$COSTAGG_SETUP_BUILD_READY"; fi
    install_apt "${apt_packages[@]}"
    wait "$nise_pid"
    ;;
  *) install_apt "${apt_packages[@]}"; install_duckdb; install_nise; install_minio ;;
esac
