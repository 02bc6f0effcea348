#!/usr/bin/env bash
# Switch SITE_ROOT/current back to the release published before the current one.
#   deploy/rollback.sh SITE_ROOT
set -euo pipefail
if [[ $# -ne 1 ]]; then
  echo "Käyttö: $0 SITE_ROOT" >&2
  exit 2
fi
site_root=$(cd "$1" && pwd)
exec 9>"$site_root/.publish.lock"
flock 9
current=$(basename "$(readlink "$site_root/current" 2>/dev/null || echo none)")
previous=$(find "$site_root/releases" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort |
  awk -v cur="$current" '$0 == cur { print prev; found = 1; exit } { prev = $0 } END { if (!found) exit 1 }')
if [[ -z "$previous" ]]; then
  echo "Aiempaa julkaisua ei ole: käsikirja on jo vanhimmassa tallessa olevassa versiossa." >&2
  exit 1
fi
ln -sfn "releases/$previous" "$site_root/.current.new"
mv -T "$site_root/.current.new" "$site_root/current"
echo "Palautettu julkaisuun $previous (oli $current)."
