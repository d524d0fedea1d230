"""Build the course website from the stored, executed notebooks, offline: ``make site``.

    python tools/site.py [--out _build/site]

Writes ``index.html`` (the index notebook: how to use the course, the course map, the glossary)
and one page per ``notebooks/q*.ipynb`` with its stored outputs, MathJax and stored ipywidgets,
a bar with prev / next question, the nine sections, and a search box. The search is client-side:
``_static/search_index.js`` (every section's text, generated here) and ``_static/search.js``.
Everything loads from ``_static/`` (copied from node_modules by :mod:`site_common`), so the site
opens from disk (file://) or from any local server, and no request leaves the machine.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
import time
from pathlib import Path

from jinja2 import DictLoader
from nbconvert import HTMLExporter

sys.path.insert(0, str(Path(__file__).resolve().parent))
import site_common as sc  # noqa: E402

STATIC = "_static/"

PAGE_TEMPLATE = (
    "{%- extends 'lab/index.html.j2' -%}\n"
    + sc.FAST_INPUT_BLOCK
    + """
{% block notebook_css %}
<link rel="icon" href="data:,">
<link rel="stylesheet" href="_static/lab.css">
<link rel="stylesheet" href="_static/course.css">
{% endblock notebook_css %}
{% block body_header %}
{{ super() }}
{{ resources.course.nav }}
{% endblock body_header %}
{% block body_footer %}
{{ resources.course.footer }}
<script src="_static/search_index.js"></script>
<script src="_static/search.js"></script>
{{ super() }}
{% endblock body_footer %}
"""
)

COURSE_CSS = """
body.jp-Notebook { padding-top: 0; }
main { max-width: 1100px; margin: 0 auto; padding: 0 1rem 3rem; }
.course-nav { position: sticky; top: 0; z-index: 100; background: #f7f7f7; border-bottom: 1px solid #ddd;
  display: flex; flex-wrap: wrap; gap: .4rem 1rem; align-items: center; padding: .45rem 1rem;
  font: 14px/1.4 system-ui, "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
.course-nav a { text-decoration: none; color: #1565c0; }
.course-nav .here { font-weight: 600; }
.course-nav .spacer { flex: 1; }
.course-toc { font-size: 13px; width: 100%; display: flex; flex-wrap: wrap; gap: .2rem .9rem; }
#course-search { width: 16rem; padding: .2rem .4rem; font-size: 14px; }
#course-search-results { position: absolute; right: 1rem; top: 2.6rem; width: min(36rem, 92vw); max-height: 70vh;
  overflow-y: auto; background: #fff; border: 1px solid #ccc; box-shadow: 0 4px 12px rgba(0,0,0,.15); display: none; }
#course-search-results a { display: block; padding: .4rem .6rem; border-bottom: 1px solid #eee; color: #222; }
#course-search-results a:hover, #course-search-results a:focus { background: #e3f2fd; }
#course-search-results .where { color: #1565c0; font-size: 13px; }
#course-search-results .snippet { color: #555; font-size: 12px; }
#course-search-results mark { background: #fff59d; }
.course-footer { max-width: 1100px; margin: 2rem auto; padding: 1rem; border-top: 1px solid #ddd;
  display: flex; justify-content: space-between; font-size: 14px; }
.coming { color: #777; font-style: italic; }
h1:hover a.anchor-link, h2:hover a.anchor-link, h3:hover a.anchor-link { display: inline; margin-left: .3em; }
"""

# The search: every term (split on spaces) must occur in a section's heading or text; sections
# whose heading matches rank first. Substring matching, so Chinese needs no word segmentation.
SEARCH_JS = r"""
(function () {
  var box = document.getElementById('course-search'), out = document.getElementById('course-search-results');
  if (!box || !window.COURSE_SEARCH) return;
  function esc(s) { return s.replace(/[&<>"]/g, function (c) { return {'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]; }); }
  function snippet(text, term) {
    var i = text.toLowerCase().indexOf(term), s = Math.max(0, i - 60);
    var part = (s > 0 ? '…' : '') + text.slice(s, s + 180) + (s + 180 < text.length ? '…' : '');
    return esc(part).replace(new RegExp(esc(term).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'ig'), function (m) { return '<mark>' + m + '</mark>'; });
  }
  function run() {
    var terms = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    if (!terms.length) { out.style.display = 'none'; out.innerHTML = ''; return; }
    var hits = [];
    window.COURSE_SEARCH.forEach(function (e) {
      var head = (e.p + ' ' + e.h).toLowerCase(), body = e.x.toLowerCase(), score = 0;
      for (var i = 0; i < terms.length; i++) {
        var inHead = head.indexOf(terms[i]) >= 0, inBody = body.indexOf(terms[i]) >= 0;
        if (!inHead && !inBody) return;
        score += inHead ? 10 : 1;
      }
      hits.push([score, e]);
    });
    hits.sort(function (a, b) { return b[0] - a[0]; });
    out.innerHTML = hits.slice(0, 30).map(function (h) {
      var e = h[1];
      return '<a href="' + e.u + '"><div class="where">' + esc(e.p) + ' › ' + esc(e.h) + '</div><div class="snippet">' + snippet(e.x, terms[0]) + '</div></a>';
    }).join('') || '<a>没有结果 · No results</a>';
    out.style.display = 'block';
  }
  box.addEventListener('input', run);
  box.addEventListener('keydown', function (ev) { if (ev.key === 'Escape') { box.value = ''; run(); } });
  document.addEventListener('click', function (ev) { if (!out.contains(ev.target) && ev.target !== box) out.style.display = 'none'; });
  box.addEventListener('focus', run);
  var q = new URLSearchParams(window.location.search).get('q');  // index.html?q=感受野 opens a search
  if (q) { box.value = q; run(); }
})();
"""


def make_exporter() -> HTMLExporter:
    """nbconvert's HTML exporter with the course template and local asset URLs."""
    cls = sc.fast_exporter_class(HTMLExporter)
    ex = cls(extra_loaders=[DictLoader({"course_page.html.j2": PAGE_TEMPLATE})], template_file="course_page.html.j2")
    for name, value in sc.exporter_urls(STATIC).items():
        setattr(ex, name, value)
    ex.exclude_input_prompt = True
    ex.exclude_output_prompt = True
    ex.language_code = "zh-CN"
    return ex


def lab_css(ex: HTMLExporter) -> str:
    """JupyterLab's stylesheet that nbconvert would inline into every page, written once instead."""
    env = ex.environment
    parts = [env.loader.get_source(env, name)[0] for name in ("static/index.css", "static/theme-light.css")]
    parts.append("* { -webkit-print-color-adjust: exact; }\na.anchor-link { display: none; }\n"
                 ".jp-Collapser { display: none; }\n.jp-InputArea { overflow: hidden; }")
    return "\n".join(parts)


def nav_bar(pages: list[tuple[str, str]], i: int, toc: list[tuple[str, str]]) -> str:
    """The sticky bar: course map, prev / this / next question, search; then this page's sections."""
    name, label = pages[i]
    items = ['<a href="index.html"%s>课程地图 · Course map</a>' % (' class="here"' if i == 0 else "")]
    if i > 1:
        items.append(f'<a rel="prev" href="{pages[i - 1][0]}" title="{html.escape(pages[i - 1][1])}">← {html.escape(pages[i - 1][1].split(" · ")[0])}</a>')
    if i > 0:
        items.append(f'<span class="here">{html.escape(label)}</span>')
    if i + 1 < len(pages):
        items.append(f'<a rel="next" href="{pages[i + 1][0]}" title="{html.escape(pages[i + 1][1])}">{html.escape(pages[i + 1][1].split(" · ")[0])} →</a>')
    items.append('<span class="spacer"></span>')
    items.append('<input id="course-search" type="search" placeholder="搜索 · Search the course" aria-label="Search the course" autocomplete="off">')
    items.append('<div id="course-search-results" role="listbox"></div>')
    links = "".join(f'<a href="#{anchor}">{html.escape(text)}</a>' for anchor, text in toc)
    return f'<nav class="course-nav">{"".join(items)}<div class="course-toc">{links}</div></nav>'


def footer(pages: list[tuple[str, str]], i: int) -> str:
    prev = f'<a rel="prev" href="{pages[i - 1][0]}">← {html.escape(pages[i - 1][1])}</a>' if i > 1 else '<a href="index.html">← 课程地图 · Course map</a>'
    nxt = f'<a rel="next" href="{pages[i + 1][0]}">{html.escape(pages[i + 1][1])} →</a>' if i + 1 < len(pages) else "<span></span>"
    return f'<footer class="course-footer">{prev if i > 0 else "<span></span>"}{nxt}</footer>'


def search_entries(nb, page: str, label: str, ids: dict[str, str]) -> list[dict]:
    """One entry per H1–H3 section of the notebook's markdown: page, heading, link, plain text."""
    entries: list[dict] = []
    heading, anchor, chunks = label, "", []

    def flush():
        text = sc.plain_text("\n".join(chunks))
        if text:
            entries.append({"p": label, "h": heading, "u": page + (f"#{anchor}" if anchor else ""), "x": text})

    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        fenced = False
        for line in cell.source.split("\n"):
            if sc._FENCE.match(line):
                fenced = not fenced
            m = None if fenced else sc._HEADING.match(line)
            if m and len(m.group(1)) <= 3:
                flush()
                heading = sc.plain_text(m.group(2))
                anchor, chunks = ids.get(heading, ""), []
            else:
                chunks.append(line)
    flush()
    return entries


def build(out: Path = sc.BUILD / "site", notebooks: list[Path] | None = None, quiet: bool = False) -> list[Path]:
    """Write the site into ``out`` (emptied first); return the pages written."""
    started = time.perf_counter()
    # the questions in order, then any other notebook (a drill page, say); the index comes first
    notebooks = sc.question_notebooks() + sc.other_notebooks() if notebooks is None else notebooks
    static = sc.fresh_build_dir(out, ("require.js", "mathjax", "html-manager"))
    ex = make_exporter()
    (static / "lab.css").write_text(lab_css(ex), encoding="utf-8")
    (static / "course.css").write_text(COURSE_CSS, encoding="utf-8")
    (static / "search.js").write_text(SEARCH_JS, encoding="utf-8")

    sources = [sc.INDEX_NOTEBOOK, *notebooks]
    books = [sc.read(p) for p in sources]
    pages = [(sc.page_name(p), "课程地图 · Course map" if p == sc.INDEX_NOTEBOOK else sc.title_lines(nb)[0])
             for p, nb in zip(sources, books)]
    existing = {name for name, _ in pages}
    written, index = [], []
    for i, (path, nb) in enumerate(zip(sources, books)):
        name, label = pages[i]
        nb.metadata["title"] = label if i else sc.title_lines(nb)[0]
        resources = {"metadata": {"name": path.stem}, "course": {"nav": "<!--COURSE-NAV-->", "footer": footer(pages, i)}}
        body, _ = ex.from_notebook_node(nb, resources=resources)
        heads = sc.html_headings(body)
        toc = [(anchor, text) for level, anchor, text in heads if level == 2]
        body = body.replace("<!--COURSE-NAV-->", nav_bar(pages, i, toc), 1)
        body = sc.rewrite_notebook_links(body, existing)
        (out / name).write_text(body, encoding="utf-8")
        written.append(out / name)
        ids = {}
        for _, anchor, text in heads:
            ids.setdefault(text, anchor)
        index.extend(search_entries(nb, name, label, ids))
    payload = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    (static / "search_index.js").write_text(f"window.COURSE_SEARCH = {payload};\n", encoding="utf-8")
    if not quiet:
        size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file()) / 2**20
        print(f"site: {len(written)} pages, {len(index)} search entries, {size:.1f} MB in {out} "
              f"({time.perf_counter() - started:.1f} s); open {out / 'index.html'}")
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=sc.BUILD / "site")
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/q*.ipynb, then the others")
    args = parser.parse_args(argv)
    build(args.out, [p.resolve() for p in args.notebooks] or None)


if __name__ == "__main__":
    main()
