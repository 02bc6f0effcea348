#!/usr/bin/env bash
# Run a push's `macros check` or build in a bubblewrap sandbox, as the unprivileged build user,
# within limits.
#
#   sandbox.sh check WORK CACHE SITE_URL        python -m macros check in WORK/tree
#   sandbox.sh build WORK CACHE SITE_URL OUT    python -m mkdocs build --strict into OUT
#   sandbox.sh space                            is there room on SITE_ROOT's disk for a build?
#   sandbox.sh clean                            kill and remove what killed builds left
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
# /run, /srv, logs); writable only OUT, CACHE and a private /tmp of BUILD_TMP_MB.
#
# Limits (publish.env may set others; the caller's environment may not), each stopping the run
# with a Finnish message that names it (exit 3): BUILD_MEMORY_MB of address space per process,
# BUILD_CPU_SECONDS of processor time per process, BUILD_TIMEOUT seconds in all, BUILD_PROCESSES
# processes and threads of the build user, BUILD_FILE_MB per written file, and BUILD_OUTPUT_MB /
# BUILD_OUTPUT_FILES added to OUT and CACHE together (watched twice a second). Exit 1: the command
# found problems (printed); 2: the sandbox could not run (a server problem).
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
# The defaults; publish.env may set others, the caller's environment may not.
BUILD_TIMEOUT=300 BUILD_CPU_SECONDS=40 BUILD_MEMORY_MB=900 BUILD_PROCESSES=64 BUILD_FILE_MB=50
BUILD_OUTPUT_MB=500 BUILD_OUTPUT_FILES=20000 BUILD_TMP_MB=64
# shellcheck source=/dev/null
source "$here/publish.env"

fail() { printf 'sandbox.sh: %s\n' "$*" >&2; exit 2; }

