"""Benchmark: build time, page size and page weight at 100 and 1,000 services, against plain
Material built from the same content pre-rendered, in the same run; and the time from saving
a YAML file to the rebuilt page while `mkdocs serve` runs. Ratios, not absolute times: this
machine is shared and noisy. Each round builds both with the project's caches empty (a first
build) and then warm, the order alternating, and the fastest of each kind counts. Also the
bytes a first search fetches at 1,000 services and at 10,000 (that index made without MkDocs:
``synthetic_index``).

    python bench/run.py [--sizes 100 1000] [--runs 2]
    python bench/run.py --saves-only       # only the saves under `mkdocs serve`
    python bench/run.py --workdir /tmp     # on a disk instead of /dev/shm (``work_root``)

Exits 1 when a target is missed. The last line is a one-line summary.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import yaml  # noqa: E402
from sites import ENV as TEST_ENV  # noqa: E402

# Builds run as an editor's and the publishing hook's do: Python keeps the compiled bytecode of
# the project's modules (the tests' environment turns that off, which would make every build
# compile the macros package again while MkDocs and Material load theirs compiled).
ENV = {name: value for name, value in TEST_ENV.items() if name != "PYTHONDONTWRITEBYTECODE"}

TARGETS = {"build_ratio": 1.10, "first_build_ratio": 1.20, "page_growth": 1.10,
           "first_load_kb": 90.0, "save_to_page_s": 1.0, "first_search_kb": 80.0,
           "search_growth": 1.2}
SEARCH_SCALE = 10000  # services of the index built without MkDocs (synthetic_index)
PROJECT_FILES = ("mkdocs.yml", "macros", "overrides", "docs", "data", "schemas", "deploy")


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    return target


def synthesize(project: Path, services: int) -> None:
    """Add synthetic services (and a process per ten) cloned from the real ones."""
    real = sorted((project / "data/services").glob("*.yml"))
    processes = sorted((project / "data/processes").glob("*.yml"))
    for n in range(services - len(real)):
        template = yaml.safe_load(real[n % len(real)].read_text(encoding="utf-8"))
        template["name"] = f"{template['name'][:80]} {n:04d}"
        template.pop("brochure", None)
        # check refuses texts left from a copied service: each copy's own English and easy text
        if template.get("en"):
            template["en"]["name"] = f"{template['en']['name'][:80]} {n:04d}"
        if template.get("easy_finnish"):
            template["easy_finnish"] = f"{template['easy_finnish'].rstrip()} ({n:04d})\n"
        (project / f"data/services/synteettinen-{n:04d}.yml").write_text(
            yaml.safe_dump(template, allow_unicode=True, sort_keys=False), encoding="utf-8")
    copies = services - len(real)
    for n in range(services // 10 - len(processes)):
        template = yaml.safe_load(processes[n % len(processes)].read_text(encoding="utf-8"))
        template["name"] = f"{template['name'][:80]} {n:04d}"
        # a copy's services are copies too: a real service page would otherwise list every
        # synthetic process, and its size would grow with the synthetic handbook's
        template["services"] = [f"synteettinen-{(n * 10 + k) % copies:04d}"
                                for k, _ in enumerate(template.get("services") or [])]
        (project / f"data/processes/synteettinen-{n:04d}.yml").write_text(
            yaml.safe_dump(template, allow_unicode=True, sort_keys=False), encoding="utf-8")


def prerender(project: Path, plain: Path) -> None:
    """The same content as plain Markdown: generated pages written out, macros rendered, and a
    config with plain Material only (no macros plugin, no hooks, no theme overrides)."""
    code = f"""
