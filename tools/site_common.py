"""What `make site`, `make slides` and `make cheatsheet` share (tools/site.py, slides.py, cheatsheet.py).

Everything is read from the stored, executed notebooks: nothing is re-executed and no text is
copied into the tools. New notebooks appear by themselves (``notebooks/q*.ipynb``).

The browser assets (require.js, MathJax 2, the ipywidgets HTML manager, reveal.js, jQuery) come
from npm, pinned in ``package.json`` / ``package-lock.json`` and installed by ``npm ci`` into
``node_modules/``; each build copies the few files it needs next to its pages, so the output
opens from disk or from any local server and no request leaves the machine.
"""

from __future__ import annotations

import html
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
NODE_MODULES = ROOT / "node_modules"
BUILD = ROOT / "_build"
INDEX_NOTEBOOK = NOTEBOOKS / "00_index.ipynb"

sys.path.insert(0, str(ROOT / "tools"))
from light_helpers import light_import  # noqa: E402

(course,) = light_import("course")  # the nine section headings, without TensorFlow
SECTIONS: tuple[str, ...] = course.SECTIONS
ANSWER, THEORY, ERRATA, IMPLEMENTATION, RESULTS, EXPLORE, CHECK, FOLLOW_UP, READING = SECTIONS

# What each build copies out of node_modules: destination under _static/ -> (package path, parts).
ASSETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "require.js": ("requirejs/require.js", ()),
    "jquery.min.js": ("jquery/dist/jquery.min.js", ()),
    "mathjax": (
        "mathjax",
        (
            "MathJax.js",
            "config/TeX-AMS_CHTML-full.js",
            "config/Safe.js",
            "extensions",
            "jax/input/TeX",
            "jax/output/CommonHTML",
            "jax/element",
            "fonts/HTML-CSS/TeX/woff",
            "localization/en",
        ),
    ),
    # embed-amd.js and the icon fonts webpack placed next to it (it loads them relative to itself)
    "html-manager": ("@jupyter-widgets/html-manager/dist", ("embed-amd.js", "*.woff2", "*.woff", "*.ttf", "*.eot", "*.svg")),
    # only the theme the decks use: most other reveal.js themes @import fonts from Google
    "reveal.js": ("reveal.js", ("dist/reveal.css", "dist/reveal.js", "dist/theme/white.css", "dist/theme/fonts", "plugin/notes")),
}
MATHJAX_CONFIG = "MathJax.js?config=TeX-AMS_CHTML-full,Safe"

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def question_notebooks() -> list[Path]:
    """The course's question notebooks, ``notebooks/q*.ipynb``, in order."""
    return sorted(NOTEBOOKS.glob("q*.ipynb"))


def other_notebooks() -> list[Path]:
    """Notebooks that are neither the index nor a question (e.g. ``drill.ipynb``): extra site pages."""
    return sorted(p for p in NOTEBOOKS.glob("*.ipynb") if p.name != INDEX_NOTEBOOK.name and not p.name.startswith("q"))


def read(path: Path) -> nbformat.NotebookNode:
    """A stored notebook, as nbformat 4."""
    return nbformat.read(path, as_version=4)


def page_name(path: Path) -> str:
    """The HTML file a notebook becomes: ``q03_cnn.html``; the index notebook is ``index.html``."""
    return "index.html" if path.name == INDEX_NOTEBOOK.name else path.stem + ".html"


@dataclass
class Part:
    """A cell, or the lines of a markdown cell that lie in one H2 section."""

    index: int  # the cell's position in the notebook
    cell: nbformat.NotebookNode
    source: str  # for a markdown cell split across sections, only this section's lines


@dataclass
class Section:
    heading: str  # the H2 line, e.g. "## 面试速答 · Interview answer"
    parts: list[Part] = field(default_factory=list)

    def markdown(self) -> str:
        """The section's markdown (its heading line included), all markdown cells joined."""
        return "\n\n".join(p.source for p in self.parts if p.cell.cell_type == "markdown")


