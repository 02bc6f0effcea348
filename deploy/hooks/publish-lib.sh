# Shared by the pre-receive and post-receive hooks (sourced, not run).
# shellcheck shell=bash disable=SC2034,SC2153  # the settings are for the hooks; publish.env's
set -euo pipefail
hooks_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# The server's configuration (written by deploy/setup-publish.sh into CONFIG_DIR, owned by root;
# hooks/publish.env links to it): SITE_ROOT, SITE_URL, PREVIEW_URL, EDIT_URL, CONFIG_DIR…
# shellcheck source=/dev/null
source "$hooks_dir/publish.env"
# shellcheck source=deploy/hooks/release-lib.sh
source "$hooks_dir/release-lib.sh"
GIT_DIR=$(cd "${GIT_DIR:-.}" && pwd)
export GIT_DIR
ZERO=0000000000000000000000000000000000000000
KEEP_RELEASES=5
MAX_PREVIEWS=${MAX_PREVIEWS:-30}  # branches (previews) at once; publish.env may set another
MAX_PUSH_BUILDS=5  # refs one push may ask to build
# SITE_ROOT must be an absolute folder: every path the hooks remove or write is under it.
if [[ "$SITE_ROOT" != /?* || "$SITE_ROOT" == *//* || "$SITE_ROOT" == */../* || ! -d "$SITE_ROOT" ]]; then
  printf 'Palvelimen asetus SITE_ROOT (%s) ei ole kansio. Mitään ei julkaistu; kerro tästä ylläpitäjälle.\n' \
    "$SITE_ROOT" >&2
  exit 1
fi

say() { printf '%s\n' "$*" >&2; }

# take_lock: serialise every publishing step of every push on one lock (release-lib.sh).
take_lock() {
  if ! lock_publishing "$SITE_ROOT" 2>/dev/null; then
    say "Julkaisujen lukkoa ($SITE_ROOT/.publish.lock) ei voitu ottaa. Mitään ei julkaistu; kerro tästä ylläpitäjälle."
    return 1
  fi
}

# preview_slug BRANCH: the branch name as one safe path segment of SITE_ROOT/previews/
# (feature/Uusi-palvelu → feature-uusi-palvelu, päivitys → paivitys): lowercase a–z, digits
# and single hyphens, at most 63 characters. Fails (prints nothing) when nothing usable is left.
preview_slug() {
  local slug
  [[ "$1" != *..* ]] || return 1  # git refuses such names too: never a path that climbs
  slug=$(printf '%s' "$1" | LC_ALL=C sed 's/ä/a/g; s/Ä/a/g; s/å/a/g; s/Å/a/g; s/ö/o/g; s/Ö/o/g' |
    LC_ALL=C tr '[:upper:]' '[:lower:]' | LC_ALL=C tr -c 'a-z0-9' '-' |
    LC_ALL=C sed -E 's/-+/-/g; s/^-//; s/-$//') || return 1
  [[ "$slug" =~ ^[a-z0-9][a-z0-9-]{0,62}$ ]] || return 1
  printf '%s\n' "$slug"
}

# preview_url SLUG: the address editors open, on the previews' own host (PREVIEW_URL).
preview_url() { printf '%s/%s/\n' "${PREVIEW_URL%/}" "$1"; }

# cache_dir REF: the build caches of one ref. A preview never reads or writes main's.
cache_dir() {
  local slug
  if [[ "$1" == refs/heads/main ]]; then
    printf '%s/cache/main\n' "$SITE_ROOT"
  else
    slug=$(preview_slug "${1#refs/heads/}") || return 1
    printf '%s/cache/previews/%s\n' "$SITE_ROOT" "$slug"
  fi
}

# sandbox ARGS…: deploy/sandbox.sh as root (it drops to the build user); a push account that is
# not root may run exactly that script through sudo (setup-publish.sh writes the rule). The lock's
# descriptor stays outside.
sandbox() {
  if [[ $EUID -eq 0 ]]; then
    "$CONFIG_DIR/sandbox.sh" "$@" 9<&-
  else
    sudo -n "$CONFIG_DIR/sandbox.sh" "$@" 9<&-
  fi
}
