#!/usr/bin/env bash
# Run a push's `macros check` or build in a bubblewrap sandbox, as the unprivileged build user.
#
#   sandbox.sh check WORK CACHE SITE_URL        python -m macros check in WORK/tree
#   sandbox.sh build WORK CACHE SITE_URL OUT    python -m mkdocs build --strict into OUT
#   sandbox.sh clean                            remove what killed builds left (*.partial)
#   sandbox.sh drop CACHE                       remove a deleted branch's cache
#
# WORK holds the pushed tree (WORK/tree), its history (WORK/git) and a git config trusting it
# (WORK/gitconfig); CACHE is the ref's own build cache (SITE_ROOT/cache/…); OUT must not exist
# yet. Every path must lie under SITE_ROOT. setup-publish.sh installs this
# script beside publish.env in CONFIG_DIR (owned by root), and the hooks run it as root, or through
# sudo from a push account that is not root: it reads its settings only from that publish.env.
#
# Inside: no network and no other namespace shared with the server (the new network, IPC, PID,
# UTS and cgroup namespaces of --unshare-all, without the user namespace: as root, bwrap sets the
# mounts up and setpriv then drops to the build user, no capabilities, no new privileges); the whole
# file system read-only; the server's secrets and other publishing state hidden under empty
# folders (SITE_ROOT with the other releases, previews and caches, the bare repository and its
# hooks, CONFIG_DIR with publish.env, the maintainers list and htpasswd, homes and SSH keys, /tmp,
# /run, /srv, logs); writable only OUT, CACHE and a private empty /tmp. A build that runs longer than
# BUILD_TIMEOUT seconds is killed.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
BUILD_TIMEOUT=900  # seconds; publish.env may set another, the caller's environment may not
# shellcheck source=/dev/null
source "$here/publish.env"

fail() { printf 'sandbox.sh: %s\n' "$*" >&2; exit 2; }

