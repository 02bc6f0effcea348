"""A clone of the handbook with `./kasikirja muokkain` running in it, for the web editor's
browser tests: the real command, the real preview (`mkdocs serve`) and the real local backend
(admin/server.mjs with decap-server), each on a free loopback port."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from servers import free_port
from sites import ROOT


def git(clone: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=clone, capture_output=True, text=True,
                          check=True).stdout


def make_clone(target: Path) -> Path:
    """The project's files (committed and new, as git sees them) in a new repository, with the
    installed environments linked in."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                           capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    for env in (".venv", "node_modules"):
        (target / env).symlink_to((ROOT / env).resolve())
    git(target, "init", "-q", "-b", "main")
    git(target, "config", "user.name", "Toimittaja")
    git(target, "config", "user.email", "toimittaja@lapha.test")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "Käsikirja")
    return target


def wait_for(url: str, timeout: float, contains: str | None = None) -> str:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                last = response.read().decode("utf-8", "replace")
                if contains is None or contains in last:
                    return last
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} did not answer{' with ' + contains if contains else ''} in {timeout} s")


@dataclass
class Editor:
    clone: Path
    admin: str  # http://127.0.0.1:N/admin/
    preview: str  # http://127.0.0.1:M
    output: list[str]


@contextmanager
def muokkain(clone: Path, built: bool = True):
    """Run `./kasikirja muokkain` in ``clone`` until the block ends (then Ctrl+C, as an editor
    stops it); yields the addresses it printed. ``built``: wait until the preview has built the
    handbook (data the build refuses never builds)."""
    preview_port, admin_port = free_port(), free_port()
    env = {**os.environ, "ESIKATSELU_PORTTI": str(preview_port), "MUOKKAIN_PORTTI": str(admin_port)}
    process = subprocess.Popen(["./kasikirja", "muokkain"], cwd=clone, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               start_new_session=True)
    output: list[str] = []
    try:
        for line in process.stdout:
            output.append(line)
            if "Lopeta painamalla Ctrl+C" in line:
                break
        threading.Thread(target=lambda: output.extend(process.stdout), daemon=True).start()
        text = "".join(output)
        admin = f"http://127.0.0.1:{admin_port}/admin/"
        assert admin in text, text
        preview = f"http://127.0.0.1:{preview_port}"
        if built:
            wait_for(preview + "/", 600, "Aikuissosiaalityön käsikirja")
        else:
            wait_for(admin, 60)
        yield Editor(clone, admin, preview, output)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
