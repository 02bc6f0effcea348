#!/usr/bin/env bash
# Put back the release that was served before the current one, on the server, as its administrator:
#   deploy/rollback.sh SITE_ROOT         (e.g. deploy/rollback.sh /srv/kasikirja)
# SITE_ROOT/served.log lists every release that went live, in order (post-receive and this script
# append to it; nothing rewrites it). The release put back is the one served before the current
# one, skipping any release that was rolled back once: R1, R2, rollback (R1), R3, rollback gives
# R1 again, never R2. The next push to main publishes as usual and replaces the rollback.
set -euo pipefail
# shellcheck source=deploy/hooks/release-lib.sh
source "$(dirname "$0")/hooks/release-lib.sh"
if [[ $# -ne 1 ]]; then
  echo "Käyttö: $0 SITE_ROOT (esim. $0 /srv/kasikirja)" >&2
  exit 2
fi
site_root=$(cd "$1" && pwd -P)
log="$site_root/served.log"
if ! lock_publishing "$site_root"; then
  echo "Julkaisujen lukkoa ($site_root/.publish.lock) ei voitu ottaa. Mitään ei muutettu." >&2
  exit 1
fi
current=$(basename "$(readlink "$site_root/current" 2>/dev/null || echo none)")
# Newest first: the first release served before the current one that was never rolled back and
# is still kept.
previous=$( (tac "$log" 2>/dev/null || true) | awk -v cur="$current" -v dir="$site_root/releases" '
  $2 == "rolled-back" { gone[$3] = 1; next }
  $2 != "served" { next }
  !seen_current { if ($3 == cur) seen_current = 1; next }
  $3 != cur && !($3 in gone) && system("test -d \"" dir "/" $3 "\"") == 0 { print $3; exit }')
if [[ -z "$previous" ]]; then
  echo "Palautettavaa julkaisua ei ole: ennen nykyistä julkaisua ($current) ei ole julkaistu muuta versiota, joka olisi yhä tallessa ja jota ei olisi jo peruttu. Mitään ei muutettu." >&2
  exit 1
fi
if ! switch_link "$site_root/current" "releases/$previous"; then
  echo "Julkaisua $previous ei voitu palauttaa (levy täynnä tai kirjoitussuojattu?). Mitään ei muutettu." >&2
  exit 1
fi
if ! log_served "$site_root" rolled-back "$current" served "$previous"; then
  echo "Huomio: palautusta ei voitu kirjata tiedostoon $log." >&2
fi
echo "Palautettu julkaisuun $previous (oli $current). Seuraava main-haaran julkaisu korvaa tämän palautuksen."
