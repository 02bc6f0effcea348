"""Where a save's time goes under `mkdocs serve`: the rebuild run in this process as the server
runs it, on a copy of the real handbook (or the project given), split by phase, for the saves
of ``run.py`` (a service's file and data/contacts.yml). CPU time and wall time of each phase,
the median of ``--saves`` saves; the work the server does after the reload (the search index,
saving the caches, deleting the last build's files) on its own line.

    python bench/save_split.py [--saves 5] [--project DIR]

``--project`` measures another copy (for example one with an older macros/ from
``git archive REV macros``); without it the real handbook is copied to a temporary folder.
"""

from __future__ import annotations

import argparse
import collections
import logging
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import SAVES, copy_project  # noqa: E402

# (phase, module, function) timed around each call; nested phases are subtracted from their parent.
PHASES = (
    ("config (load, on_config: data, Voikko, macros)", "mkdocs.config", "load_config"),
    ("config (load, on_config: data, Voikko, macros)", "plugins", "config"),
    ("files (theme listing, on_files: data, history, generation, guards)", "build", "get_files"),
    ("files (theme listing, on_files: data, history, generation, guards)", "files",
     "add_files_from_theme"),
    ("files (theme listing, on_files: data, history, generation, guards)", "plugins", "files"),
    ("cleaning the site folder", "utils", "clean_directory"),
    ("static files", "files", "copy_static_files"),
    ("pages: macros (on_page_markdown)", "plugins", "page_markdown"),
    ("pages: Markdown to HTML", "pages", "render"),
    ("pages: HTML fixes and search sections (on_page_content)", "plugins", "page_content"),
    ("pages: theme templates and writing", "build", "_build_page"),
    ("pages: post-processing (on_post_page)", "plugins", "post_page"),
    ("post_build (API, sitemap; index and caches unless deferred)", "plugins", "post_build"),
)


class Timer:
    def __init__(self):
        self.wall, self.cpu = collections.Counter(), collections.Counter()
        self._stack: list[str] = []

    def wrap(self, phase: str, function):
        def timed(*args, **kwargs):
            self._stack.append(phase)
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                self._stack.pop()
                self.wall[phase] += wall
                self.cpu[phase] += cpu
                if self._stack and self._stack[-1] != phase:  # counted in its own phase
                    self.wall[self._stack[-1]] -= wall
                    self.cpu[self._stack[-1]] -= cpu
        return timed


def instrument(timer: Timer) -> None:
    import mkdocs.commands.build as build
    import mkdocs.config as config
    import mkdocs.structure.files as files
    import mkdocs.structure.pages as pages
    import mkdocs.utils as utils
    from mkdocs.plugins import PluginCollection

    places = {"build": build, "mkdocs.config": config, "utils": utils,
              "files": files.Files, "pages": pages.Page}
    events = {}
    for phase, where, name in PHASES:
        if where == "plugins":
            events[name] = phase
            continue
        target = places[where]
        setattr(target, name, timer.wrap(phase, getattr(target, name)))
    run_event = PluginCollection.run_event

    def timed_event(self, name, item=None, **kwargs):
        if name in events:
            return timer.wrap(events[name], run_event)(self, name, item, **kwargs)
        return run_event(self, name, item, **kwargs)

    PluginCollection.run_event = timed_event


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--project", type=Path)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    work = Path(tempfile.mkdtemp(prefix="save-split-"))
    project = args.project.resolve() if args.project else copy_project(work / "project")
    timer = Timer()
    instrument(timer)
    import mkdocs.commands.build as build
    from mkdocs.config import load_config

    def rebuild(first: bool) -> None:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(work / "site"))
        if first:
            config.plugins.on_startup(command="serve", dirty=False)
        config.site_url = "http://127.0.0.1:8000/"
        build.build(config, serve_url=config.site_url)

    rebuild(True)
    hooks = next(module for name, module in sys.modules.items()
                 if name.endswith("assemble/hooks.py"))  # MkDocs names a hook by its path
    served = getattr(hooks.handbook, "served", None)  # older code: everything in the rebuild
    if served is not None:  # as on_serve does: deferred work runs after the reload
        if hasattr(served, "own_cleaning"):  # older code: MkDocs cleans the folder
            served.own_cleaning()
        served.installed = True
    for what, path, line, _ in SAVES:
        data, before = project / path, line
        runs: list[tuple[float, float, dict, dict, float, float]] = []
        for n in range(1, args.saves + 1):
            after = f"{line} mittaus {n}"
            data.write_text(data.read_text(encoding="utf-8").replace(before, after, 1),
                            encoding="utf-8")
            before = after
            if hasattr(served, "before_rebuild"):  # as the server's build does (older: none)
                served.before_rebuild()
            timer.wall.clear(), timer.cpu.clear()
            wall, cpu = time.perf_counter(), time.process_time()
            rebuild(False)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            later_wall = later_cpu = 0.0
            if served is not None:
                later_wall, later_cpu = time.perf_counter(), time.process_time()
                served._start_later()
                served._wait_for_later()
                later_wall, later_cpu = (time.perf_counter() - later_wall,
                                         time.process_time() - later_cpu)
            runs.append((wall, cpu, dict(timer.wall), dict(timer.cpu), later_wall, later_cpu))
        data.write_text(data.read_text(encoding="utf-8").replace(before, line, 1), encoding="utf-8")
        runs.sort(key=lambda run: run[0])
        wall, cpu, walls, cpus, later_wall, later_cpu = runs[len(runs) // 2]
        print(f"\n{what} ({path}), median of {args.saves} saves: rebuild {wall:.2f} s wall, "
              f"{cpu:.2f} s CPU")
        for phase in dict.fromkeys(phase for phase, _, _ in PHASES):
            print(f"  {walls.get(phase, 0):6.3f} s {cpus.get(phase, 0):6.3f} s CPU  {phase}")
        rest_wall = wall - sum(walls.values())
        rest_cpu = cpu - sum(cpus.values())
        print(f"  {rest_wall:6.3f} s {rest_cpu:6.3f} s CPU  other (navigation, anchors, MkDocs)")
        if served is not None:
            print(f"  after the reload: {later_wall:.2f} s wall, {later_cpu:.2f} s CPU "
                  "(search index, caches, the last build's files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