def split_lines_by_heading(source: str, level: int = 2) -> list[tuple[str | None, str]]:
    """Split markdown at headings of exactly ``level`` outside fenced code: [(heading or None, text)]."""
    chunks: list[tuple[str | None, list[str]]] = [(None, [])]
    fenced = False
    for line in source.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        m = None if fenced else _HEADING.match(line)
        if m and len(m.group(1)) == level:
            chunks.append((line.strip(), [line]))
        else:
            chunks[-1][1].append(line)
    return [(h, "\n".join(lines)) for h, lines in chunks if h is not None or "".join(lines).strip()]


def sections(nb: nbformat.NotebookNode) -> dict[str, Section]:
    """The notebook's H2 sections by heading line; text before the first H2 is under ``""``."""
    out: dict[str, Section] = {"": Section("")}
    current = out[""]
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            current.parts.append(Part(i, cell, cell.source))
            continue
        for heading, text in split_lines_by_heading(cell.source):
            if heading is not None:
                current = out.setdefault(heading, Section(heading))
            current.parts.append(Part(i, cell, text))
    return out


def headings(source: str, max_level: int = 3) -> list[tuple[int, str]]:
    """(level, text) of every heading in markdown, outside fenced code."""
    found, fenced = [], False
    for line in source.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        elif m := _HEADING.match(line):
            if len(m.group(1)) <= max_level:
                found.append((len(m.group(1)), m.group(2)))
    return found


def title_lines(nb: nbformat.NotebookNode) -> tuple[str, str]:
    """("Q03 · 如何实现卷积神经网络（CNN）？", "Convolutional networks: …") from the first cell."""
    lines = [ln.strip() for ln in nb.cells[0].source.split("\n") if ln.strip()]
    zh = lines[0].lstrip("#").strip() if lines else ""
    en = lines[1].strip("*").strip() if len(lines) > 1 and lines[1].startswith("**") else ""
    return zh, en


def plain_text(markdown: str) -> str:
    """Markdown to searchable plain text: no markup, no URLs, whitespace collapsed."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"[*_`#>|]+", " ", text)
    text = re.sub(r"-{3,}", " ", text)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def ensure_node_modules() -> None:
    """Fail with a clear message when ``npm ci`` has not been run."""
    missing = [src for src, _ in ASSETS.values() if not (NODE_MODULES / src).exists()]
    if missing:
        raise SystemExit(
            f"site assets missing from {NODE_MODULES}: {', '.join(missing)}.\n"
            "Run `npm ci --ignore-scripts` once (needs the npm registry; make site/slides/cheatsheet do it)."
        )


def fresh_build_dir(out: Path, assets: tuple[str, ...]) -> Path:
    """Empty ``out``, create ``out/_static`` and copy the named ASSETS into it; return ``_static``."""
    if out.exists():
        shutil.rmtree(out)
    static = out / "_static"
    static.mkdir(parents=True)
    copy_assets(static, assets)
    return static


def copy_assets(static: Path, names: tuple[str, ...]) -> None:
    """Copy the named ASSETS from node_modules into ``static`` (replacing what is there)."""
    ensure_node_modules()
    for name in names:
        src_rel, parts = ASSETS[name]
        src = NODE_MODULES / src_rel
        dest = static / name
        if dest.is_dir():
            shutil.rmtree(dest)
        if not parts:
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest)
            continue
        for pattern in parts:
            for item in sorted(src.glob(pattern)):
                target = dest / item.relative_to(src)
                target.parent.mkdir(parents=True, exist_ok=True)
                if item.is_dir():
                    shutil.copytree(item, target, dirs_exist_ok=True)
                else:
                    shutil.copy2(item, target)
        for license_file in ("LICENSE", "LICENSE.txt", "LICENSE.md"):
            package_root = NODE_MODULES / src_rel.split("/dist")[0]
            if (package_root / license_file).is_file():
                shutil.copy2(package_root / license_file, dest / license_file)


def exporter_urls(static_prefix: str) -> dict[str, str]:
    """nbconvert's asset URLs, pointed at the local copies under ``static_prefix``."""
    return {
        "require_js_url": f"{static_prefix}require.js",
        "mathjax_url": f"{static_prefix}mathjax/{MATHJAX_CONFIG}",
        "widget_renderer_url": f"{static_prefix}html-manager/embed-amd.js",
        "jquery_url": f"{static_prefix}jquery.min.js",
        # never used (no mermaid cells, and the templates drop the loader), but keep them local
        "mermaid_js_url": "",
        "mermaid_layout_elk_js_url": "",
        "jupyter_widgets_base_url": "",
    }


