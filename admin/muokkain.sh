#!/usr/bin/env bash
# ./kasikirja muokkain: the web editor on an editor's own machine, on loopback only:
#   - `python -m macros cms` writes the editor's folder (.cache/muokkain) from the data models,
#   - `mkdocs serve` is the preview (http://127.0.0.1:ESIKATSELU_PORTTI, default 8000),
#   - admin/server.mjs serves the editor and its local backend (http://127.0.0.1:MUOKKAIN_PORTTI,
#     default 8081), which writes saved files into this clone and commits nothing.
# Ctrl+C stops both and lists the changed files with the commands that publish them.
set -euo pipefail
cd "$(dirname "$0")/.."
python=.venv/bin/python
esikatselu=${ESIKATSELU_PORTTI:-8000}
muokkain=${MUOKKAIN_PORTTI:-8081}

if ! command -v node >/dev/null 2>&1 || [[ ! -f node_modules/decap-cms/dist/decap-cms.js ]]; then
  echo "Verkkomuokkaimen ohjelmia ei ole vielä asennettu (node tai node_modules puuttuu)." >&2
  echo "Asenna ne kerran komennolla:  bash .ci/setup   (tai pelkät muokkaimen osat: npm ci)" >&2
  exit 1
fi
if ! "$python" -m macros cms --out .cache/muokkain --preview-url "http://127.0.0.1:$esikatselu" >/dev/null; then
  echo "Muokkaimen asetuksia ei voitu tehdä: korjaa ensin tiedot (./kasikirja tarkista)." >&2
  exit 1
fi

pids=()
lopeta() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  muutokset=$(git status --short -- data docs)
  if [[ -n "$muutokset" ]]; then
    echo
    echo "Tallennetut muutokset tässä kansiossa:"
    echo "$muutokset"
    echo "Tarkista ja julkaise ne: ./kasikirja tarkista, git add -A, git commit -m \"…\" ja git push julkaisu <haara>"
    echo "(ohje: docs/tietoa/verkkomuokkain.md)."
  fi
}
trap lopeta EXIT INT TERM

"$python" -m mkdocs serve --quiet --dev-addr "127.0.0.1:$esikatselu" &
pids+=($!)
node admin/server.mjs --root . --admin .cache/muokkain --port "$muokkain" \
  --csp "$(cat .cache/muokkain/csp.txt)" >/dev/null &
admin=$!
pids+=("$admin")

for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$muokkain") 2>/dev/null; then break; fi
  sleep 0.2
done
echo "Verkkomuokkain: avaa selaimessa  http://127.0.0.1:$muokkain/admin/"
echo "Esikatselu:                      http://127.0.0.1:$esikatselu/  (valmis, kun käsikirja on rakennettu)"
echo "Lopeta painamalla Ctrl+C."
# The editor stays open when the preview stops at an error in the data (its Finnish message is
# above): the editor is where the error can be fixed.
wait "$admin" || true