import sys, pathlib, jinja2
sys.path.insert(0, {str(project)!r})
from mkdocs.utils.meta import get_data
from macros.pages.editor_macros import handbook_macros
from macros.pages.generated import all_generated_pages, docs_pages
from macros.pages.staff import abbreviations
from macros.pages.templating import jinja_options, protect_code
from macros.data.site import load_site
root, out = pathlib.Path({str(project)!r}), pathlib.Path({str(plain)!r}) / "docs"
site = load_site(root)
env = jinja2.Environment(**jinja_options(root))
pages = all_generated_pages(root, site)
for src, text in docs_pages(root).items():
    body, meta = get_data(text)
    if meta.get("render_macros") is not False:
        starts = (env.variable_start_string, env.block_start_string, env.comment_start_string)
        macros = handbook_macros(lambda: site, lambda s=src: s)
        body = env.from_string(protect_code(body, starts)).render(**macros)
    front = text[: len(text) - len(body)] if text.endswith(body) else ""
    pages[src] = (text[: text.find(body)] if body and body in text else "") + body
abbr = abbreviations(site)
for src, text in pages.items():
    target = out / src
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text + "\\n\\n" + abbr + "\\n", encoding="utf-8")
# The same menu as the handbook's (data/navigation.yml, every page placed): without it MkDocs
# lists every page in every page's menu, and plain Material's build grows with the square.
import json
from macros.pages.navigation import mkdocs_nav
nav = mkdocs_nav(site.navigation, pages) if site.navigation is not None else None
(out.parent / "nav.json").write_text(json.dumps(nav), encoding="utf-8")
"""
    subprocess.run([sys.executable, "-c", code], check=True, env=ENV)
    shutil.copytree(project / "docs/assets", plain / "docs/assets", dirs_exist_ok=True)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  custom_dir: overrides\n", "")
    start, end = config.index("  - macros:"), config.index("# --- Hooks")
    config = config[:start] + config[end:]
    config = config.replace("hooks:\n  - macros/assemble/hooks.py\n", "")
    config = config.replace("edit_uri_template:", "# edit_uri_template:")
    nav = json.loads((plain / "nav.json").read_text(encoding="utf-8"))
    if nav is not None:
        config += "\n" + yaml.safe_dump({"nav": nav}, allow_unicode=True, sort_keys=False)
    (plain / "mkdocs.yml").write_text(config, encoding="utf-8")


def build_once(project: Path, site: Path, empty_caches: bool = False) -> tuple[float, float]:
    """Wall and CPU seconds (user and system, of the build process) of one `mkdocs build`;
    with ``empty_caches``, the project's build caches (.cache/) deleted first, as on a new
    clone. The last build's site is deleted and the disks synced before the clock starts, so
    that no build pays for writing back another's files."""
    shutil.rmtree(site, ignore_errors=True)
    if empty_caches:
        shutil.rmtree(project / ".cache", ignore_errors=True)
    os.sync()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                             str(project / "mkdocs.yml"), "-d", str(site)],
                            env=ENV, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{result.stderr[-3000:]}")
    if empty_caches and not (project / ".cache/handbook").is_dir():
        raise SystemExit(f"the build kept no caches in {project / '.cache/handbook'}: the first "
                         "builds did not start from empty ones (is HANDBOOK_CACHE_DIR set?)")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def timed_builds(ours: tuple[Path, Path], plain: tuple[Path, Path], runs: int) -> dict:
    """The project's and plain Material's builds taken in turns, the order alternating, so
    that both meet the same load on a shared machine. Each of ``runs`` rounds is a pair of
    first builds (the project's caches in .cache/ emptied: Voikko analyses, diagrams,
    converted pages… made again) and a pair of warm builds (the caches the first left).
    The fastest of each kind counts, for both, and each first pair's ratio is kept to show
    the spread. Wall and CPU seconds."""
    times: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for n in range(runs):
        order = (("ours", ours), ("plain", plain)) if n % 2 == 0 else (("plain", plain), ("ours", ours))
        for kind in ("first", "warm"):
            for name, (project, site) in order:
                found = build_once(project, site, empty_caches=kind == "first" and name == "ours")
                times.setdefault((name, kind), []).append(found)
    best = {key: (min(t[0] for t in found), min(t[1] for t in found)) for key, found in times.items()}
    return {name: {"best": best[name, "warm"][0], "first": best[name, "first"][0],
                   "best_cpu": best[name, "warm"][1], "first_cpu": best[name, "first"][1]}
            for name in ("ours", "plain")} | {
        "first_ratios": [o[0] / p[0] for o, p in zip(times["ours", "first"], times["plain", "first"],
                                                      strict=True)]}


