#!/usr/bin/env bash
# Builds or upgrades the private FreeCAD 1.1 runtime for Linux: a Debian forky root filesystem with
# the packages of build/runtime-packages.txt, run later through bubblewrap (also the sandbox).
#
# Layout: $ROOT is a symlink (the pointer) to one versioned folder in $ROOT.d/. A build or an upgrade
# fills a new folder and then swaps the pointer with one rename, so a Tezgah process using the
# runtime never sees it change under it; an old folder is deleted only when no process has its root
# or working directory inside it.
#   present, complete    → exits at once
#   present, a package missing → copies it (cp -a), apt-get installs what is missing, swaps
#   absent               → debootstrap into a new folder, swaps
# Needs root (debootstrap, chroot). Target: $TEZGAH_FREECAD_ROOT, else /opt/tezgah/freecad-runtime
# for root (readable by every user of the machine), else ~/.cache/tezgah/freecad-runtime.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
if [ -n "${TEZGAH_FREECAD_ROOT:-}" ]; then ROOT="$TEZGAH_FREECAD_ROOT"
elif [ "$(id -u)" = "0" ]; then ROOT="${TEZGAH_MACHINE_RUNTIME:-/opt/tezgah/freecad-runtime}"
else ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/tezgah/freecad-runtime"; fi
STORE="$ROOT.d"
MIRROR="${TEZGAH_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
mapfile -t PKGS < <(grep -vE '^\s*(#|$)' "$HERE/runtime-packages.txt")
APT="-o Acquire::Check-Valid-Until=false -o Dpkg::Use-Pty=0"

