#!/usr/bin/env bash
# Publishing by `git push`, on a Debian server, as root: the bare repository and its hooks, the
# build user and its sandbox, the server's configuration and the nginx config (README: Publishing,
# Turvallisuus). Safe to run again: it keeps the maintainers list and the preview password.
#
#   SITE_URL=https://kasikirja.example.fi/ [setting=…] deploy/setup-publish.sh BARE_REPO SITE_ROOT [PYTHON]
#
# PYTHON is an interpreter with the handbook's requirements (e.g. a checkout's .venv/bin/python);
# without it a virtualenv is made at HANDBOOK_VENV from requirements.lock, every package checked
# against its hash (pip --require-hashes). Settings (environment):
#   SITE_URL          the handbook's public address; main is not published without it
#   PREVIEW_URL       the previews' own origin (default: SITE_URL's host with "esikatselu.")
#   EDIT_URL          the forge's edit address with {path} (…/-/edit/main/{path}); none: no edit button
#   MAINTAINERS       user names (as in git-shell-as USER) that may change more than content;
#                     written to CONFIG_DIR/maintainers (later: edit that file)
#   PUSH_USER         the account pushes arrive as (owner of BARE_REPO and SITE_ROOT; default root)
#   BUILD_USER        the unprivileged user every build runs as (default kasikirja-build)
#   CONFIG_DIR        the server's configuration (default /etc/kasikirja)
#   PREVIEW_LOGIN, PREVIEW_PASSWORD   the previews' login (default esikatselu, a new random password)
#   HANDBOOK_VENV     where the virtualenv is made without PYTHON (default /opt/kasikirja/venv)
#   MAX_PUSH_SIZE     the largest pack one push may send (git's receive.maxInputSize; default 100m)
# The build's limits (memory, time, processes, output: deploy/sandbox.sh) and MAX_PREVIEWS have
# defaults; set another in CONFIG_DIR/publish.env (it is rewritten by this script: keep them
# in the environment when you run it again, e.g. BUILD_CPU_SECONDS=120).
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
  echo "Käyttö: SITE_URL=https://… $0 BARE_REPO SITE_ROOT [PYTHON]" >&2
  exit 2
fi
if [[ $EUID -ne 0 ]]; then
  echo "Aja pääkäyttäjänä (root): tämä luo rakentajan käyttäjän ja palvelimen asetukset." >&2
  exit 1