def page_bytes(site: Path) -> float:
    pages = [p for p in (site / "palvelut").glob("*/index.html")]
    return sum(p.stat().st_size for p in pages) / len(pages)


def first_load(site: Path, workdir: Path) -> tuple[float, float, list[str]]:
    """Bytes on the wire (compressed by nginx) to show a service page in chromium, first visit:
    the page itself (HTML, CSS, JS, fonts, images); then what the first search adds (the
    search script and the Finnish index, fetched when the reader starts to search)."""
    from browser import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright
    from servers import nginx
    with nginx(site, workdir) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        responses = []
        page.on("response", lambda response: responses.append(response))
        page.goto(f"{base}/palvelut/toimeentulotuki/", wait_until="networkidle")
        loaded = len(responses)
        page.locator("#hk-search-input").click()
        page.keyboard.type("toimeentulotuesta")
        page.wait_for_selector(".md-search-result__item", timeout=30000)
        page.wait_for_load_state("networkidle")
        total, search, parts = 0, 0, []
        for n, response in enumerate(responses):
            sizes = response.request.sizes()
            size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
            name = response.url.rsplit("/", 1)[-1] or "index.html"
            if n >= loaded:
                search += size
                name = f"on search: {name}"
            else:
                total += size
            parts.append(f"{name} {size / 1024:.1f} KB")
        browser.close()
    return total / 1024, search / 1024, parts


# --- first search: what search.js fetches for a query ------------------------------------------

SEARCH_QUERIES = ("toimeentulotuesta", "neuvonta asumiseen", "vuokrarästi", "TE-toimistoon",
                  "lastenvalvija", "kuntouttavaan työtoimintaan", "päihdeongelma")
FETCHES = r"""
const S = require(process.argv[1]), fs = require("fs"), dir = process.argv[2];
(async () => {
  const found = {};
  for (const query of JSON.parse(process.argv[3])) {
    const fetched = found[query] = [];
    const engine = new S.Engine(JSON.parse(fs.readFileSync(dir + "/fi.json", "utf8")), path => {
      fetched.push(path);
      return JSON.parse(fs.readFileSync(dir + "/" + path, "utf8"));
    });
    await engine.search(query, 10);
  }
  process.stdout.write(JSON.stringify(found));
})().catch(error => { console.error(error); process.exit(1); });
"""


def first_search(search_dir: Path) -> tuple[float, float]:
    """KB (gzip level 6, as nginx sends them) of what a first search fetches, for each of
    SEARCH_QUERIES: search.js, the root search/fi.json and the fragments docs/assets/search.js
    itself asks for (run in node on the files). Returns the mean and the largest."""
    script = ROOT / "docs/assets/search.js"
    fetched = json.loads(subprocess.run(
        ["node", "-e", FETCHES, str(script), str(search_dir), json.dumps(SEARCH_QUERIES)],
        check=True, capture_output=True, text=True, stdin=subprocess.DEVNULL).stdout)
    def gz(path: Path) -> int:
        return len(gzip.compress(path.read_bytes(), 6))
    fixed = gz(script) + gz(search_dir / "fi.json")
    sizes = [fixed + sum(gz(search_dir / path) for path in paths) for paths in fetched.values()]
    return sum(sizes) / len(sizes) / 1024, max(sizes) / 1024


