# What publishing a release and rolling one back share (sourced by publish-lib.sh, for the hooks,
# and by deploy/rollback.sh): the publishing lock and the atomic switch of a served symlink.
# Each function returns non-zero on any failure; the caller says what it means.
# shellcheck shell=bash

# lock_publishing SITE_ROOT: wait for the publishing lock and hold it on fd 9 until this shell
# exits; the kernel releases it when the holder dies, so a killed build never blocks the next push.
# Opened for reading: it works on a full or read-only disk too.
lock_publishing() {
  local lock="$1/.publish.lock"
  [[ -f "$lock" ]] || : >>"$lock" || return 1
  exec 9<"$lock" || return 1
  flock 9
}

# switch_link LINK TARGET: point the symlink LINK at TARGET with rename(2), so readers see the old
# or the new target, never a missing one.
switch_link() {
  local link=$1 target=$2 next
  next="$(dirname "$link")/.$(basename "$link").new"
  ln -sfn "$target" "$next" || return 1
  if ! mv -T "$next" "$link"; then
    rm -f "$next"
    return 1
  fi
}

# log_served SITE_ROOT EVENT RELEASE…: append "<time> EVENT RELEASE" lines to SITE_ROOT/served.log
# (events: served, rolled-back), all in one write.
log_served() {
  local site_root=$1 now lines=
  now=$(date -u +%Y-%m-%dT%H:%M:%SZ) || return 1
  shift
  while (( $# >= 2 )); do
    lines+="$now $1 $2"$'\n'
    shift 2
  done
  printf '%s' "$lines" >>"$site_root/served.log"
}
