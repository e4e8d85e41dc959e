#!/usr/bin/env bash
# Builds the private FreeCAD 1.1 runtime for Linux: a Debian forky root filesystem holding
# freecad-python3 1.1.x, run later through bubblewrap (which is also the sandbox).
# Idempotent: a finished runtime is recognised by its marker file and left alone.
# Needs root (debootstrap, chroot). Target: $TEZGAH_FREECAD_ROOT or ~/.cache/tezgah/freecad-runtime.
set -euo pipefail

ROOT="${TEZGAH_FREECAD_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/tezgah/freecad-runtime}"
MARKER="$ROOT/.tezgah-runtime.json"
MIRROR="${TEZGAH_DEBIAN_MIRROR:-http://deb.debian.org/debian}"

if [ -f "$MARKER" ] && [ -x "$ROOT/usr/bin/freecadcmd" ]; then
  echo "freecad runtime: present at $ROOT ($(cat "$MARKER"))"
  exit 0
fi

if [ "$(id -u)" != "0" ]; then
  echo "freecad runtime: building it needs root (debootstrap + chroot). Run 'sudo npm run setup', or point TEZGAH_FREECAD at a FreeCAD 1.1 freecadcmd." >&2
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

# Build in a sibling folder and rename at the end, so an interrupted build never looks finished.
WORK="$ROOT.partial"
cleanup() { umount "$WORK/proc" 2>/dev/null || true; }
trap cleanup EXIT
if [ -d "$WORK" ]; then umount "$WORK/proc" 2>/dev/null || true; rm -rf "$WORK"; fi
mkdir -p "$(dirname "$ROOT")"

echo "freecad runtime: debootstrap forky into $WORK (takes a few minutes)"
debootstrap --variant=minbase forky "$WORK" "$MIRROR" /usr/share/debootstrap/scripts/sid >"$WORK.log" 2>&1 \
  || { tail -20 "$WORK.log" >&2; exit 4; }
mount -t proc proc "$WORK/proc"
APT="-o Acquire::Check-Valid-Until=false -o Dpkg::Use-Pty=0"
echo "freecad runtime: installing freecad-python3"
chroot "$WORK" apt-get $APT update -qq >>"$WORK.log" 2>&1
DEBIAN_FRONTEND=noninteractive chroot "$WORK" apt-get $APT install -y -qq --no-install-recommends freecad-python3 >>"$WORK.log" 2>&1 \
  || { tail -20 "$WORK.log" >&2; exit 4; }
chroot "$WORK" python3 -m compileall -q -j0 /usr/share/freecad/Mod >>"$WORK.log" 2>&1 || true
chroot "$WORK" apt-get clean
VERSION=$(chroot "$WORK" dpkg-query -W -f='${Version}' freecad-python3)
umount "$WORK/proc"
mkdir -p "$WORK/tmp/job" "$WORK/tmp/home"
case "$VERSION" in
  1.1*) ;;
  *) echo "freecad runtime: got freecad-python3 $VERSION, need 1.1.x" >&2; exit 5 ;;
esac
printf '{"package":"freecad-python3","version":"%s","built":"%s"}\n' "$VERSION" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$WORK/.tezgah-runtime.json"
rm -rf "$ROOT"
mv "$WORK" "$ROOT"
rm -f "$WORK.log"
echo "freecad runtime: ready at $ROOT (freecad-python3 $VERSION)"
