#!/usr/bin/env bash
# Times scripts/demo.sh on a fresh machine: a minimal Debian root made with debootstrap (same suite and mirror as
# this machine's apt sources), /proc, /sys and /dev mounted in it, a `git clone` of this repository's HEAD copied
# in, and the demo run as root inside it from nothing installed (no apt packages beyond debootstrap's, no npm or
# pip caches, no build). Prints every line of the demo with the seconds since the start, then the time to each
# phase, to the first result and to the end. docs/benchmarks/demo.md has the figures.
#   sudo bench/demo_fresh.sh [WORKDIR]      (default /tmp/costagg-demo-fresh; needs root and debootstrap)
# The Debian base is made once under WORKDIR/base and copied for every run (WORKDIR/root), so a second run does not
# pay debootstrap again; the copy is removed at the end unless COSTAGG_FRESH_KEEP=1. COSTAGG_FRESH_REF picks the
# commit to clone (default HEAD); COSTAGG_FRESH_OVERLAY="path ..." copies those files of the working tree over the
# clone (to time a change before committing it; the log says so). The machine's network set-up is carried in, not
# installed by the demo: apt's Debian sources and Acquire settings, /etc/hosts and /etc/resolv.conf, extra CA
# certificates (/usr/local/share/ca-certificates), /etc/pip.conf, the npm global config and the
# PIP_*/npm_config_*/proxy variables of this shell. A policy-rc.d keeps packages from starting services (the Debian
# PostgreSQL cluster) in the chroot, which shares this machine's network; the demo's own PostgreSQL listens on a free
# loopback port with its socket inside the chroot, and is stopped at the end.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/costagg-demo-fresh}
ref=${COSTAGG_FRESH_REF:-HEAD}
[ "$(id -u)" -eq 0 ] || { echo "demo_fresh: run as root (chroot, mount, debootstrap)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "demo_fresh: apt-get install debootstrap" >&2; exit 1; }
mkdir -p "$work"
base=$work/base
root=$work/root

# --- the Debian base (once) ---------------------------------------------------------------------------------------
debian_source() {  # prints "mirror suite" of the first Debian source of this machine
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk '/^URIs:/ {u=$2} /^Suites:/ {s=$2} u && s {print u, s; exit}' "$f" && return
  done
  awk '$1 == "deb" && $2 !~ /^\[/ {print $2, $3; exit}' /etc/apt/sources.list
}

if [ ! -f "$base/.complete" ]; then
  if [ ! -f "$base/.debootstrapped" ]; then
    read -r mirror suite < <(debian_source)
    echo "demo_fresh: debootstrap $suite from $mirror into $base" >&2
    rm -rf "$base"
    debootstrap --include=ca-certificates "$suite" "$base" "$mirror" > "$work/debootstrap.log" 2>&1 ||
      { tail -20 "$work/debootstrap.log" >&2; exit 1; }
    touch "$base/.debootstrapped"
  fi
  # Apt reaches the same mirror the same way as this machine.
  rm -f "$base/etc/apt/sources.list"
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] && grep -q debian "$f" && cp "$f" "$base$f"
  done
  for f in /etc/apt/apt.conf.d/*; do
    grep -qiE 'Check-Valid-Until|Check-Date|Proxy' "$f" 2>/dev/null && cp "$f" "$base$f"
  done
  cp /etc/hosts /etc/resolv.conf "$base/etc/"
  if compgen -G "/usr/local/share/ca-certificates/*" >/dev/null; then
    cp -r /usr/local/share/ca-certificates/. "$base/usr/local/share/ca-certificates/"
    chroot "$base" update-ca-certificates >/dev/null 2>&1
  fi
  [ -f /etc/pip.conf ] && cp /etc/pip.conf "$base/etc/pip.conf"
  for f in /etc/npmrc /usr/etc/npmrc; do [ -f "$f" ] && cp "$f" "$base/etc/npmrc" && break; done
  printf '#!/bin/sh\nexit 101\n' > "$base/usr/sbin/policy-rc.d" && chmod 755 "$base/usr/sbin/policy-rc.d"
  touch "$base/.complete"
fi

# --- a fresh copy, mounted ----------------------------------------------------------------------------------------
mounted=()
cleanup() {
  if [ -x "$root/root/costagg/tests/support/test_servers.sh" ] && [ -d "$root/root/costagg/demo-run/servers" ]; then
    chroot "$root" /root/costagg/tests/support/test_servers.sh stop /root/costagg/demo-run/servers || true
  fi
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" || true; done
  if [ "${COSTAGG_FRESH_KEEP:-}" != 1 ] && ! grep -q " $root/" /proc/mounts; then rm -rf "$root"; fi
}
trap cleanup EXIT
if grep -q " $root/" /proc/mounts; then echo "demo_fresh: $root still has mounts" >&2; exit 1; fi
rm -rf "$root"
cp -a "$base" "$root"
for m in proc sys dev dev/pts; do
  case $m in
    proc) mount -t proc proc "$root/proc" ;;
    sys) mount -t sysfs sys "$root/sys" ;;
    *) mount --bind "/$m" "$root/$m" ;;
  esac
  mounted+=("$root/$m")
done
git clone -q --no-local "$repo" "$root/root/costagg"
git -C "$root/root/costagg" checkout -q "$(git -C "$repo" rev-parse "$ref")"
commit=$(git -C "$root/root/costagg" rev-parse --short HEAD)
for f in ${COSTAGG_FRESH_OVERLAY:-}; do
  cp "$repo/$f" "$root/root/costagg/$f"
  commit="$commit + working-tree $f"
done

# --- the run ------------------------------------------------------------------------------------------------------
envs=(HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 TERM=dumb)
while IFS='=' read -r k v; do
  case $k in
    PIP_FIND_LINKS) ;;  # a local wheel directory of this machine
    PIP_* | npm_config_* | NODE_EXTRA_CA_CERTS | http_proxy | https_proxy | no_proxy | HTTP_PROXY | HTTPS_PROXY | NO_PROXY)
      envs+=("$k=$v") ;;
  esac
done < <(env)
log=$work/demo-$(date -u +%Y%m%dT%H%M%SZ).log
{
  echo "# commit $commit, $(date -u '+%Y-%m-%d %H:%M:%S UTC'), $(nproc) cores"
  echo "# before: $(uptime)"
} | tee "$log"
cpu_seconds() {  # user + sys of this shell's finished children, in seconds (`times` in this shell, not a pipe)
  times > "$work/times"
  tail -1 "$work/times" | tr 'ms' '  ' | awk '{print $1 * 60 + $2 + $3 * 60 + $4}'
}
cpu_seconds > "$work/cpu0"
cpu0=$(cat "$work/cpu0")
t0=$(date +%s.%N)
set +e
chroot "$root" /usr/bin/env -i "${envs[@]}" /bin/bash -c 'cd /root/costagg && scripts/demo.sh' 2>&1 |
  T0=$t0 perl -MTime::HiRes=time -ne 'BEGIN { $| = 1 } printf "%7.1f %s", time - $ENV{T0}, $_' | tee -a "$log"
status=${PIPESTATUS[0]}
set -e
echo "# after: $(uptime)" | tee -a "$log"
cpu_seconds > "$work/cpu1"
cpu=$(awk -v a="$cpu0" '{print $1 - a}' "$work/cpu1")
echo "# CPU (user + sys) of the demo and everything it waited for: $cpu s" | tee -a "$log"
echo "# exit status $status"

# --- the phases ---------------------------------------------------------------------------------------------------
# First result: the first line of results costagg prints (after the "== costagg ingest ocp" header, not counting its
# "costagg: info:" progress lines); first table: the first line of the summaries' output in PostgreSQL.
awk '
  $2 == "setup:" || $2 == "==" { printf "%7.1f  %s\n", $1, substr($0, index($0, $2)) }
  $2 == "==" && $3 == "costagg" && $4 == "ingest" && $5 == "ocp" { want = 1; next }
  want && $2 != "==" && $2 != "costagg:" && !first { first = $1 }
  /== what was written/ { table = 1; next }
  table && !tab && $2 != "==" && /[|]/ { tab = $1 }
  $1 ~ /^[0-9.]+$/ { last = $1 }
  END {
    printf "first result (what costagg ingest ocp wrote): %s s\n", first
    printf "first table printed: %s s\n", tab
    printf "end: %s s\n", last
  }' "$log" | tee "$log.phases"
exit "$status"
