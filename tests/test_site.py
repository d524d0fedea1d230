"""Tests for `make site`, `make slides` and `make cheatsheet` (tools/site.py, slides.py, cheatsheet.py).

Each output is built once per test session into a temporary folder, from the stored notebooks
(nothing is executed). The browser assets come from node_modules: `make test` installs them
(`npm ci`, pinned by package-lock.json) before the offline run; run alone, these tests try
`npm ci` themselves. Only the PDF test is skipped when Chromium is absent.
"""

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import load_tool

ROOT = Path(__file__).resolve().parent.parent
site, slides, cheatsheet = load_tool("site"), load_tool("slides"), load_tool("cheatsheet")
sc = site.sc  # tools/site_common.py, as the tools import it
NOTEBOOKS = sc.question_notebooks()


@pytest.fixture(scope="session")
def node_modules():
    """The npm assets; installed with `npm ci` if missing (needs the registry once)."""
    missing = lambda: [s for s, _ in sc.ASSETS.values() if not (sc.NODE_MODULES / s).exists()]  # noqa: E731
    if missing() and shutil.which("npm"):
        subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=ROOT,
                       capture_output=True, timeout=600)
    if missing():
        pytest.fail(f"npm assets missing ({', '.join(missing())}): run `npm ci --ignore-scripts` once "
                    "(make site / slides / cheatsheet do; make test needs it before going offline)")


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory, node_modules):
    out = tmp_path_factory.mktemp("site")
    site.build(out, quiet=True)
    return out


@pytest.fixture(scope="session")
def slides_dir(tmp_path_factory, node_modules):
    out = tmp_path_factory.mktemp("slides")
    slides.build(out, quiet=True)
    return out


@pytest.fixture(scope="session")
def cheatsheet_dir(tmp_path_factory, node_modules):
    out = tmp_path_factory.mktemp("cheatsheet")
    cheatsheet.build(out, pdf=False, quiet=True)
    return out


