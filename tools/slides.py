"""Build one reveal.js deck per question notebook, offline: ``make slides``.

    python tools/slides.py [--out _build/slides]

Each deck is cut from the stored, executed notebook by its fixed structure (the nine H2
sections, helpers.SECTIONS), with no cell tags and no edit to the notebook:

1. the title cell;
2. 面试速答, the 60-second answer: Chinese, then (a sub-slide) English;
3. one key figure: the first figure of 原理 (Theory), else of 实现 (Implementation);
4. one seed bug: the first live demonstration in 原示例代码的问题 that is more than a missing
   name (``NameError``), with the text just above it; then (a sub-slide) the paragraph that
   says how the fix works ("**How the fix works**", "**The fixes**"), where the notebook has one;
5. 结果: the first results figure and (a sub-slide) the SCORECARD line;
6. 动手探索: the stored widget, with the sentence above it;
7. 追问: the follow-up questions, to discuss with the class.

The selection is done on copies in memory. Code is hidden where only the figure matters (it
stays visible for the seed bug). The decks use nbconvert's reveal template with reveal.js,
jQuery, require.js, MathJax and the ipywidgets HTML manager copied from node_modules into
``_static/``: nothing loads from the network. Arrow keys move; ``s`` opens the speaker view.
"""

from __future__ import annotations

import argparse
import copy
import html
import re
import sys
import time
from pathlib import Path

import nbformat
from jinja2 import DictLoader
from nbconvert import SlidesExporter

sys.path.insert(0, str(Path(__file__).resolve().parent))
import site_common as sc  # noqa: E402

STATIC = "_static/"
DECK_TEMPLATE = (
    "{%- extends 'reveal/index.html.j2' -%}\n"
    + sc.FAST_INPUT_BLOCK
    + """
{% block html_head_css %}
<style>
.reveal .slides { text-align: left; }
.reveal h1, .reveal h2, .reveal h3 { text-transform: none; }
.reveal .jp-InputArea pre { white-space: pre-wrap; font-size: 15px; }
.reveal .jp-RenderedHTMLCommon h1 { font-size: 1.6em; }
.reveal .jp-RenderedHTMLCommon h2 { font-size: 1.25em; }
.reveal section img { max-height: 480px; }
.reveal .jp-OutputArea-output pre { font-size: 15px; white-space: pre-wrap; }
.reveal .jp-RenderedHTMLCommon li { font-size: 18px; }
</style>
{% endblock html_head_css %}
"""
)


# The errata section's fix paragraph, as the notebooks write it: "**How the fix works**: …",
# "**How the fixes work below:** …", "**The fixes**, used from here on: …".
FIX_PARAGRAPH = re.compile(r"\*\*(How the fix|The fix)", re.I)


def _has_image(cell) -> bool:
    return cell.cell_type == "code" and any("image/png" in o.get("data", {}) for o in cell.get("outputs", []))


