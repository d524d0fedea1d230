"""Build the printable cheat sheet, offline: ``make cheatsheet``.

    python tools/cheatsheet.py [--out _build/cheatsheet] [--no-pdf]

One A4 page per question notebook: its title (Chinese and English), its 面试速答 · Interview
answer (the 60-second answer, Chinese and English) and its 追问 · Follow-up questions, read from
the stored notebook's markdown and rendered as the notebook renders it (MathJax from a local
copy). A few lines of JavaScript shrink each page's font until the page fits on one sheet.
``cheatsheet.html`` is for the screen and the browser's Print; ``cheatsheet.pdf`` is printed by
headless Chromium (``--print-to-pdf``, no LaTeX). Without Chromium the PDF is skipped, saying so.
"""

from __future__ import annotations

import argparse
import html
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import site_common as sc  # noqa: E402

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-pdf-header-footer",
)

CSS = """
@page { size: A4; margin: 10mm; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif;
  color: #111; background: #eee; }
.sheet { box-sizing: border-box; width: 190mm; height: 276mm; overflow: hidden; margin: 0 auto; background: #fff;
  break-after: page; page-break-after: always; font-size: 10.5pt; line-height: 1.38; }
.sheet:last-child { break-after: auto; page-break-after: auto; }
.sheet header { border-bottom: 2px solid #1565c0; margin-bottom: .5em; padding-bottom: .2em; }
.sheet header .q { font-size: 1.5em; font-weight: 700; }
.sheet header .en { font-size: 1.05em; color: #333; }
.sheet h2 { font-size: 1.12em; color: #1565c0; margin: .5em 0 .25em; }
.sheet p, .sheet ul, .sheet ol { margin: .25em 0; }
.sheet ul, .sheet ol { padding-left: 1.3em; }
.sheet code { font-size: .92em; background: #f3f3f3; padding: 0 .15em; }
.sheet pre { white-space: pre-wrap; font-size: .85em; background: #f6f6f6; padding: .3em; }
.sheet table { border-collapse: collapse; font-size: .92em; }
.sheet td, .sheet th { border: 1px solid #ccc; padding: .1em .3em; }
.sheet .followup { column-count: 2; column-gap: 6mm; }
.sheet .followup h2 { column-span: all; }
.sheet .followup li { break-inside: avoid; }
.sheet .source { font-size: .8em; color: #666; }
.sheet a.anchor-link { display: none; }
@media screen { .sheet { margin: 8mm auto; padding: 10mm; width: 210mm; height: 296mm; box-shadow: 0 2px 8px rgba(0,0,0,.2); } }
@media print { body { background: #fff; } }
.sheet[data-fit="overflow"] { outline: 3px solid #e53935; }
"""

# Shrink each sheet's font until its content fits the page (after MathJax has typeset).
FIT_JS = """
(function () {
  function fit() {
    document.querySelectorAll('.sheet').forEach(function (sheet) {
      var size = 10.5;
      sheet.style.fontSize = size + 'pt';
      while (sheet.scrollHeight > sheet.clientHeight + 1 && size > 6) {
        size -= 0.25;
        sheet.style.fontSize = size + 'pt';
      }
      sheet.setAttribute('data-fit', sheet.scrollHeight > sheet.clientHeight + 1 ? 'overflow' : size.toFixed(2));
    });
    document.body.setAttribute('data-fitted', 'yes');
  }
  if (window.MathJax && MathJax.Hub) { MathJax.Hub.Queue(fit); } else { fit(); }
  window.addEventListener('beforeprint', fit);
})();
"""

MATHJAX_INIT = """
<script type="text/x-mathjax-config">
MathJax.Hub.Config({ tex2jax: { inlineMath: [['$','$'], ['\\\\(','\\\\)']], displayMath: [['$$','$$'], ['\\\\[','\\\\]']],
  processEscapes: true }, messageStyle: 'none', CommonHTML: { linebreaks: { automatic: true } } });
</script>
"""