mode=${1:-}
[[ "$mode" == check && $# -eq 4 || "$mode" == build && $# -eq 5 || "$mode" == clean && $# -eq 1 ||
   "$mode" == drop && $# -eq 2 ]] ||
  fail "käyttö: $0 check WORK CACHE SITE_URL | build WORK CACHE SITE_URL OUT | clean | drop CACHE"
site_root=$(readlink -f "$SITE_ROOT")

# inside PATH: PATH resolved without symlinks, strictly below SITE_ROOT (never SITE_ROOT itself).
inside() {
  local path
  path=$(readlink -m "$1")
  [[ "$path" == "$site_root"/?* && "$path" == "$1" ]] || fail "$1 ei ole kansion $site_root sisällä"
  printf '%s\n' "$path"
}
if [[ "$mode" == clean ]]; then
  rm -rf "$site_root"/builds/*.partial "$site_root"/preview-releases/*/*.partial
  exit 0
fi
if [[ "$mode" == drop ]]; then
  cache=$(inside "$2")
  [[ "$cache" == "$site_root"/cache/previews/?* ]] || fail "$cache ei ole esikatselun välimuisti"
  rm -rf "$cache"
  exit 0
fi
work=$(inside "$2")
cache=$(inside "$3")
site_url=$4
[[ -d "$work/tree" && -d "$work/git" && -f "$work/gitconfig" ]] || fail "$work/tree tai $work/git puuttuu"
[[ "$cache" == "$site_root"/cache/?* ]] || fail "$cache ei ole kansion $site_root/cache sisällä"
build_uid=$(id -u "$BUILD_USER")
build_gid=$(id -g "$BUILD_USER")
mkdir -p "$cache"
chown -R -h "$build_uid:$build_gid" "$cache"

args=(--unshare-net --unshare-ipc --unshare-pid --unshare-uts --unshare-cgroup-try
      --die-with-parent --new-session --ro-bind / / --dev /dev --proc /proc)
masks=(/tmp /var/tmp /run /home /root /srv /mnt /media /etc/ssh /var/log /var/mail /var/spool
       /var/backups "$site_root" "$(readlink -f "$BARE")" "$(readlink -f "$CONFIG_DIR")")
declare -A made=()
hidden=()
for mask in "${masks[@]}"; do
  [[ -d "$mask" ]] || continue
  for outer in "${hidden[@]}"; do [[ "$mask" != "$outer"/* ]] || continue 2; done  # hidden already
  if [[ "$mask" == /tmp ]]; then args+=(--perms 1777); fi
  args+=(--tmpfs "$mask")
  hidden+=("$mask")
done

# reveal PATH [rw]: bind PATH (read-only unless rw) back into a hidden tree, each folder made on
# the way readable (bwrap would make them private to root).
reveal() {
  local path=$1 outer dir rest
  for outer in "${hidden[@]}"; do
    [[ "$path" == "$outer"/* ]] || continue
    dir=$outer
    rest=${path#"$outer"/}
    while [[ "$rest" == */* ]]; do
      dir+="/${rest%%/*}"
      rest=${rest#*/}
      if [[ -z "${made[$dir]:-}" ]]; then
        args+=(--perms 0755 --dir "$dir")
        made[$dir]=1
      fi
    done
    break
  done
  if [[ "${2:-}" == rw ]]; then args+=(--bind "$path" "$path"); else args+=(--ro-bind "$path" "$path"); fi
}
# The interpreter and its libraries, wherever they are (a virtualenv, pyenv under /root…).
while read -r folder; do reveal "$folder"; done < <(
  "$HANDBOOK_PYTHON" -c 'import os, sys
for p in {os.path.realpath(sys.prefix), os.path.realpath(sys.base_prefix)}: print(p)')
# Run it by its place in the (resolved) virtualenv, so that the virtualenv's packages are used.
python_run="$("$HANDBOOK_PYTHON" -c 'import os, sys; print(os.path.realpath(sys.prefix))')/bin/$(
  basename "$HANDBOOK_PYTHON")"
reveal "$work/tree"
reveal "$work/git"
reveal "$work/gitconfig"
reveal "$cache" rw
env=(--clearenv --setenv PATH /usr/local/bin:/usr/bin:/bin --setenv HOME /tmp
     --setenv LANG C.UTF-8 --setenv NO_MKDOCS_2_WARNING 1 --setenv PYTHONDONTWRITEBYTECODE 1
     --setenv GIT_CONFIG_NOSYSTEM 1 --setenv GIT_CONFIG_GLOBAL "$work/gitconfig"
     --setenv HANDBOOK_GIT_DIR "$work/git"
     --setenv HANDBOOK_CACHE_DIR "$cache" --setenv SITE_URL "$site_url"
     --setenv HANDBOOK_EDIT_URL "${EDIT_URL:-}")
command=("$python_run" -m macros check --root .)
if [[ "$mode" == build ]]; then
  out=$(inside "$5")
  [[ ! -e "$out" && -d "$(dirname "$out")" ]] || fail "$out on jo olemassa"
  mkdir "$out"
  chown "$build_uid:$build_gid" "$out"
  reveal "$out" rw
  command=("$python_run" -m mkdocs build --strict --quiet -f mkdocs.yml -d "$out")
fi

status=0
timeout --kill-after=10 "$BUILD_TIMEOUT" bwrap "${args[@]}" "${env[@]}" --chdir "$work/tree" -- \
  setpriv --reuid="$build_uid" --regid="$build_gid" --clear-groups --inh-caps=-all \
  --bounding-set=-all -- "${command[@]}" </dev/null || status=$?
if [[ "$mode" == build ]]; then
  # The release belongs to whoever runs the hooks: the build user cannot change it later.
  chown -R -h "${SUDO_UID:-0}:${SUDO_GID:-0}" "$out"
  # Only files and folders: a link made by the build would let nginx serve what it points to.
  odd=$(find "$out" ! -type f ! -type d -printf '  %P\n' | head -n 5)
  if [[ -n "$odd" && $status -eq 0 ]]; then
    printf 'Rakentaminen tuotti muita kuin tavallisia tiedostoja (linkkejä), joita ei julkaista:\n%s\n' \
      "$odd" >&2
    status=1
  fi
fi
if (( status == 124 || status == 137 )); then
  printf 'Rakentaminen keskeytettiin: se kesti yli %s sekuntia.\n' "$BUILD_TIMEOUT" >&2
fi
exit "$status"