# Does $1/usr/bin/freecadcmd exist, resolving its links inside the rootfs (never on the host)?
has_freecadcmd() {
  local dir="$1" p="/usr/bin/freecadcmd" i t
  for i in 1 2 3 4 5 6 7 8; do
    if [ -L "$dir$p" ]; then
      t="$(readlink "$dir$p")"
      case "$t" in /*) p="$t" ;; *) p="$(dirname "$p")/$t" ;; esac
    else
      [ -f "$dir$p" ] && [ -x "$dir$p" ]; return
    fi
  done
  return 1
}
# Packages of PKGS that dpkg inside $1 does not list as installed.
missing_pkgs() {
  local dir="$1" p
  for p in "${PKGS[@]}"; do
    awk -v p="$p" 'BEGIN{RS="";FS="\n"} { pk=""; st=""; for(i=1;i<=NF;i++){ if($i=="Package: " p) pk=1; if($i ~ /^Status: install ok installed/) st=1 } if(pk && st) f=1 } END{exit f?0:1}' \
      "$dir/var/lib/dpkg/status" 2>/dev/null || echo "$p"
  done
}
usable() { [ -f "$1/.tezgah-runtime.json" ] && has_freecadcmd "$1"; }

current=""
if [ -L "$ROOT" ] || [ -d "$ROOT" ]; then current="$(readlink -f "$ROOT")"; fi
if [ -n "$current" ] && usable "$current"; then
  missing=($(missing_pkgs "$current"))
  if [ ${#missing[@]} -eq 0 ]; then
    echo "freecad runtime: present at $ROOT ($(cat "$current/.tezgah-runtime.json"))"
    exit 0
  fi
else
  current=""
fi

if [ "$(id -u)" != "0" ]; then
  echo "freecad runtime: building or upgrading it needs root (debootstrap + chroot). Run 'sudo npm run setup' (it builds /opt/tezgah/freecad-runtime for every user), or point TEZGAH_FREECAD_ROOT at a runtime." >&2
  exit 3
fi

need=()
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v bwrap >/dev/null || need+=(bubblewrap)
if [ ${#need[@]} -gt 0 ]; then
  echo "freecad runtime: installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

mkdir -p "$STORE"
ID="$(date -u +%Y%m%dT%H%M%SZ)-$$"
WORK="$STORE/$ID.partial"
LOG="$STORE/$ID.log"
cleanup() { umount "$WORK/proc" 2>/dev/null || true; }
trap cleanup EXIT
# leftovers of builds that were interrupted
for d in "$STORE"/*.partial; do [ -e "$d" ] || continue; umount "$d/proc" 2>/dev/null || true; rm -rf "$d"; done

if [ -n "$current" ]; then
  echo "freecad runtime: upgrading $current (adding ${missing[*]})"
  cp -a "$current" "$WORK"
  rm -f "$WORK/.tezgah-runtime.json"
  mount -t proc proc "$WORK/proc"
  chroot "$WORK" apt-get $APT update -qq >"$LOG" 2>&1
else
  echo "freecad runtime: debootstrap forky into $WORK (takes a few minutes, once per machine)"
  debootstrap --variant=minbase forky "$WORK" "$MIRROR" /usr/share/debootstrap/scripts/sid >"$LOG" 2>&1 \
    || { tail -20 "$LOG" >&2; exit 4; }
  mount -t proc proc "$WORK/proc"
  chroot "$WORK" apt-get $APT update -qq >>"$LOG" 2>&1
fi
echo "freecad runtime: installing ${PKGS[*]}"
DEBIAN_FRONTEND=noninteractive chroot "$WORK" apt-get $APT install -y -qq --no-install-recommends "${PKGS[@]}" >>"$LOG" 2>&1 \
  || { tail -20 "$LOG" >&2; exit 4; }
chroot "$WORK" python3 -m compileall -q -j0 /usr/share/freecad/Mod >>"$LOG" 2>&1 || true
chroot "$WORK" apt-get clean
VERSION=$(chroot "$WORK" dpkg-query -W -f='${Version}' freecad-python3)
umount "$WORK/proc"
mkdir -p "$WORK/tmp/job" "$WORK/tmp/home"
case "$VERSION" in
  1.1*) ;;
  *) echo "freecad runtime: got freecad-python3 $VERSION, need 1.1.x" >&2; exit 5 ;;
esac
left=($(missing_pkgs "$WORK"))
[ ${#left[@]} -eq 0 ] || { echo "freecad runtime: packages still missing: ${left[*]}" >&2; exit 4; }
PKGJSON=$(printf '"%s",' "${PKGS[@]}")
printf '{"package":"freecad-python3","version":"%s","packages":[%s],"built":"%s"}\n' \
  "$VERSION" "${PKGJSON%,}" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$WORK/.tezgah-runtime.json"
chmod 755 "$STORE" "$WORK"
mv "$WORK" "$STORE/$ID"
rm -f "$LOG"

# Swap the pointer in one rename. A runtime of the old layout (a plain folder at $ROOT) moves into
# the store first, so the pointer can take its name.
if [ -d "$ROOT" ] && [ ! -L "$ROOT" ]; then mv "$ROOT" "$STORE/legacy-$ID"; fi
# (the link is relative: $ROOT.d/ID seen from $ROOT's folder)
ln -sfn "$(basename "$STORE")/$ID" "$ROOT.tmp-$ID" && mv -T "$ROOT.tmp-$ID" "$ROOT"

# Old runtimes nobody uses any more (no process root or cwd inside them) are removed.
for d in "$STORE"/*; do
  [ -d "$d" ] && [ ! -L "$d" ] || continue
  case "$d" in "$STORE/$ID"|*.partial) continue ;; esac
  busy=0
  for p in /proc/[0-9]*; do
    r="$(readlink "$p/root" 2>/dev/null || true)"; c="$(readlink "$p/cwd" 2>/dev/null || true)"
    case "$r/" in "$d"/*) busy=1; break ;; esac
    case "$c/" in "$d"/*) busy=1; break ;; esac
  done
  [ $busy -eq 0 ] && rm -rf "$d" || echo "freecad runtime: keeping $d (in use)"
done
echo "freecad runtime: ready at $ROOT → $STORE/$ID (freecad-python3 $VERSION)"