def markdown_to_html(source: str) -> str:
    """Markdown as nbconvert renders a notebook's markdown cell (math left for MathJax)."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(source)


def _details_open(fragment: str) -> str:
    """Folded answers (<details>) print unfolded."""
    return fragment.replace("<details>", "<details open>")


def sheet(path: Path) -> str:
    """One page: title, 60-second answer, follow-up questions."""
    nb = sc.read(path)
    secs = sc.sections(nb)
    zh, en = sc.title_lines(nb)
    answer = secs.get(sc.ANSWER)
    follow = secs.get(sc.FOLLOW_UP)
    missing = [s for s, sec in ((sc.ANSWER, answer), (sc.FOLLOW_UP, follow)) if sec is None]
    if missing:
        print(f"cheatsheet: {path.name} has no {' / '.join(missing)} section", file=sys.stderr)
    body = [f'<header><div class="q">{html.escape(zh)}</div><div class="en">{html.escape(en)}</div></header>']
    if answer is not None:
        body.append(f'<div class="answer">{_details_open(markdown_to_html(answer.markdown()))}</div>')
    if follow is not None:
        body.append(f'<div class="followup">{_details_open(markdown_to_html(follow.markdown()))}</div>')
    body.append(f'<div class="source">notebooks/{html.escape(path.name)}</div>')
    body = [sc.rewrite_notebook_links(part, set(), missing="notebook") for part in body]
    return f'<section class="sheet" id="{path.stem}" data-notebook="{html.escape(path.name)}">{"".join(body)}</section>'


def page(notebooks: list[Path]) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        "<title>面试速答与追问 · Interview cheat sheet</title>"
        f"<style>{CSS}</style>{MATHJAX_INIT}"
        f'<script src="_static/mathjax/{sc.MATHJAX_CONFIG}"></script>'
        "</head><body>\n" + "\n".join(sheet(p) for p in notebooks) + f"\n<script>{FIT_JS}</script>\n</body></html>\n"
    )


def find_chromium() -> str | None:
    """$CHROMIUM, or the first Chromium/Chrome on PATH."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    return next((p for p in map(shutil.which, CHROMIUM_NAMES) if p), None)


def print_pdf(html_file: Path, pdf: Path, chromium: str, timeout: float = 120) -> None:
    """Print ``html_file`` to ``pdf`` with headless Chromium (a fresh, empty profile; no network use)."""
    with tempfile.TemporaryDirectory(prefix="cheatsheet-chromium-") as profile:
        cmd = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=20000",
               f"--print-to-pdf={pdf}", html_file.resolve().as_uri()]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        raise SystemExit(f"cheatsheet: Chromium failed ({done.returncode}):\n{done.stderr[-2000:]}")


def pdf_page_count(pdf: Path) -> int:
    """Pages in a PDF Chromium wrote (its page objects are not compressed)."""
    import re

    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes()))


def build(out: Path = sc.BUILD / "cheatsheet", notebooks: list[Path] | None = None, pdf: bool = True,
          quiet: bool = False) -> tuple[Path, Path | None]:
    """Write ``cheatsheet.html`` (and ``cheatsheet.pdf`` when Chromium is there) into ``out``."""
    started = time.perf_counter()
    notebooks = sc.question_notebooks() if notebooks is None else notebooks
    sc.fresh_build_dir(out, ("mathjax",))
    html_file = out / "cheatsheet.html"
    html_file.write_text(page(notebooks), encoding="utf-8")
    pdf_file = None
    if pdf:
        chromium = find_chromium()
        if chromium is None:
            print("cheatsheet: PDF skipped: no Chromium found (apt-get install chromium, or set CHROMIUM=/path)")
        else:
            pdf_file = out / "cheatsheet.pdf"
            print_pdf(html_file, pdf_file, chromium)
    if not quiet:
        made = f"{html_file}" + (f" and {pdf_file} ({pdf_page_count(pdf_file)} pages)" if pdf_file else "")
        print(f"cheatsheet: {len(notebooks)} questions: {made} ({time.perf_counter() - started:.1f} s)")
    return html_file, pdf_file


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=sc.BUILD / "cheatsheet")
    parser.add_argument("--no-pdf", action="store_true", help="HTML only")
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/q*.ipynb")
    args = parser.parse_args(argv)
    build(args.out, [p.resolve() for p in args.notebooks] or None, pdf=not args.no_pdf)


if __name__ == "__main__":
    main()
