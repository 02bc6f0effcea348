#!/usr/bin/env bash
# Scheduled refresh of the registry snapshots (data/ptv.json, data/finlex.json), delivered as
# a branch for an editor to review, never straight to main.
#
#   deploy/sync-registries.sh WORKDIR [REMOTE]
#
# WORKDIR is a clone of the handbook that this job owns (its local changes are discarded);
# REMOTE (default origin) is where the handbook lives: the bare repository of
# deploy/setup-publish.sh, or the GitHub or GitLab project. The job starts from REMOTE's main,
# runs `python -m macros sync ptv` and `python -m macros sync finlex` (a sync that fails keeps
# its old snapshot and says why), and if a snapshot changed, commits it on
# paivitys/rekisterit-YYYY-MM-DD and pushes that branch. On the bare repository the push is
# checked and built like any editor's and published as a preview at
# <PREVIEW_BASE_URL>/previews/paivitys-rekisterit-YYYY-MM-DD/; on GitLab, SYNC_PUSH_OPTIONS
# can open a merge request; on GitHub the workflow opens a pull request.
#
# Environment: HANDBOOK_PYTHON (default WORKDIR/.venv/bin/python), SYNC_PUSH_OPTIONS (extra
# `git push` arguments, e.g. "-o merge_request.create"), GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL.
# Exit status: 0 when both syncs succeeded (changed or not), 1 when one failed (the other's
# change is still pushed), 2 on wrong use, 3 when the push was rejected.
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "Käyttö: $0 TYÖKANSIO [ETÄVARASTO]" >&2
  exit 2
fi
work=$(cd "$1" && pwd)
remote=${2:-origin}
python=${HANDBOOK_PYTHON:-$work/.venv/bin/python}
today=$(date +%F)
branch="paivitys/rekisterit-$today"
snapshots=(data/ptv.json data/finlex.json)
export NO_MKDOCS_2_WARNING=1
export GIT_AUTHOR_NAME=${GIT_AUTHOR_NAME:-Rekisteripäivitys}
export GIT_AUTHOR_EMAIL=${GIT_AUTHOR_EMAIL:-rekisteripaivitys@kasikirja.invalid}
export GIT_COMMITTER_NAME=${GIT_COMMITTER_NAME:-$GIT_AUTHOR_NAME}
export GIT_COMMITTER_EMAIL=${GIT_COMMITTER_EMAIL:-$GIT_AUTHOR_EMAIL}

cd "$work"
git fetch --quiet "$remote" main
git checkout --quiet --force -B "$branch" FETCH_HEAD

status=0
for registry in ptv finlex; do
  echo "== python -m macros sync $registry"
  if ! "$python" -m macros sync "$registry" --root . </dev/null; then
    echo "Rekisteri $registry: päivitys epäonnistui, vanha tilannekuva jäi voimaan." >&2
    status=1
  fi
done

if [[ -z "$(git status --porcelain -- "${snapshots[@]}")" ]]; then
  echo "Rekistereissä ei ollut muutoksia; haaraa ei lähetetty."
  exit "$status"
fi
git add -- "${snapshots[@]}"
git commit --quiet -m "Registry refresh $today: PTV and Finlex snapshots" -- "${snapshots[@]}"
# shellcheck disable=SC2086  # SYNC_PUSH_OPTIONS is a list of arguments
if ! git push ${SYNC_PUSH_OPTIONS:-} "$remote" "+HEAD:refs/heads/$branch"; then
  echo "Haaran $branch lähetys hylättiin; katso viestit yllä." >&2
  exit 3
fi
echo "Lähetetty haara $branch: tarkista muutokset esikatselusta ja yhdistä ne päähaaraan."
exit "$status"
