"""core/prose.py reads fences as pymdownx.superfences does: a line the scanner calls code is
code to Markdown, and raw HTML on a line it calls prose is HTML to Markdown, so the source
checks see every tag the page will carry."""

import markdown
import pytest

from macros.core.prose import prose_lines, scan

EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "md_in_html", "toc",
              "pymdownx.details", "pymdownx.superfences", "pymdownx.tasklist"]  # mkdocs.yml's
FENCES = {
    "closed by a longer fence": "Teksti\n\n~~~\n<script>a()</script>\n~~~~\n\n<script>b()</script>\n",
    "closed by more backticks": "```\n<script>a()</script>\n````\n",
    "closed by the other kind": "~~~\n<script>a()</script>\n```\n",
    "unclosed": "Teksti\n\n```\n<script>a()</script>\n",
    "indented in a list item": ("- kohta\n\n    ```\n    <script>a()</script>\n    ```\n\n"
                                "<script>b()</script>\n"),
    "in a numbered item": "1. kohta\n   ```\n   <script>a()</script>\n   ```\n",
    "indented four at the top": "Teksti\n\n    ```\n    <script>a()</script>\n\n<script>b()</script>\n",
    "tab-indented": "\t```\n<script>a()</script>\n```\n",
    "backtick in the info": "``` a`b\n<script>a()</script>\n```\n",
    "in a blockquote": "> ```\n> <script>a()</script>\n> ```\n",
    "longer fence closed by shorter": "~~~~\n<script>a()</script>\n~~~\n<script>b()</script>\n~~~~\n",
    "a normal fence": "```html\n<script>a()</script>\n```\n\n<script>b()</script>\n",
}


@pytest.mark.parametrize("name", FENCES)
def test_a_script_markdown_keeps_raw_is_on_a_prose_line(name):
    text = FENCES[name]
    html = markdown.markdown(text, extensions=EXTENSIONS)
    prose = "\n".join(line for _, line in prose_lines(text))
    for script in ("<script>a()", "<script>b()"):
        if script in html:  # raw to Markdown: prose to the checks
            assert script in prose, (script, html)
        elif name != "indented four at the top":  # an indented code block is prose here (checked)
            assert script not in prose, (script, html)


def test_open_code_close_lines_of_a_fence():
    kinds = [kind for _, _, kind in scan("a\n```py\nx\ny\n```\nb")]
    assert kinds == ["prose", "open", "code", "code", "close", "prose"]
