# Shared by the pre-receive and post-receive hooks (sourced, not run).
# shellcheck shell=bash
set -euo pipefail
hooks_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=/dev/null
source "$hooks_dir/publish.env"
GIT_DIR=$(cd "${GIT_DIR:-.}" && pwd)
export GIT_DIR
ZERO=0000000000000000000000000000000000000000
KEEP_RELEASES=5

# Serialise every publishing step of every push on one lock; the kernel releases it
# when the holder dies, so a killed build never blocks the next push.
take_lock() {
  exec 9>"$SITE_ROOT/.publish.lock"
  flock 9
}

say() { printf '%s\n' "$*" >&2; }