def _pages(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.html"))


def _links(page: str) -> list[str]:
    return [html.unescape(m.group(2)) for m in re.finditer(r'\b(href|src)="([^"]*)"', page)]


def _check_links(folder: Path) -> list[str]:
    """Every local href/src of every page in ``folder`` points at a file, and a #fragment at an id."""
    broken, ids = [], {}
    for page_file in _pages(folder):
        page = page_file.read_text(encoding="utf-8")
        for link in _links(page):
            parts = urlsplit(link)
            if parts.scheme in ("http", "https", "mailto", "data", "javascript") or link.startswith("//"):
                continue
            target = (page_file.parent / unquote(parts.path)).resolve() if parts.path else page_file
            if not target.is_file():
                broken.append(f"{page_file.name}: {link}")
                continue
            if parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = set(re.findall(r'\bid="([^"]+)"', target.read_text(encoding="utf-8")))
                if parts.fragment not in ids[target] and unquote(parts.fragment) not in ids[target]:
                    broken.append(f"{page_file.name}: {link} (no such id)")
    return broken


REMOTE = [
    re.compile(r"<script\b[^>]*\bsrc=[\"']?(?:https?:)?//", re.I),
    re.compile(r"<link\b[^>]*\bhref=[\"']?(?:https?:)?//", re.I),
    re.compile(r"@import\s+(?:url\()?[\"']?(?:https?:)?//", re.I),
    re.compile(r"\bimport\(\s*[\"'](?:https?:)?//", re.I),
    re.compile(r"<(?:img|iframe|video|audio|source)\b[^>]*\bsrc=[\"']?(?:https?:)?//", re.I),
]


def _remote_loads(folder: Path) -> list[str]:
    found = []
    for f in [*folder.rglob("*.html"), *folder.rglob("*.css")]:
        text = f.read_text(encoding="utf-8", errors="replace")
        found += [f"{f.relative_to(folder)}: {m.group(0)[:80]}" for rx in REMOTE for m in rx.finditer(text)]
    return found


# ---- the pieces -------------------------------------------------------------------------------

def test_sections_split_at_h2_lines_outside_code_fences():
    nb = sc.read(NOTEBOOKS[0])
    nb.cells = [sc.nbformat.v4.new_markdown_cell("# T\n**E**"),
                sc.nbformat.v4.new_markdown_cell("## 面试速答 · Interview answer\nA\n```python\n## not a heading\n```"),
                sc.nbformat.v4.new_markdown_cell("## 追问 · Follow-up questions\nF\n## 延伸阅读 · Further reading\nR")]
    secs = sc.sections(nb)
    assert "## not a heading" in secs[sc.ANSWER].markdown()
    assert secs[sc.FOLLOW_UP].markdown().split("\n") == ["## 追问 · Follow-up questions", "F"]
    assert secs[sc.READING].markdown().endswith("R") and sc.title_lines(nb) == ("T", "E")


def test_links_to_notebooks_become_pages_or_coming():
    page = '<p><a href="q03_cnn.ipynb#x">Q03</a> and <a href="q99_none.ipynb">Q99</a></p>'
    out = sc.rewrite_notebook_links(page, {"q03_cnn.html"})
    assert '<a href="q03_cnn.html#x">Q03</a>' in out
    assert "q99_none.ipynb" not in out and '<span class="coming"' in out


# ---- make site --------------------------------------------------------------------------------

def test_every_notebook_has_a_page_in_order_with_navigation(site_dir):
    names = [p.name for p in _pages(site_dir)]
    assert sorted(names) == sorted(sc.page_name(p) for p in sc.NOTEBOOKS.glob("*.ipynb"))  # every notebook
    order = ["index.html", *(nb.stem + ".html" for nb in NOTEBOOKS + sc.other_notebooks())]
    for i, name in enumerate(order):
        page = (site_dir / name).read_text(encoding="utf-8")
        if i + 1 < len(order):
            assert f'rel="next" href="{order[i + 1]}"' in page, name
        if i > 1:
            assert f'rel="prev" href="{order[i - 1]}"' in page, name
        assert 'id="course-search"' in page and "_static/search_index.js" in page
    index = (site_dir / "index.html").read_text(encoding="utf-8")
    assert "课程地图 · Course map" in index and all(f'href="{nb.stem}.html"' in index for nb in NOTEBOOKS
                                                   if nb.name in sc.INDEX_NOTEBOOK.read_text(encoding="utf-8"))


def test_site_links_resolve(site_dir):
    assert _check_links(site_dir) == []


def test_site_loads_nothing_remote(site_dir):
    assert _remote_loads(site_dir) == []
    for asset in ("require.js", "mathjax/MathJax.js", "html-manager/embed-amd.js", "lab.css", "search.js"):
        assert (site_dir / "_static" / asset).is_file(), asset


def test_stored_widgets_and_math_are_rendered_locally(site_dir):
    for nb_path in NOTEBOOKS:
        nb = sc.read(nb_path)
        page = (site_dir / f"{nb_path.stem}.html").read_text(encoding="utf-8")
        assert '<script src="_static/mathjax/MathJax.js' in page
        if "application/vnd.jupyter.widget-state+json" in nb.metadata.get("widgets", {}):
            assert 'type="application/vnd.jupyter.widget-state+json"' in page, nb_path.name
            assert "var widgetRendererSrc = '_static/html-manager/embed-amd.js'" in page, nb_path.name


def test_search_index_points_into_every_page(site_dir):
    text = (site_dir / "_static" / "search_index.js").read_text(encoding="utf-8")
    entries = json.loads(text[text.index("=") + 1:].strip().rstrip(";"))
    pages = {e["u"].split("#")[0] for e in entries}
    assert pages == {p.name for p in _pages(site_dir)}
    assert any("面试速答" in e["h"] for e in entries) and all(e["x"] for e in entries)
    links = "".join(f'<a href="{html.escape(e["u"])}"></a>' for e in entries)
    (site_dir / "zz_search_links.html").write_text(links, encoding="utf-8")
    try:
        assert _check_links(site_dir) == []
    finally:
        (site_dir / "zz_search_links.html").unlink()


# ---- make slides ------------------------------------------------------------------------------

def test_every_notebook_has_a_deck_with_its_parts(slides_dir):
    assert {p.name for p in _pages(slides_dir)} == {"index.html", *(nb.stem + ".slides.html" for nb in NOTEBOOKS)}
    for nb_path in NOTEBOOKS:
        nb = sc.read(nb_path)
        deck = slides.deck(nb)
        kinds = [c.metadata["slideshow"]["slide_type"] for c in deck.cells]
        assert kinds[0] == "slide" and deck.cells[0].source == nb.cells[0].source
        text = "\n".join(c.source for c in deck.cells if c.cell_type == "markdown")
        secs = sc.sections(nb)
        for heading in (sc.ANSWER, sc.FOLLOW_UP):
            assert (heading in text) == (heading in secs), (nb_path.name, heading)
        if sc.ERRATA in secs and "**How the fix works" in secs[sc.ERRATA].markdown():
            assert "**How the fix works" in text, nb_path.name  # the seed bug's fix follows the bug
        page = (slides_dir / f"{nb_path.stem}.slides.html").read_text(encoding="utf-8")
        if any("SCORECARD" in o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs):
            assert "SCORECARD {" in page, nb_path.name
        if "widgets" in nb.metadata and sc.EXPLORE in secs:
            assert 'type="application/vnd.jupyter.widget-view+json"' in page, nb_path.name
        assert "_static/reveal.js/dist/reveal.js" in page


def test_slides_links_resolve_and_load_nothing_remote(slides_dir):
    assert _check_links(slides_dir) == []
    assert _remote_loads(slides_dir) == []


# ---- make cheatsheet --------------------------------------------------------------------------

def test_cheatsheet_has_one_page_per_notebook(cheatsheet_dir):
    page = (cheatsheet_dir / "cheatsheet.html").read_text(encoding="utf-8")
    sheets = re.findall(r'<section class="sheet" id="([^"]+)" data-notebook="([^"]+)">(.*?)</section>', page, re.S)
    assert [name for _, name, _ in sheets] == [nb.name for nb in NOTEBOOKS]
    for _, name, body in sheets:
        body = html.unescape(body)
        secs = sc.sections(sc.read(sc.NOTEBOOKS / name))
        if sc.ANSWER in secs:
            assert "面试速答" in body and "Interview answer" in body, name
        if sc.FOLLOW_UP in secs:
            assert "追问" in body and "Follow-up questions" in body, name
    assert _check_links(cheatsheet_dir) == [] and _remote_loads(cheatsheet_dir) == []


def test_cheatsheet_pdf_has_one_page_per_notebook(cheatsheet_dir, tmp_path):
    chromium = cheatsheet.find_chromium()
    if chromium is None:
        pytest.skip("no Chromium: the PDF is printed by headless Chromium (apt-get install chromium)")
    pdf = tmp_path / "cheatsheet.pdf"
    cheatsheet.print_pdf(cheatsheet_dir / "cheatsheet.html", pdf, chromium)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert cheatsheet.pdf_page_count(pdf) == len(NOTEBOOKS)


def test_make_targets_build_into_build_folder():
    for target, tool in (("site", "tools/site.py"), ("slides", "tools/slides.py"), ("cheatsheet", "tools/cheatsheet.py")):
        dry = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True, check=True).stdout
        assert tool in dry, target
    assert "_build/" in (ROOT / ".gitignore").read_text() and "node_modules/" in (ROOT / ".gitignore").read_text()
    assert sys.version_info >= (3, 11)