# nbconvert's lab template, changed for speed and offline use: code input is not re-sanitised
# (Pygments' output is escaped already; bleach took most of the build time) and the mermaid
# loader, which imports from a CDN, is dropped (no notebook has mermaid cells).
FAST_INPUT_BLOCK = """
{% block input %}
<div class="jp-CodeMirrorEditor jp-Editor jp-InputArea-editor" data-type="inline">
     <div class="cm-editor cm-s-jupyter">
{{ cell.source | highlight_code(metadata=cell.metadata) }}
     </div>
</div>
{%- endblock input %}
{% block html_head_js_mermaidjs %}{% endblock html_head_js_mermaidjs %}
"""


def fast_exporter_class(base):
    """``base`` (HTMLExporter or SlidesExporter) without its BeautifulSoup pass over the output.

    nbconvert parses every page with BeautifulSoup only to add ``alt`` and ``tabindex``
    attributes; on a 1 MB page that costs seconds. :func:`add_alt_text` does the first.
    """
    from nbconvert.exporters.html import Highlight2HTML, WidgetsDataTypeFilter
    from nbconvert.exporters.templateexporter import TemplateExporter

    class Fast(base):
        def from_notebook_node(self, nb, resources=None, **kw):
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            highlight_code = self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))
            resources = self._init_resources(resources)
            filter_data_type = WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources)
            self.register_filter("highlight_code", highlight_code)
            self.register_filter("filter_data_type", filter_data_type)
            output, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return add_alt_text(output), resources

    Fast.__name__ = "Fast" + base.__name__
    return Fast


def add_alt_text(page: str) -> str:
    """Give every <img> without one an ``alt`` attribute (what nbconvert's BeautifulSoup pass did)."""
    return re.sub(r"<img(?![^>]*\balt=)", '<img alt="figure"', page)


def rewrite_notebook_links(page: str, existing: set[str], missing: str = "coming") -> str:
    """Links to ``qNN_x.ipynb`` become links to ``qNN_x.html`` when that page is in ``existing``;
    other notebook links become plain text, marked *coming* on the site (a notebook not written
    yet) or ``missing="notebook"`` (slides, cheat sheet: no page to go to), so no link breaks."""

    def repl(m: re.Match) -> str:
        before, target, fragment, after, text = m.group(1), m.group(2), m.group(3) or "", m.group(4), m.group(5)
        name = Path(target).name
        stem = name[: -len(".ipynb")]
        html_name = "index.html" if name == INDEX_NOTEBOOK.name else stem + ".html"
        if html_name in existing:
            return f'<a{before}href="{html_name}{fragment}"{after}>{text}</a>'
        if missing == "coming":
            return f'<span class="coming" title="{html.escape(stem)}: not written yet">{text}</span>'
        return f'<span class="notebook-ref" title="notebooks/{html.escape(name)}">{text}</span>'

    return re.sub(
        r'<a([^>]*?)href="((?:\.\./notebooks/|\./)?[A-Za-z0-9_\-]+\.ipynb)(#[^"]*)?"([^>]*)>(.*?)</a>',
        repl,
        page,
        flags=re.S,
    )


def html_headings(page: str) -> list[tuple[int, str, str]]:
    """(level, id, text) of the h1–h3 headings nbconvert wrote (it derives ids from the text)."""
    out = []
    for m in re.finditer(r'<h([1-3]) id="([^"]+)">(.*?)</h\1>', page, flags=re.S):
        text = re.sub(r'<a class="anchor-link".*?</a>', "", m.group(3), flags=re.S)
        text = html.unescape(re.sub(r"<[^>]+>", "", text)).strip()
        out.append((int(m.group(1)), m.group(2), text))
    return out