def _has_widget(cell) -> bool:
    return cell.cell_type == "code" and any(
        "application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in cell.get("outputs", []))


def _output_text(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")


def _md(source: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(source)


def _code(cell, hide_input: bool) -> nbformat.NotebookNode:
    cell = copy.deepcopy(cell)
    if hide_input:
        cell.metadata["transient"] = {"remove_source": True}
    return cell


def _before(parts: list[sc.Part], k: int, limit: int = 900) -> sc.Part | None:
    """The markdown just above parts[k], unless it is the section's opening text or is long."""
    if k > 1 and parts[k - 1].cell.cell_type == "markdown" and len(parts[k - 1].source) <= limit:
        return parts[k - 1]
    return None


def _tagged(section: sc.Section | None, tag: str) -> int | None:
    """Position in ``section.parts`` of the first cell tagged ``tag`` (optional author overrides)."""
    if section is None:
        return None
    return next((i for i, p in enumerate(section.parts) if tag in p.cell.metadata.get("tags", [])), None)


def deck(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The slide notebook: the selected cells, copied, with their slide types.

    An author can override a choice by tagging a cell: ``slide-figure`` (in 原理, 实现 or 结果),
    ``slide-bug`` (a code cell in 原示例代码的问题), ``slide-fix`` (a markdown cell there).
    No notebook needs a tag: without one, the structure decides.
    """
    secs = sc.sections(nb)
    slides: list[tuple[str, nbformat.NotebookNode]] = [("slide", _md(nb.cells[0].source))]

    def add(kind: str, cells: list[nbformat.NotebookNode]) -> None:
        for j, cell in enumerate(cells):
            slides.append((kind if j == 0 else "-", cell))

    if answer := secs.get(sc.ANSWER):
        text = answer.markdown()
        zh, sep, en = text.partition("\n**English")
        add("slide", [_md(zh)])
        if sep:
            add("subslide", [_md(answer.heading + "\n\n**English" + en)])

    figure_from = next((secs[s] for s in (sc.THEORY, sc.IMPLEMENTATION, sc.RESULTS)
                        if _tagged(secs.get(s), "slide-figure") is not None), None)
    figure_from = figure_from or next((secs[s] for s in (sc.THEORY, sc.IMPLEMENTATION, sc.RESULTS)
                                       if s in secs and any(_has_image(p.cell) for p in secs[s].parts)), None)
    if figure_from:
        k = _tagged(figure_from, "slide-figure")
        k = k if k is not None else next(i for i, p in enumerate(figure_from.parts) if _has_image(p.cell))
        note = _before(figure_from.parts, k, 600)
        add("slide", [_md(figure_from.heading + ("\n\n" + note.source if note else "")),
                      _code(figure_from.parts[k].cell, hide_input=True)])

    if errata := secs.get(sc.ERRATA):
        parts = errata.parts
        demos = [i for i, p in enumerate(parts) if p.cell.cell_type == "code" and _output_text(p.cell).strip()]
        telling = [i for i in demos if "NameError" not in _output_text(parts[i].cell)]
        if _tagged(errata, "slide-bug") is not None:
            demos = [_tagged(errata, "slide-bug")]
        if demos:
            k = (telling or demos)[0] if _tagged(errata, "slide-bug") is None else demos[0]
            note = _before(parts, k)
            add("slide", [_md(errata.heading + ("\n\n" + note.source if note else "")), _code(parts[k].cell, hide_input=False)])
        note = _before(parts, k) if demos else None
        fix = parts[_tagged(errata, "slide-fix")].source if _tagged(errata, "slide-fix") is not None else None
        for part in parts:
            found = FIX_PARAGRAPH.search(part.source) if part.cell.cell_type == "markdown" and part is not note else None
            if fix is None and found:
                fix = part.source[found.start():].strip()  # the fix paragraph to the end of its cell
        if fix is not None:
            add("subslide", [_md(fix)])

    if results := secs.get(sc.RESULTS):
        figures = [p for p in results.parts if _has_image(p.cell)]
        if figures:
            add("slide", [_md(results.heading), _code(figures[0].cell, hide_input=True)])
        card = next((p for p in results.parts if p.cell.cell_type == "code" and "SCORECARD" in _output_text(p.cell)), None)
        if card is not None:
            add("subslide" if figures else "slide", [_md(results.heading + " · SCORECARD"), _code(card.cell, hide_input=True)])

    if explore := secs.get(sc.EXPLORE):
        parts = explore.parts
        k = next((i for i, p in enumerate(parts) if _has_widget(p.cell)), None)
        if k is None:
            k = next((i for i, p in enumerate(parts) if _has_image(p.cell)), None)
        if k is not None:
            note = _before(parts, k, 700)
            add("slide", [_md(explore.heading + ("\n\n" + note.source if note else "")), _code(parts[k].cell, hide_input=True)])

    if follow := secs.get(sc.FOLLOW_UP):
        add("slide", [_md(follow.markdown())])

    out = nbformat.v4.new_notebook(metadata=copy.deepcopy(nb.metadata))
    for n, (kind, cell) in enumerate(slides):
        cell = copy.deepcopy(cell)
        cell["id"] = f"slide-{n}"  # a cell may be picked twice (a heading line and a figure)
        cell.metadata["slideshow"] = {"slide_type": kind}
        out.cells.append(cell)
    return out


def make_exporter() -> SlidesExporter:
    cls = sc.fast_exporter_class(SlidesExporter)
    ex = cls(extra_loaders=[DictLoader({"course_deck.html.j2": DECK_TEMPLATE})], template_file="course_deck.html.j2")
    for name, value in sc.exporter_urls(STATIC).items():
        setattr(ex, name, value)
    ex.reveal_url_prefix = STATIC + "reveal.js"
    ex.reveal_theme = "white"  # its fonts are local (see site_common.ASSETS)
    ex.reveal_scroll = True
    ex.reveal_number = "c/t"
    ex.exclude_input_prompt = True
    ex.exclude_output_prompt = True
    ex.language_code = "zh-CN"
    return ex


def build(out: Path = sc.BUILD / "slides", notebooks: list[Path] | None = None, quiet: bool = False) -> list[Path]:
    """Write one ``qNN_slug.slides.html`` per notebook and an ``index.html`` into ``out``."""
    started = time.perf_counter()
    notebooks = sc.question_notebooks() if notebooks is None else notebooks
    sc.fresh_build_dir(out, ("require.js", "jquery.min.js", "mathjax", "html-manager", "reveal.js"))
    ex = make_exporter()
    written, rows = [], []
    for path in notebooks:
        nb = sc.read(path)
        slides = deck(nb)
        slides.metadata["title"] = sc.title_lines(nb)[0]
        body, _ = ex.from_notebook_node(slides, resources={"metadata": {"name": path.stem}})
        target = out / f"{path.stem}.slides.html"
        target.write_text(sc.rewrite_notebook_links(body, set(), missing="notebook"), encoding="utf-8")
        written.append(target)
        count = sum(c.metadata["slideshow"]["slide_type"] in ("slide", "subslide") for c in slides.cells)
        zh, en = sc.title_lines(nb)
        rows.append(f'<li><a href="{target.name}">{html.escape(zh)}</a> · {html.escape(en)} ({count} slides)</li>')
    (out / "index.html").write_text(
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>Slides</title>'
        '<style>body{font:16px/1.6 system-ui,"Noto Sans CJK SC",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}</style>'
        "</head><body><h1>幻灯片 · Slides</h1><p>← → to move, <kbd>s</kbd> speaker view, <kbd>Esc</kbd> overview.</p><ul>"
        + "".join(rows) + "</ul></body></html>\n", encoding="utf-8")
    if not quiet:
        print(f"slides: {len(written)} decks in {out} ({time.perf_counter() - started:.1f} s); open {out / 'index.html'}")
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=sc.BUILD / "slides")
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/q*.ipynb")
    args = parser.parse_args(argv)
    build(args.out, [p.resolve() for p in args.notebooks] or None)


if __name__ == "__main__":
    main()
