#!/usr/bin/env bash
# Installs everything costagg needs to build and test, from package registries only.
# Idempotent: each step checks what is already there; downloads are cached under $COSTAGG_CACHE
# (default ~/.cache/costagg) and verified by SHA-256 before they are unpacked.
#
#   scripts/setup.sh            build dependencies + test tooling (nise, MinIO)
#   scripts/setup.sh --build    build dependencies only
#   scripts/setup.sh --demo     what scripts/demo.sh needs: build dependencies without the test libraries and
#                               tools, PostgreSQL and nise (no MinIO, no Go, no clang)
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
apt_packages=(build-essential cmake ninja-build pkg-config git ca-certificates
  libpq-dev postgresql-15 libcurl4-openssl-dev libssl-dev
  libcli11-dev libyaml-cpp-dev nlohmann-json3-dev libspdlog-dev libfmt-dev
  python3-venv npm)
if [ "$mode" != "--demo" ]; then
  apt_packages+=(libgtest-dev libgmock-dev libbenchmark-dev clang-format clang libclang-rt-14-dev golang-go)
fi

install_apt() {
  local missing=()
  for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  # Node/npm and Go may come from the machine image rather than Debian: accept those.
  local filtered=()
  for p in "${missing[@]}"; do
    case $p in
      npm) command -v npm >/dev/null || filtered+=("$p") ;;
      golang-go) command -v go >/dev/null || filtered+=("$p") ;;
      *) filtered+=("$p") ;;
    esac
  done
  [ ${#filtered[@]} -eq 0 ] && return
  log "installing Debian packages: ${filtered[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${filtered[@]}" >/dev/null
}

fetch_npm() {  # package sha256 -> path of the cached tarball
  local pkg=$1 sha=$2 name file
  name=$(echo "$pkg" | sed 's/^@//; s/\//-/; s/@/-/')
  file="$cache/$name.tgz"
  if [ ! -f "$file" ]; then
    log "downloading $pkg from npm"
    (cd "$cache" && npm pack --silent "$pkg" >/dev/null)
  fi
  verify "$file" "$sha"
  echo "$file"
}

install_duckdb() {
  local dest="$cache/duckdb-$duckdb_version"
  if [ -f "$dest/.complete" ]; then return; fi
  rm -rf "$dest" && mkdir -p "$dest/lib" "$dest/include" "$dest/extensions"
  local lib hdr tmp
  lib=$(fetch_npm "$duckdb_lib_pkg" "$duckdb_lib_sha")
  hdr=$(fetch_npm "$duckdb_hdr_pkg" "$duckdb_hdr_sha")
  tmp=$(mktemp -d)
  tar xzf "$lib" -C "$tmp" package/libduckdb.so
  cp "$tmp/package/libduckdb.so" "$dest/lib/"
  tar xzf "$hdr" -C "$tmp" package/src/duckdb/src/include/duckdb.h
  cp "$tmp/package/src/duckdb/src/include/duckdb.h" "$dest/include/"
  # httpfs (S3 reads) comes as a signed extension binary in a PyPI wheel built for this exact DuckDB version.
  if [ ! -f "$cache/$httpfs_wheel" ]; then
    log "downloading $httpfs_wheel from PyPI"
    python3 -m pip download -q --no-deps "duckdb-extension-httpfs==$duckdb_version" -d "$cache"
  fi
  verify "$cache/$httpfs_wheel" "$httpfs_sha"
  python3 -m zipfile -e "$cache/$httpfs_wheel" "$tmp/wheel"
  cp "$tmp/wheel/duckdb_extension_httpfs/extensions/v$duckdb_version/httpfs.duckdb_extension" "$dest/extensions/"
  rm -rf "$tmp"
  touch "$dest/.complete"
  log "DuckDB $duckdb_version in $dest"
}

install_nise() {
  local venv="$root/.venv"
  if [ -x "$venv/bin/nise" ] && "$venv/bin/pip" show koku-nise 2>/dev/null | grep -q "^Version: $nise_version$"; then
    return
  fi
  log "creating $venv with koku-nise $nise_version"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --upgrade pip >/dev/null
  "$venv/bin/pip" install -q "koku-nise==$nise_version" pyarrow
}

install_minio() {
  local bin="$cache/minio-$minio_version/minio"
  if [ -x "$bin" ]; then return; fi
  log "building MinIO $minio_version with go install (first time only; a few minutes)"
  mkdir -p "$(dirname "$bin")"
  GOBIN=$(dirname "$bin") GOFLAGS=-mod=mod go install "$minio_module@$minio_version"
}

install_apt
install_duckdb
case $mode in
  --build) ;;
  --demo) install_nise ;;
  *) install_nise; install_minio ;;
esac
# Tell callers where things are (sourced by scripts/test.sh and scripts/demo.sh).
cat > "$cache/env.sh" <<ENV
export COSTAGG_DUCKDB_ROOT="$cache/duckdb-$duckdb_version"
export COSTAGG_MINIO_BIN="$cache/minio-$minio_version/minio"
export COSTAGG_VENV="$root/.venv"
ENV
