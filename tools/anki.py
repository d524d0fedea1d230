"""Build the course's Anki deck: ``make anki`` → ``_build/course.apkg`` (offline, with genanki).

    python tools/anki.py [OUTPUT.apkg] [--notebooks DIR]

One note per question notebook (front: the question in Chinese and English; back: its 60-second
answer, Chinese and English) and one note per follow-up (front: the follow-up, under its question;
back: its short answer). The text is read from the notebooks by ``helpers.drill`` (no copy), and
rendered from markdown to the HTML Anki shows; ``$…$`` / ``$$…$$`` become Anki's MathJax ``\\(…\\)`` /
``\\[…\\]``.

Stable ids: a note's guid is ``genanki.guid_for("dl-interview-course", number, index)`` with index 0
for the question and 1, 2, … for its follow-ups in notebook order, and the model and deck ids are
constants, so importing a rebuilt deck updates the existing cards instead of adding copies (Anki
updates a note whose guid it knows when the import is newer). Inserting a follow-up in the middle of a
notebook's list shifts the later indices: append new follow-ups at the end of the list.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from light_helpers import light_import  # noqa: E402

(drill,) = light_import("drill")  # no TensorFlow needed

DEFAULT_OUTPUT = ROOT / "_build" / "course.apkg"
GUID_NAMESPACE = "dl-interview-course"
DECK_ID = 1_730_203_020  # constants: never change them, or re-imports duplicate the deck
MODEL_ID = 1_730_203_021
DECK_NAME = "深度学习面试 30 题 · Deep-learning interview course"
CSS = """.card { font-family: -apple-system, "Segoe UI", "Noto Sans CJK SC", "PingFang SC", sans-serif;
  font-size: 18px; text-align: left; color: #222; background: #fff; max-width: 46em; margin: auto; }
.q { font-weight: 600; } .src { color: #888; font-size: 13px; } code { font-size: 90%; }"""


# ---------------------------------------------------------------- markdown → HTML (the subset the notebooks use)

def _inline(text: str, keep: list[str]) -> str:
    """Escape HTML and render **bold**, *italic*, [links](url); placeholders in ``keep`` come back later."""
    text = html.escape(text, quote=False)
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text, flags=re.S)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<i>\1</i>", text)
    text = re.sub(r"\[([^\]]+)\]\((https?://[^)\s]+)\)", r'<a href="\2">\1</a>', text)
    return text


def markdown_to_html(text: str) -> str:
    """A small, deterministic markdown renderer: paragraphs, - / * / 1. lists (one level, nested items
    flattened into their parent), bold, italic, inline code, links and math for Anki's MathJax."""
    keep: list[str] = []

    def stash(s: str) -> str:
        keep.append(s)
        return f"\x00{len(keep) - 1}\x00"

    text = re.sub(r"<details>.*?</details>", "", text, flags=re.S)
    text = re.sub(r"`([^`]+)`", lambda m: stash(f"<code>{html.escape(m.group(1), quote=False)}</code>"), text)
    text = re.sub(r"\$\$(.+?)\$\$", lambda m: stash(r"\[" + html.escape(m.group(1), quote=False) + r"\]"), text,
                  flags=re.S)
    text = re.sub(r"(?<![\\$])\$(?!\s)([^$\n]+?)(?<!\s)\$", lambda m: stash(r"\(" + html.escape(m.group(1), quote=False)
                                                                          + r"\)"), text)
    blocks, out = re.split(r"\n\s*\n", text.strip()), []
    for block in blocks:
        lines = block.splitlines()
        if all(re.match(r"\s*(?:[-*+]|\d+\.)\s", ln) or ln.startswith((" ", "\t")) for ln in lines) and \
                re.match(r"(?:[-*+]|\d+\.)\s", lines[0]):
            ordered = bool(re.match(r"\d+\.", lines[0]))
            items: list[str] = []
            for ln in lines:
                m = re.match(r"(?:[-*+]|\d+\.)\s+(.*)", ln)
                if m:
                    items.append(m.group(1))
                else:  # continuation or nested bullet: part of the item above
                    items[-1] += " " + re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "· ", ln).strip()
            tag = "ol" if ordered else "ul"
            out.append(f"<{tag}>" + "".join(f"<li>{_inline(i, keep)}</li>" for i in items) + f"</{tag}>")
        else:
            paragraph = " ".join(ln.strip() for ln in lines)
            out.append(f"<p>{_inline(paragraph, keep)}</p>")
    result = "\n".join(out)
    return re.sub("\x00(\\d+)\x00", lambda m: keep[int(m.group(1))], result)


