#!/usr/bin/env bash
# Scheduled refresh of the registry snapshots (data/ptv.json, data/finlex.json), delivered as
# a branch for an editor to review, never straight to main.
#
#   deploy/sync-registries.sh WORKDIR [REMOTE]                  sync and push, as one account
#   deploy/sync-registries.sh --fetch-only WORKDIR OUT [REMOTE]   only the syncs (the build user)
#   deploy/sync-registries.sh --push-from IN WORKDIR [REMOTE]     only commit and push (git)
#
# WORKDIR is a clone of the handbook that this job owns (its local changes are discarded; in
# --fetch-only mode it is cloned from REMOTE when missing); REMOTE (default origin) is where the
# handbook lives: the bare repository of deploy/setup-publish.sh, or the GitHub or GitLab project.
# The job starts from REMOTE's main, runs `python -m macros sync ptv` and `sync finlex` (a sync
# that fails keeps its old snapshot and says why; one that finds nothing new writes nothing), and
# if a snapshot changed, commits it on paivitys/rekisterit-YYYY-MM-DD and pushes that branch,
# unless the branch holds exactly that already. When nothing changed it says so and pushes
# nothing. On the bare repository the push is checked and built like any editor's and published
# as a preview; on GitLab, SYNC_PUSH_OPTIONS can open a merge request; on GitHub the workflow
# opens a pull request.
#
# On the bare-repository server the two halves run as different accounts (deploy/systemd/):
# --fetch-only as the unprivileged build user, which alone talks to the registries' servers and
# reads their answers, writing the two snapshots and a status file into OUT; --push-from as the
# push account, which copies only those two files (plain files, at most 64 MB) from IN into its
# own clone, commits and pushes: it runs nothing the build user wrote.
#
# Environment: HANDBOOK_PYTHON (default WORKDIR/.venv/bin/python), SYNC_PUSH_OPTIONS (extra
# `git push` arguments, e.g. "-o merge_request.create"), GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL; the
# registry addresses are mkdocs.yml's (HANDBOOK_PTV_API, HANDBOOK_FINLEX_API may override them).
# Exit status: 0 when both syncs succeeded (changed or not), 1 when one failed (the other's
# change is still pushed), 2 on wrong use, 3 when the push was rejected.
set -euo pipefail