def synthetic_index(site: Path, project: Path, services: int, target: Path) -> tuple[Path, int]:
    """The Finnish search files of a handbook of ``services`` services, without MkDocs: the
    sections of every page of a built site (from its HTML), and copies of its synthetic
    service and process pages under new numbers until there are that many services, through
    the hook's own functions (page_sections, build_index, split_index). Returns the folder and
    the number of pages."""
    import re

    from macros.data.site import load_site
    from macros.search.index import (
        analyse,
        build_index,
        page_sections,
        search_keywords,
        split_index,
        write_files,
    )
    article = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
    title_tag = re.compile(r"<title>(.*?)(?: - [^<]*)?</title>", re.S)
    synthetic = re.compile(r"synteettinen-(\d{4})/")
    keywords = search_keywords(load_site(project), {})
    built = sorted(site.rglob("index.html"))
    stride = sum(1 for page in built if synthetic.search(page.parent.as_posix() + "/")
                 and page.parent.parent.name == "palvelut")
    wanted = services - sum(1 for path in (project / "data/services").glob("*.yml")
                            if not path.name.startswith("synteettinen-"))
    sections, pages = [], 0
    for page in built:
        url = page.parent.relative_to(site).as_posix() + "/"
        url = "" if url == "./" else url
        html = page.read_text(encoding="utf-8")
        body, title = article.search(html), title_tag.search(html)
        if not body or not title:
            continue
        sections += page_sections(body.group(1), url, title.group(1))
        pages += 1
        number = None if url.startswith("en/") else synthetic.search(url)  # Finnish only
        for copy in range(1, wanted // max(stride, 1) + 2 if number else 1):
            if copy * stride + int(number.group(1)) >= wanted:
                continue
            old, new = number.group(1), f"{copy}{number.group(1)}"
            renumber = re.compile(rf"\b{old}\b")
            clone = url.replace(f"synteettinen-{old}/", f"synteettinen-{new}/")
            sections += page_sections(renumber.sub(new, body.group(1)), clone,
                                      renumber.sub(new, title.group(1)))
            keywords.setdefault(clone, keywords.get(url, []))
            pages += 1
    write_files(target, "fi", split_index(build_index(sections, keywords, "fi", analyse)))
    return target, pages


# An editor's saves while `mkdocs serve` runs: (what, file, a line, the page showing it). Each
# save writes the line with a new number after it.
SAVES = (("service", "data/services/toimeentulotuki.yml",
          "name: Täydentävä ja ehkäisevä toimeentulotuki", "/palvelut/toimeentulotuki/"),
         ("contacts", "data/contacts.yml", "name: Hätänumero 112", "/palvelut/sosiaalipaivystys/"))
SAVES_EACH = 3  # saves of each file; the median counts


def save_to_page(workdir: Path) -> dict[str, float]:
    """Seconds from saving a data file of the real handbook to `mkdocs serve` serving the page
    that shows the change (the median of SAVES_EACH saves), for a service's file and for
    data/contacts.yml (which many pages show)."""
    from servers import free_port
    project = copy_project(workdir / "serve")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-q", "-a",
                               f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
                              env={**ENV, "TMPDIR": str(workdir)},  # its site folder there too
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              stdin=subprocess.DEVNULL)

    def page(path: str) -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as response:
                return response.read().decode().replace("&shy;", "")  # Finnish headings
        except OSError:
            return ""

    try:
        deadline = time.monotonic() + 180
        while SAVES[0][2].split(": ", 1)[1] not in page(SAVES[0][3]) and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(3)  # let the watcher settle
        medians = {}
        for what, path, line, url in SAVES:
            data, seconds, before = project / path, [], line
            for n in range(1, SAVES_EACH + 1):
                after = f"{line} mittaus {n}"
                text = data.read_text(encoding="utf-8")
                assert before in text, f"{before!r} not in {path}"
                start = time.perf_counter()
                data.write_text(text.replace(before, after, 1), encoding="utf-8")
                before = after
                while after.split(": ", 1)[1] not in page(url):
                    if time.perf_counter() - start > 120:
                        raise SystemExit(f"mkdocs serve did not show the saved {path} in 120 s")
                    time.sleep(0.02)
                seconds.append(time.perf_counter() - start)
                time.sleep(3)  # the work after the reload (search index, caches) ends
            medians[what] = sorted(seconds)[len(seconds) // 2]
            print(f"save to rebuilt page, {path}: {' '.join(f'{x:.2f}' for x in seconds)} s "
                  f"(median {medians[what]:.2f} s)", flush=True)
        return medians
    finally:
        server.terminate()
        server.wait(timeout=20)


def work_root() -> Path:
    """/dev/shm (memory) where there is one, else the system's temporary folder. Both variants
    are built there: a disk adds its own cost to every file a build creates. This machine's
    root is ext4 without a journal, where a new file skips every inode freed in the last
    minutes one by one (``recently_deleted``), so a first build after the benchmark deleted a
    1,000-service site paid up to 1 ms a file; a journaled file system has no such wait.
    ``--workdir`` measures on any other."""
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK) else Path(tempfile.gettempdir())