# ---------------------------------------------------------------- the deck

def note_guid(number: int, index: int) -> str:
    """The stable guid of question ``number``'s note (``index`` 0) or of its ``index``-th follow-up."""
    import genanki

    return genanki.guid_for(GUID_NAMESPACE, int(number), int(index))


def _model():
    import genanki

    return genanki.Model(
        MODEL_ID, "DL interview course (question → answer)",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Source"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}",
                    "afmt": '{{FrontSide}}<hr id="answer">{{Back}}<p class="src">{{Source}}</p>'}],
        css=CSS)


def notes_for(card) -> list[tuple[str, str, str, str, list[str]]]:
    """(guid, front, back, source, tags) for a card's question and each follow-up."""
    group = [t for t, nums in drill.DRILL_TOPICS.items() if card.number in nums]
    tags = [card.tag, *group]
    title = (f'<div class="q">Q{card.number:02d} · {html.escape(card.title_zh)}</div>'
             f"<div>{html.escape(card.title_en)}</div>")
    back = (f"<p><b>中文：</b></p>{markdown_to_html(card.answer_zh)}"
            f"<p><b>English:</b></p>{markdown_to_html(card.answer_en)}")
    source = f"notebooks/{card.notebook} · 面试速答 · Interview answer"
    rows = [(note_guid(card.number, 0), title, back, source, [*tags, "question"])]
    for k, fu in enumerate(card.follow_ups, start=1):
        front = (f'<div class="src">Q{card.number:02d} · {html.escape(card.title_zh)} · 追问 {k}</div>'
                 f'<div class="q">{markdown_to_html(fu.question)}</div>')
        rows.append((note_guid(card.number, k), front, markdown_to_html(fu.answer),
                     f"notebooks/{card.notebook} · 追问 · Follow-up questions", [*tags, "follow-up"]))
    return rows


def build_deck(cards=None):
    """A ``genanki.Deck`` of every card's question and follow-ups (cards: ``helpers.drill`` cards)."""
    import genanki

    cards = drill.load_drill_cards() if cards is None else cards
    deck, model = genanki.Deck(DECK_ID, DECK_NAME), _model()
    for card in cards:
        for guid, front, back, source, tags in notes_for(card):
            deck.add_note(genanki.Note(model=model, fields=[front, back, source], guid=guid, tags=tags))
    return deck


def write_deck(output: str | Path = DEFAULT_OUTPUT, notebooks_dir: str | Path | None = None) -> tuple[Path, int]:
    """Write the deck to ``output`` (its folder is created); returns (path, number of notes)."""
    import genanki

    cards = drill.load_drill_cards(notebooks_dir)
    deck = build_deck(cards)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    genanki.Package(deck).write_to_file(str(output))
    return output, len(deck.notes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", nargs="?", default=str(DEFAULT_OUTPUT))
    parser.add_argument("--notebooks", default=None, help="folder of qNN_*.ipynb (default: the course's)")
    args = parser.parse_args(argv)
    try:
        import genanki  # noqa: F401
    except ImportError:
        print("genanki is not installed: `make venv` installs requirements.txt (genanki==0.13.1)", file=sys.stderr)
        return 1
    cards = drill.load_drill_cards(args.notebooks)
    path, n = write_deck(args.output, args.notebooks)
    follow = sum(len(c.follow_ups) for c in cards)
    try:
        shown = path.resolve().relative_to(ROOT)
    except ValueError:
        shown = path
    print(f"wrote {shown}: {n} notes ({len(cards)} questions, {follow} follow-ups)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
