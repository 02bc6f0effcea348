"""Lighthouse on the front page, a service page and a process page (a check, not a timed test).

    python checks/lighthouse.py [SITE_DIR]

Builds the handbook (unless SITE_DIR is given), serves it with the production nginx config on
a loopback port, runs Lighthouse 12 in Debian's chromium, prints the scores and exits 1 when
accessibility is below 1.0 or best practices below 0.95. Performance is printed, not judged:
timings on a shared two-core machine are noise (see bench/ for measured ratios).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from servers import nginx  # noqa: E402
from sites import ENV, build  # noqa: E402

PAGES = {"etusivu": "", "palvelu": "palvelut/toimeentulotuki/",
         "prosessi": "ammattilaisille/prosessit/toimeentulotukihakemus/"}
MINIMUM = {"accessibility": 1.0, "best-practices": 0.95}
LIGHTHOUSE = ROOT / "node_modules/.bin/lighthouse"
FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage "
         "--disable-background-networking --disable-component-update --no-first-run")


def run(url: str, out: Path) -> dict[str, float]:
    result = subprocess.run(
        [str(LIGHTHOUSE), url, f"--chrome-flags={FLAGS}", "--quiet", "--output=json",
         f"--output-path={out}", "--only-categories=performance,accessibility,best-practices"],
        env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"}, capture_output=True, text=True,
        timeout=240, stdin=subprocess.DEVNULL)
    if result.returncode != 0 or not out.exists():
        raise SystemExit(f"Lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(out.read_text())
    scores = {key: cat["score"] for key, cat in report["categories"].items()}
    failed = [a["id"] for a in report["audits"].values()
              if a.get("score") is not None and a["score"] < 1
              and a.get("scoreDisplayMode") == "binary"]
    scores["failed_audits"] = failed
    return scores


def main() -> int:
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is missing: npm ci (bash .ci/setup --browser)")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        site = Path(sys.argv[1]) if len(sys.argv) > 1 else build(ROOT, tmp / "site").site
        if not (site / "index.html").exists():
            raise SystemExit(f"no built site in {site}")
        worst = 0
        with nginx(site.resolve(), tmp / "nginx") as base:
            for name, path in PAGES.items():
                scores = run(f"{base}/{path}", tmp / f"{name}.json")
                low = [k for k, minimum in MINIMUM.items() if scores[k] < minimum]
                worst |= bool(low)
                print(f"{name:9} performance {scores['performance']:.2f}  accessibility "
                      f"{scores['accessibility']:.2f}  best-practices {scores['best-practices']:.2f}"
                      + (f"  BELOW MINIMUM: {', '.join(low)}; failed audits: "
                         f"{', '.join(scores['failed_audits'])}" if low else ""))
    print("lighthouse: " + ("FAILED" if worst else "ok") +
          f" (minimums: accessibility {MINIMUM['accessibility']}, best-practices "
          f"{MINIMUM['best-practices']})")
    return 1 if worst else 0


if __name__ == "__main__":
    os.environ.update(ENV)
    sys.exit(main())