mode=${1:-}
[[ "$mode" == check && $# -eq 4 || "$mode" == build && $# -eq 5 || "$mode" =~ ^(clean|space)$ && $# -eq 1 ||
   "$mode" == drop && $# -eq 2 ]] ||
  fail "käyttö: $0 check WORK CACHE SITE_URL | build WORK CACHE SITE_URL OUT | space | clean | drop CACHE"
for limit in BUILD_TIMEOUT BUILD_CPU_SECONDS BUILD_MEMORY_MB BUILD_PROCESSES BUILD_FILE_MB \
             BUILD_OUTPUT_MB BUILD_OUTPUT_FILES BUILD_TMP_MB; do
  [[ "${!limit}" =~ ^[1-9][0-9]{0,6}$ ]] || fail "publish.env: $limit=${!limit} ei ole positiivinen kokonaisluku"
done
for setting in SITE_ROOT BARE CONFIG_DIR BUILD_USER HANDBOOK_PYTHON; do
  [[ -n "${!setting:-}" ]] || fail "publish.env: $setting puuttuu (aja deploy/setup-publish.sh uudelleen)"
done
# shellcheck disable=SC2153  # SITE_ROOT, BARE…: publish.env's
site_root=$(readlink -f "$SITE_ROOT") || fail "SITE_ROOT ($SITE_ROOT) ei ole kansio"
[[ "$site_root" == /?* && -d "$site_root" ]] || fail "SITE_ROOT ($SITE_ROOT) ei ole kansio"

# inside PATH: PATH resolved without symlinks, strictly below SITE_ROOT (never SITE_ROOT itself).
inside() {
  local path
  path=$(readlink -m "$1")
  [[ "$path" == "$site_root"/?* && "$path" == "$1" ]] || fail "$1 ei ole kansion $site_root sisällä"
  printf '%s\n' "$path"
}
if [[ "$mode" == clean ]]; then
  # A push killed half way takes its sandbox with it (--foreground, --die-with-parent), but
  # should one outlive it, it is killed here: the caller holds the publishing lock, so no
  # sandbox of this SITE_ROOT (a bwrap naming one of its work folders) is anyone's any more.
  # Its init is PID 1 of the sandbox's namespace: with it, everything inside goes.
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    left=0
    for cmdline in /proc/[0-9]*/cmdline; do
      args=$(tr '\0' ' ' 2>/dev/null <"$cmdline") || continue
      if [[ "$args" == "bwrap "* && "$args" == *" $site_root/.work."* ]]; then
        pid=${cmdline#/proc/}
        kill -KILL "${pid%/cmdline}" 2>/dev/null || true
        left=1
      fi
    done
    (( left )) || break
    sleep 0.5
  done
  rm -rf "$site_root"/builds/*.partial "$site_root"/preview-releases/*/*.partial
  exit 0
fi
if [[ "$mode" == space ]]; then  # room for the largest build the limits allow, and some
  read -r free_kb free_inodes < <(df -k --output=avail,iavail "$site_root" | tail -n 1) ||
    fail "levytilaa ei voitu lukea ($site_root)"
  need_mb=$((BUILD_OUTPUT_MB + 100)) need_inodes=$((BUILD_OUTPUT_FILES + 1000))
  [[ "$free_inodes" =~ ^[0-9]+$ ]] || free_inodes=$need_inodes  # file systems without inodes
  if (( free_kb / 1024 < need_mb || free_inodes < need_inodes )); then
    printf 'Palvelimen levyllä on liian vähän tilaa rakentamiseen: vapaana %s Mt ja %s tiedostopaikkaa, tarvitaan vähintään %s Mt ja %s.\n' \
      "$((free_kb / 1024))" "$free_inodes" "$need_mb" "$need_inodes" >&2
    exit 3
  fi
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
{ build_uid=$(id -u "$BUILD_USER") && build_gid=$(id -g "$BUILD_USER"); } || fail "käyttäjää $BUILD_USER ei ole"
{ mkdir -p "$cache" && chown -R -h "$build_uid:$build_gid" "$cache"; } || fail "välimuistia $cache ei voitu tehdä"

args=(--unshare-net --unshare-ipc --unshare-pid --unshare-uts --unshare-cgroup-try
      --die-with-parent --new-session --ro-bind / / --dev /dev --proc /proc)
masks=(/tmp /var/tmp /run /home /root /srv /mnt /media /etc/ssh /var/log /var/mail /var/spool
       /var/backups "$site_root" "$(readlink -f "$BARE")" "$(readlink -f "$CONFIG_DIR")")
declare -A made=()
hidden=()
for mask in "${masks[@]}"; do
  [[ -d "$mask" ]] || continue
  for outer in "${hidden[@]}"; do [[ "$mask" != "$outer"/* ]] || continue 2; done  # hidden already
  if [[ "$mask" == /tmp ]]; then args+=(--perms 1777 --size $((BUILD_TMP_MB * 1024 * 1024))); fi
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
watched=("$cache")
what=Tarkistus
if [[ "$mode" == build ]]; then
  out=$(inside "$5")
  [[ ! -e "$out" && -d "$(dirname "$out")" ]] || fail "$out on jo olemassa"
  { mkdir "$out" && chown "$build_uid:$build_gid" "$out"; } || fail "kansiota $out ei voitu tehdä"
  reveal "$out" rw
  command=("$python_run" -m mkdocs build --strict --quiet -f mkdocs.yml -d "$out")
  watched+=("$out")
  what=Rakentaminen
fi
log="$work/$mode.log"  # the command's messages: root's file, written through the inherited fd
: >"$log" || fail "lokia $log ei voitu tehdä"

# The limits apply from prlimit on, inside the sandbox, to the build user's processes
# (RLIMIT_NPROC counts the build user's processes and threads; root, outside, is not limited).
mb=$((1024 * 1024))
limits=(prlimit "--as=$((BUILD_MEMORY_MB * mb))" "--cpu=$BUILD_CPU_SECONDS:$((BUILD_CPU_SECONDS + 5))"
        "--nproc=$BUILD_PROCESSES" "--fsize=$((BUILD_FILE_MB * mb))" --core=0 --)
read -r base_size _ < <(du -s -B1M -c "${watched[@]}" | tail -n 1) || fail "välimuistia ei voitu lukea"
read -r base_files _ < <(du -s --inodes -c "${watched[@]}" | tail -n 1) || fail "välimuistia ei voitu lukea"
timeout --foreground --kill-after=10 "$BUILD_TIMEOUT" bwrap "${args[@]}" "${env[@]}" --chdir "$work/tree" -- \
  "${limits[@]}" setpriv --reuid="$build_uid" --regid="$build_gid" --clear-groups --inh-caps=-all \
  --bounding-set=-all -- "${command[@]}" </dev/null >/dev/null 2>"$log" &
running=$!
overflow=
# The output watched while it is written (what this run adds: a cache keeps what earlier builds
# wrote): killing timeout kills the sandbox (--die-with-parent). --foreground keeps timeout in
# the hook's process group, so a push killed half way kills its build too: the build no longer
# holds the publishing lock, and the next push must not find it still writing.
while kill -0 "$running" 2>/dev/null; do
  sleep 0.5
  read -r size _ < <(du -s -B1M -c "${watched[@]}" 2>/dev/null | tail -n 1) || size=0
  read -r files _ < <(du -s --inodes -c "${watched[@]}" 2>/dev/null | tail -n 1) || files=0
  if (( size - base_size > BUILD_OUTPUT_MB || files - base_files > BUILD_OUTPUT_FILES )); then
    overflow=1
    kill -KILL "$running" 2>/dev/null || true
  fi
done
status=0
wait "$running" || status=$?

# disk_full: whether SITE_ROOT's disk has (almost) no room or no inodes left.
disk_full() {
  local free_kb free_inodes
  read -r free_kb free_inodes < <(df -k --output=avail,iavail "$site_root" | tail -n 1) || return 0
  (( free_kb < 10240 )) || { [[ "$free_inodes" =~ ^[0-9]+$ ]] && (( free_inodes < 100 )); }
}

# Which limit stopped it, if any (the kernel's signal, or what the failing call said).
limit='' full=''
if [[ -n "$overflow" ]]; then
  limit="tulosteen enimmäiskoko ylittyi (enintään $BUILD_OUTPUT_MB Mt ja $BUILD_OUTPUT_FILES tiedostoa)"
elif (( status == 124 || status == 137 )); then
  limit="aikaraja ylittyi (enintään $BUILD_TIMEOUT sekuntia)"
elif (( status == 152 )); then
  limit="suoritinaika ylittyi (enintään $BUILD_CPU_SECONDS sekuntia)"
elif (( status != 0 )) && disk_full; then
  full=1  # the log may be empty: nothing could be written
elif (( status != 0 )); then
  signs=$(head -c 2000000 "$log" | grep -o -m 1 -E 'MemoryError|memory allocation of|Cannot allocate memory|bad_alloc|Resource temporarily unavailable|can.t start new thread|BlockingIOError|File too large|No space left on device' | head -n 1 || true)
  case "$signs" in
    MemoryError | "memory allocation of" | "Cannot allocate memory" | bad_alloc)
      limit="muistiraja ylittyi (enintään $BUILD_MEMORY_MB Mt)" ;;
    "Resource temporarily unavailable" | can?t\ start\ new\ thread | BlockingIOError)
      limit="prosessien enimmäismäärä ylittyi (enintään $BUILD_PROCESSES)" ;;
    "File too large")
      limit="tiedoston enimmäiskoko ylittyi (enintään $BUILD_FILE_MB Mt)" ;;
    "No space left on device")  # the server's disk is not full (above): the private /tmp
      limit="väliaikaistiedostojen tila loppui (enintään $BUILD_TMP_MB Mt)" ;;
    *) (( status != 134 )) || limit="muistiraja ylittyi (enintään $BUILD_MEMORY_MB Mt)" ;;
  esac
fi

# What the command said, bounded, never a traceback: the lines before one, if one came.
shown=$(head -c 200000 "$log" | sed -n '/^Traceback (most recent call last)/q; p' || true)
if [[ "$mode" == build ]]; then
  shown=$(grep -v '^\s*$' <<<"$shown" || true)
fi
[[ -z "$shown" ]] || printf '%s\n' "$shown" >&2
if [[ -n "$full" ]]; then
  printf '%s keskeytettiin: palvelimen levy täyttyi.\n' "$what" >&2
  status=2
elif [[ -n "$limit" ]]; then
  printf '%s keskeytettiin: %s. Jokin sivu tai tietotiedosto teettää liikaa työtä (esimerkiksi makro tai silmukka, joka toistaa tekstiä hyvin monta kertaa); poista se tai pienennä toistoja ja lähetä uudelleen.\n' \
    "$what" "$limit" >&2
  status=3
elif (( status > 128 )); then  # killed by a signal of its own making (a crash)
  printf '%s keskeytettiin: ohjelma kaatui (signaali %s). Syy on todennäköisesti poikkeuksellisen syvä tai suuri rakenne jossakin sivussa tai tietotiedostossa: peru viimeisin muutos tai pienennä sitä ja lähetä uudelleen.\n' \
    "$what" "$((status - 128))" >&2
  status=1
elif (( status != 0 )) && grep -q '^Traceback (most recent call last)' "$log"; then
  error=$(grep -o -E '^[A-Za-z_.]+(Error|Exception)' "$log" | tail -n 1 || true)
  if [[ "$error" == RecursionError ]]; then
    printf '%s keskeytettiin: sivulla tai tietotiedostossa on liian monta sisäkkäistä osaa (lainauksia, luetteloita tai HTML-osia toistensa sisällä); yllä lukee, missä, jos se tiedetään. Vähennä sisäkkäisyyttä ja lähetä uudelleen.\n' "$what" >&2
  else
    printf '%s epäonnistui odottamattomaan virheeseen (%s). Kerro tästä ylläpitäjälle.\n' "$what" \
      "${error:-tuntematon}" >&2
  fi
fi
if [[ "$mode" == build ]]; then
  # The release belongs to whoever runs the hooks: the build user cannot change it later.
  chown -R -h "${SUDO_UID:-0}:${SUDO_GID:-0}" "$out" || fail "kansion $out omistajaa ei voitu vaihtaa"
  # Only files and folders: a link made by the build would let nginx serve what it points to.
  odd=$(find "$out" ! -type f ! -type d -printf '  %P\n' | head -n 5)
  if [[ -n "$odd" && $status -eq 0 ]]; then
    printf 'Rakentaminen tuotti muita kuin tavallisia tiedostoja (linkkejä), joita ei julkaista:\n%s\n' \
      "$odd" >&2
    status=1
  fi
fi
exit "$status"
