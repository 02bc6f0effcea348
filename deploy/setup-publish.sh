#!/usr/bin/env bash
# Publishing by `git push`: create (if needed) a bare repository and install its hooks.
#
#   deploy/setup-publish.sh BARE_REPO SITE_ROOT [PYTHON]
#
# A push to main is checked and built from the pushed commit in a temporary folder
# (pre-receive); a failure rejects the push and the editor sees the messages in `git push`.
# Once git has accepted the push, post-receive moves the build to SITE_ROOT/releases/<id>
# and switches SITE_ROOT/current to it atomically. Serve SITE_ROOT/current (deploy/nginx/).
# A push to any other branch is checked and built the same way into its preview,
# SITE_ROOT/previews/<branch> (nginx serves it at /previews/<branch>/, not indexed); deleting
# the branch removes it. The push prints the preview's address: PREVIEW_BASE_URL (the
# server's address, e.g. https://kasikirja.lapha.fi) if set now, else site_url of mkdocs.yml.
# PYTHON is the interpreter with requirements.txt installed (default: this checkout's .venv).
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "Käyttö: $0 BARE_REPO SITE_ROOT [PYTHON]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
bare=$(mkdir -p "$1" && cd "$1" && pwd)
site_root=$(mkdir -p "$2" && cd "$2" && pwd)
python=${3:-$here/../.venv/bin/python}
python=$(cd "$(dirname "$python")" && pwd)/$(basename "$python")

if ! "$python" -c "import mkdocs, material, mkdocs_macros, pydantic" 2>/dev/null; then
  echo "$python ei löydä käsikirjan riippuvuuksia. Aja ensin: bash .ci/setup" >&2
  exit 1
fi
if [[ ! -f "$bare/HEAD" ]]; then
  git init --quiet --bare --initial-branch=main "$bare"
fi
if [[ -z "${PREVIEW_BASE_URL:-}" ]]; then
  PREVIEW_BASE_URL=$(cd "$here/.." && NO_MKDOCS_2_WARNING=1 "$python" -c \
    "from mkdocs.config import load_config; print(load_config('mkdocs.yml').site_url or '')")
fi
mkdir -p "$site_root/releases" "$site_root/builds" "$site_root/previews" "$site_root/preview-releases"
for hook in pre-receive post-receive; do
  install -m 0755 "$here/hooks/$hook" "$bare/hooks/$hook"
done
install -m 0755 "$here/hooks/publish-lib.sh" "$bare/hooks/publish-lib.sh"
cat > "$bare/hooks/publish.env" <<ENV
# Written by deploy/setup-publish.sh
HANDBOOK_PYTHON=$(printf '%q' "$python")
SITE_ROOT=$(printf '%q' "$site_root")
PREVIEW_BASE_URL=$(printf '%q' "${PREVIEW_BASE_URL%/}")
ENV
echo "Julkaisu valmis: git push $bare main → $site_root/current"
echo "Esikatselut: git push $bare HAARA → ${PREVIEW_BASE_URL%/}/previews/HAARA/"