def file_system(folder: Path) -> str:
    """The type of the file system ``folder`` is on, from /proc/mounts (Linux), or "unknown"."""
    try:
        mounts = [line.split()[1:3] for line in Path("/proc/mounts").read_text().splitlines()]
    except OSError:
        return "unknown"
    folder = folder.resolve()
    found = [(len(point), kind) for point, kind in mounts
             if folder == Path(point) or Path(point) in folder.parents]
    return max(found)[1] if found else "unknown"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[100, 1000])
    parser.add_argument("--runs", type=int, default=2,
                        help="rounds, each a first (empty caches) and a warm build of each variant; "
                             "the fastest of each kind counts")
    parser.add_argument("--saves-only", action="store_true", help="only save to rebuilt page")
    parser.add_argument("--workdir", type=Path, default=work_root(),
                        help="where the projects and sites are made (default: %(default)s)")
    args = parser.parse_args()
    print(f"working in {args.workdir}, a {file_system(args.workdir)} file system", flush=True)
    if args.saves_only:
        with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
            saves = save_to_page(Path(tmp))
        missed = max(saves.values()) > TARGETS["save_to_page_s"]
        print(f"bench: save→page {saves['service']:.2f}/{saves['contacts']:.2f} s "
              f"(≤{TARGETS['save_to_page_s']}) {'MISSED' if missed else 'OK'}")
        return 1 if missed else 0
    results: dict = {}
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        tmp = Path(tmp)
        for size in args.sizes:
            project = copy_project(tmp / f"p{size}")
            synthesize(project, size)
            plain = tmp / f"plain{size}"
            prerender(project, plain)
            timed = timed_builds((project, tmp / f"site{size}"), (plain, tmp / f"plainsite{size}"),
                                 args.runs)
            ours, cold, theirs, plain_first = (timed["ours"]["best"], timed["ours"]["first"],
                                               timed["plain"]["best"], timed["plain"]["first"])
            cpu = timed["ours"]["best_cpu"] / timed["plain"]["best_cpu"]
            first_cpu = timed["ours"]["first_cpu"] / timed["plain"]["first_cpu"]
            pages = sum(1 for _ in (tmp / f"site{size}").rglob("index.html"))
            results[size] = {"project_s": ours, "plain_s": theirs, "ratio": ours / theirs,
                             "first_ratio": cold / plain_first, "pages": pages,
                             "page_bytes": page_bytes(tmp / f"site{size}")}
            print(f"{size:5} services, {pages} pages: project {ours:.1f} s, plain Material "
                  f"{theirs:.1f} s, ratio {ours / theirs:.2f} (first builds, empty caches: "
                  f"{cold:.1f} s / {plain_first:.1f} s, {cold / plain_first:.2f}, pair by pair "
                  f"{' '.join(f'{r:.2f}' for r in timed['first_ratios'])}; CPU time ratios "
                  f"{cpu:.2f} and {first_cpu:.2f}); service page "
                  f"{results[size]['page_bytes'] / 1024:.1f} KB", flush=True)
        small, large = args.sizes
        growth = results[large]["page_bytes"] / results[small]["page_bytes"]
        kb, search_kb, parts = first_load(tmp / f"site{large}", tmp / "nginx")
        index = [tmp / f"site{large}" / "search/fi.json",
                 *(tmp / f"site{large}" / "search/fi").rglob("*.json")]
        index_kb = sum(path.stat().st_size for path in index) / 1024
        index_gz = sum(len(gzip.compress(path.read_bytes())) for path in index) / 1024
        print(f"first load of a service page: {kb:.1f} KB; the first search adds {search_kb:.1f} KB "
              f"({'; '.join(parts)})")
        print(f"Finnish search index at {large} services: {index_kb:.0f} KB ({index_gz:.0f} KB gzip) "
              f"in {len(index)} files, of which a search fetches the few it needs")
        sample_mean, sample_kb = first_search(tmp / f"site{large}" / "search")
        _, check_kb = first_search(synthetic_index(
            tmp / f"site{large}", tmp / f"p{large}", large, tmp / f"index{large}")[0])
        folder, scale_pages = synthetic_index(tmp / f"site{large}", tmp / f"p{large}", SEARCH_SCALE,
                                              tmp / f"index{SEARCH_SCALE}")
        scale_mean, scale_kb = first_search(folder)
        search_growth = scale_kb / sample_kb
        print(f"first search ({len(SEARCH_QUERIES)} sample queries, search.js + root + fragments "
              f"search.js fetches, gzip): {large} services {sample_mean:.1f} KB mean, "
              f"{sample_kb:.1f} KB largest (the same index made without MkDocs: {check_kb:.1f} KB); "
              f"{SEARCH_SCALE} services ({scale_pages} Finnish pages, index built from the "
              f"{large}-service site's page sections with copies of its synthetic pages, without "
              f"MkDocs) {scale_mean:.1f} KB mean, {scale_kb:.1f} KB largest", flush=True)
        saves = save_to_page(tmp)
    ratio = max(r["ratio"] for r in results.values())
    first_ratio = max(r["first_ratio"] for r in results.values())
    seconds = max(saves.values())
    misses = [name for name, value in (("build_ratio", ratio), ("first_build_ratio", first_ratio),
                                       ("page_growth", growth),
                                       ("first_load_kb", kb), ("save_to_page_s", seconds),
                                       ("first_search_kb", sample_kb),
                                       ("search_growth", search_growth))
              if value > TARGETS[name]]
    print(json.dumps({"targets": TARGETS, "misses": misses}))
    print(f"bench: build ratio {results[small]['ratio']:.2f}/{results[large]['ratio']:.2f} "
          f"(≤{TARGETS['build_ratio']}), first builds {results[small]['first_ratio']:.2f}/"
          f"{results[large]['first_ratio']:.2f} (≤{TARGETS['first_build_ratio']}), "
          f"page growth {growth:.2f} (≤{TARGETS['page_growth']}), "
          f"first load {kb:.0f} KB (≤{TARGETS['first_load_kb']:.0f}), first search +{search_kb:.0f} KB "
          f"(index {index_gz:.0f} KB gz), first search {sample_kb:.0f} KB at {large} "
          f"(≤{TARGETS['first_search_kb']:.0f}) / {scale_kb:.0f} KB at {SEARCH_SCALE} services "
          f"(×{search_growth:.2f}, ≤{TARGETS['search_growth']}), "
          f"save→page {saves['service']:.2f}/{saves['contacts']:.2f} s "
          f"(≤{TARGETS['save_to_page_s']}) "
          f"{'OK' if not misses else 'MISSED: ' + ', '.join(misses)}")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