fi
here=$(cd "$(dirname "$0")" && pwd -P)
config=${CONFIG_DIR:-/etc/kasikirja}
build_user=${BUILD_USER:-kasikirja-build}
push_user=${PUSH_USER:-root}
site_url=${SITE_URL:-}
[[ -z "$site_url" ]] || site_url="${site_url%/}/"
preview_url=${PREVIEW_URL:-}
if [[ -z "$preview_url" ]]; then
  if [[ "$site_url" =~ ^(https?)://([^/:]+) ]]; then
    preview_url="${BASH_REMATCH[1]}://esikatselu.${BASH_REMATCH[2]}"
  else
    echo "Aseta SITE_URL (käsikirjan osoite) tai PREVIEW_URL (esikatselujen osoite)." >&2
    exit 2
  fi
fi
preview_url=${preview_url%/}
site_host=$([[ "$site_url" =~ ^https?://([^/:]+) ]] && echo "${BASH_REMATCH[1]}" || echo _)
preview_host=$([[ "$preview_url" =~ ^https?://([^/:]+) ]] && echo "${BASH_REMATCH[1]}")
if [[ -z "$preview_host" || "$preview_host" == "$site_host" ]]; then
  echo "PREVIEW_URL ($preview_url) tarvitsee oman palvelinnimensä, eri kuin käsikirjalla." >&2
  exit 2
fi

# Debian packages: the sandbox, git, openssl (the preview password), sudo for a push account.
packages=()
command -v bwrap >/dev/null || packages+=(bubblewrap)
command -v git >/dev/null || packages+=(git)
command -v openssl >/dev/null || packages+=(openssl)
[[ "$push_user" == root ]] || command -v sudo >/dev/null || packages+=(sudo)
if (( ${#packages[@]} )); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

# The build user: no login, no home, no groups of anyone else's. The push account, if missing:
# its shell is git-shell, its ~/.ssh/authorized_keys names each key's user (git-shell-as).
# (A second setup running at the same moment may create the user first: then it exists.)
if ! id "$build_user" >/dev/null 2>&1; then
  useradd --system --user-group --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin "$build_user" || id "$build_user" >/dev/null
fi
if ! id "$push_user" >/dev/null 2>&1; then
  useradd --system --user-group --create-home --shell "$(command -v git-shell)" "$push_user" ||
    id "$push_user" >/dev/null
fi
push_group=$(id -gn "$push_user")

# The interpreter: given, or a virtualenv installed from the lock with every hash checked.
if [[ $# -eq 3 ]]; then
  python=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
else
  venv=${HANDBOOK_VENV:-/opt/kasikirja/venv}
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes \
    -r "$here/../requirements.lock"
  python=$venv/bin/python
fi
if ! "$python" -c "import mkdocs, material, mkdocs_macros, pydantic" 2>/dev/null; then
  echo "$python ei löydä käsikirjan riippuvuuksia. Jätä PYTHON pois, niin ne asennetaan." >&2
  exit 1
fi

mkdir -p "$1" "$2"
bare=$(cd "$1" && pwd -P)
site_root=$(cd "$2" && pwd -P)
if [[ ! -f "$bare/HEAD" ]]; then
  git init --quiet --bare --initial-branch=main "$bare"
fi
git --git-dir="$bare" config receive.fsckObjects true  # malformed trees (.git, ..) are refused
# A push's pack is at most this big (git refuses a bigger one before any hook runs); the push
# policy then limits each file and the whole tree (deploy/hooks/push_policy.py).
git --git-dir="$bare" config receive.maxInputSize "${MAX_PUSH_SIZE:-100m}"
mkdir -p "$site_root"/{releases,builds,previews,preview-releases,cache/main,cache/previews}
touch "$site_root/served.log" "$site_root/.publish.lock"
if [[ ! -s "$site_root/served.log" && -L "$site_root/current" ]]; then
  printf '%s served %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(basename "$(readlink "$site_root/current")")" \
    >>"$site_root/served.log"
fi
# The shared cache of older versions: previews wrote there too, so nothing in it is kept.
find "$site_root/cache" -mindepth 1 -maxdepth 1 ! -name main ! -name previews -exec rm -rf {} +
chown -R -h "$push_user:$push_group" "$bare" "$site_root"
chown -R -h "$build_user:$build_user" "$site_root/cache"
chmod 0755 "$site_root"

# The server's configuration: owned by root, never in the repository, hidden from every build.
install -d -m 0755 "$config"
cat >"$config/publish.env" <<ENV
# Written by deploy/setup-publish.sh; the hooks and sandbox.sh read it.
HANDBOOK_PYTHON=$(printf '%q' "$python")
SITE_ROOT=$(printf '%q' "$site_root")
BARE=$(printf '%q' "$bare")
CONFIG_DIR=$(printf '%q' "$config")
BUILD_USER=$(printf '%q' "$build_user")
SITE_URL=$(printf '%q' "$site_url")
PREVIEW_URL=$(printf '%q' "$preview_url")
EDIT_URL=$(printf '%q' "${EDIT_URL:-}")
ENV
for limit in BUILD_TIMEOUT BUILD_CPU_SECONDS BUILD_MEMORY_MB BUILD_PROCESSES BUILD_FILE_MB \
             BUILD_OUTPUT_MB BUILD_OUTPUT_FILES BUILD_TMP_MB MAX_PREVIEWS; do
  if [[ -n "${!limit:-}" ]]; then
    printf '%s=%q\n' "$limit" "${!limit}" >>"$config/publish.env"
  fi
done
chmod 0644 "$config/publish.env"
if [[ ! -f "$config/maintainers" ]]; then
  { echo "# Ylläpitäjät: nämä käyttäjät (git-shell-as KÄYTTÄJÄ) saavat muuttaa muutakin kuin sisältöä."
    for name in ${MAINTAINERS:-}; do echo "$name"; done; } >"$config/maintainers"
fi
install -m 0755 "$here/sandbox.sh" "$config/sandbox.sh"
install -m 0644 "$here/nginx/headers.conf" "$config/nginx-headers.conf"
web_group=$(getent group www-data >/dev/null && echo www-data || echo root)
login=${PREVIEW_LOGIN:-esikatselu}
password=
if [[ -n "${PREVIEW_PASSWORD:-}" || ! -s "$config/previews.htpasswd" ]]; then
  password=${PREVIEW_PASSWORD:-$(openssl rand -base64 18)}
  printf '%s:%s\n' "$login" "$(openssl passwd -apr1 -stdin <<<"$password")" >"$config/previews.htpasswd"
fi
chown "root:$web_group" "$config/previews.htpasswd"
chmod 0640 "$config/previews.htpasswd"
# The web editor (/admin/ on the previews' host) may connect to the forge of EDIT_URL only.
forge_origin=$(printf '%s' "${EDIT_URL:-}" | sed -n 's|^\(https://[A-Za-z0-9.:-]*\)/.*|\1|p')
sed -e "s|server_name kasikirja.example.invalid;|server_name $site_host;|" \
    -e "s|server_name esikatselu.kasikirja.example.invalid;|server_name $preview_host;|" \
    -e "s| https://git.example.invalid;|${forge_origin:+ $forge_origin};|" \
    -e "s|/srv/kasikirja/|$site_root/|g" -e "s|/etc/kasikirja/|$config/|g" \
    "$here/nginx/handbook.conf" >"$config/nginx.conf"

# The hooks; their publish.env is the configuration's (a link: one file to edit).
for hook in pre-receive post-receive; do
  install -m 0755 "$here/hooks/$hook" "$bare/hooks/$hook"
done
install -m 0644 "$here/hooks/publish-lib.sh" "$here/hooks/release-lib.sh" "$here/hooks/push_policy.py" \
  "$bare/hooks/"
ln -sfn "$config/publish.env" "$bare/hooks/publish.env"
install -m 0755 "$here/git-shell-as" "$config/git-shell-as"
if [[ "$push_user" != root ]]; then
  printf '%s ALL=(root) NOPASSWD: %s\n' "$push_user" "$config/sandbox.sh" >"/etc/sudoers.d/kasikirja"
  chmod 0440 /etc/sudoers.d/kasikirja
fi

echo "Julkaisu valmis: git push $bare main → $site_root/current, ${site_url:-(SITE_URL puuttuu: main-haaraa ei julkaista)}"
echo "Esikatselut: git push $bare HAARA → $preview_url/HAARA/"
echo "nginx: lisää http-lohkoon rivi: include $config/nginx.conf;"
echo "SSH-avaimet: command=\"$config/git-shell-as KÄYTTÄJÄ\",restrict ssh-… (authorized_keys, ks. README)"
if [[ -n "$password" ]]; then
  echo "Esikatselun tunnus: $login, salasana: $password"
fi