usage() {
  echo "Käyttö: $0 TYÖKANSIO [ETÄVARASTO] | --fetch-only TYÖKANSIO TULOS [ETÄVARASTO] |" \
       "--push-from TULOS TYÖKANSIO [ETÄVARASTO]" >&2
  exit 2
}
mode=all
case "${1:-}" in
  --fetch-only) mode=fetch; [[ $# -ge 3 ]] || usage; work_arg=$2; results=$3; remote=${4:-origin} ;;
  --push-from) mode=push; [[ $# -ge 3 ]] || usage; results=$2; work_arg=$3; remote=${4:-origin} ;;
  ""|-*) usage ;;
  *) work_arg=$1; remote=${2:-origin} ;;
esac
snapshots=(data/ptv.json data/finlex.json)
max_snapshot=$((64 * 1024 * 1024))
today=$(date +%F)
branch="paivitys/rekisterit-$today"
export NO_MKDOCS_2_WARNING=1
export GIT_AUTHOR_NAME=${GIT_AUTHOR_NAME:-Rekisteripäivitys}
export GIT_AUTHOR_EMAIL=${GIT_AUTHOR_EMAIL:-rekisteripaivitys@kasikirja.invalid}
export GIT_COMMITTER_NAME=${GIT_COMMITTER_NAME:-$GIT_AUTHOR_NAME}
export GIT_COMMITTER_EMAIL=${GIT_COMMITTER_EMAIL:-$GIT_AUTHOR_EMAIL}

# main_of: check out REMOTE's main, fresh, in the current clone.
main_of() {
  git fetch --quiet "$remote" main
  git checkout --quiet --force -B "$branch" FETCH_HEAD
}

# run_syncs: both syncs in the current clone; prints what each did; returns 1 if one failed.
run_syncs() {
  local python=${HANDBOOK_PYTHON:-$PWD/.venv/bin/python} status=0 registry
  for registry in ptv finlex; do
    echo "== python -m macros sync $registry"
    if ! "$python" -m macros sync "$registry" --root . </dev/null; then
      echo "Rekisteri $registry: päivitys epäonnistui, vanha tilannekuva jäi voimaan." >&2
      status=1
    fi
  done
  return "$status"
}

# commit_and_push STATUS: the snapshots on today's branch, pushed if they differ from main and
# from what the branch already holds.
commit_and_push() {
  local status=$1
  if [[ -z "$(git status --porcelain -- "${snapshots[@]}")" ]]; then
    echo "Rekistereissä ei ollut muutoksia; mitään ei lähetetty."
    exit "$status"
  fi
  git add -- "${snapshots[@]}"
  git commit --quiet -m "Registry refresh $today: PTV and Finlex snapshots" -- "${snapshots[@]}"
  if git fetch --quiet "$remote" "refs/heads/$branch" 2>/dev/null &&
     [[ "$(git rev-parse "FETCH_HEAD^{tree}")" == "$(git rev-parse "HEAD^{tree}")" ]]; then
    echo "Ei muutoksia edelliseen hakuun: haara $branch on jo ajan tasalla; mitään ei lähetetty."
    exit "$status"
  fi
  # shellcheck disable=SC2086  # SYNC_PUSH_OPTIONS is a list of arguments
  if ! git push ${SYNC_PUSH_OPTIONS:-} "$remote" "+HEAD:refs/heads/$branch"; then
    echo "Haaran $branch lähetys hylättiin; katso viestit yllä." >&2
    exit 3
  fi
  echo "Lähetetty haara $branch: tarkista muutokset esikatselusta ja yhdistä ne päähaaraan."
  exit "$status"
}

case "$mode" in
  all)
    cd "$(cd "$work_arg" && pwd)"
    main_of
    status=0
    run_syncs || status=1
    commit_and_push "$status"
    ;;
  fetch)
    # The build user reads the bare repository of another account: trust it for this run only.
    if [[ -d "$remote" ]]; then
      GIT_CONFIG_GLOBAL=$(mktemp)
      export GIT_CONFIG_GLOBAL
      trap 'rm -f "$GIT_CONFIG_GLOBAL"' EXIT
      git config --global safe.directory "$(cd "$remote" && pwd)"
    fi
    [[ -d "$work_arg/.git" ]] || git clone --quiet --no-checkout "$remote" "$work_arg"
    mkdir -p "$results"
    results=$(cd "$results" && pwd)
    rm -f "$results/ptv.json" "$results/finlex.json" "$results/status"
    cd "$(cd "$work_arg" && pwd)"
    main_of
    status=0
    run_syncs || status=1
    for file in "${snapshots[@]}"; do
      [[ ! -f "$file" ]] || install -m 0644 "$file" "$results/"
    done
    printf 'status=%s\nday=%s\n' "$status" "$today" >"$results/status"
    echo "Haku valmis ($results); lähetys tehdään erikseen (--push-from)."
    exit "$status"
    ;;
  push)
    if [[ ! -f "$results/status" || "$(sed -n 's/^day=//p' "$results/status")" != "$today" ]]; then
      echo "Tämän päivän hakua ei ole ($results/status); mitään ei lähetetty." >&2
      exit 1
    fi
    status=$(sed -n 's/^status=\([01]\)$/\1/p' "$results/status")
    cd "$(cd "$work_arg" && pwd)"
    main_of
    for file in "${snapshots[@]}"; do
      found="$results/$(basename "$file")"
      [[ -e "$found" ]] || continue
      if [[ -L "$found" || ! -f "$found" || $(stat -c %s "$found") -gt $max_snapshot ]]; then
        echo "$found ei ole tavallinen, enintään 64 Mt:n tiedosto; mitään ei lähetetty." >&2
        exit 1
      fi
      cp --no-dereference -- "$found" "$file"  # a link swapped in after the test stays a link…
      if [[ -L "$file" || ! -f "$file" ]]; then  # …and is refused here, never followed
        echo "$found muuttui kopioitaessa linkiksi; mitään ei lähetetty." >&2
        exit 1
      fi
    done
    commit_and_push "${status:-1}"
    ;;
esac
