"""MkDocs hooks (``hooks:`` in mkdocs.yml): each hands over to the one ``Builder``
(``builder.py``), which keeps the build's state; see its docstring for what each step does.

MkDocs loads this file by its path, outside the ``macros`` package. It loads the package
from the folder above by path too (``macros/__init__.py`` registers it), so no folder is
added to ``sys.path``; if ``macros`` is imported already (mkdocs-macros or a test did it),
that one is used.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

if "macros" not in sys.modules:
    runpy.run_path(str(Path(__file__).resolve().parents[1] / "__init__.py"))

from macros.assemble.builder import Builder  # noqa: E402

handbook = Builder()


def on_startup(command, dirty):
    handbook.startup(command, dirty)


def on_config(config):
    return handbook.config(config)


def on_pre_build(config):
    handbook.pre_build(config)


def on_env(env, config, files):
    return handbook.env(env, config, files)


def on_files(files, config):
    return handbook.files(files, config)


def on_page_markdown(markdown, page, config, files):
    return handbook.page_markdown(markdown, page, config, files)


def on_page_content(html, page, config, files):
    return handbook.page_content(html, page)


def on_post_page(output, page, config):
    return handbook.post_page(output, page)


def on_post_template(output_content, template_name, config):
    return handbook.post_template(output_content, template_name)


def on_post_build(config):
    handbook.post_build(config)


def on_build_error(error):
    handbook.build_error(error)


def on_serve(server, config, builder):  # MkDocs passes its rebuild function as `builder`
    return handbook.serve(server)
