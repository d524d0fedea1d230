"""tools/anki.py: the Anki deck of the questions and follow-ups (`make anki`)."""

import sqlite3
import zipfile
from pathlib import Path

import nbformat
import pytest
from conftest import load_tool

import helpers  # noqa: F401  (the real package, so tools/anki.py shares its helpers.drill)

ROOT = Path(__file__).resolve().parent.parent
anki = load_tool("anki")


def _notes(apkg: Path) -> list[tuple[str, list[str], str]]:
    """(guid, fields, tags) of every note in an .apkg (a zip holding an Anki sqlite collection)."""
    with zipfile.ZipFile(apkg) as z:
        data = z.read("collection.anki2")
    db_path = apkg.with_suffix(".anki2")
    db_path.write_bytes(data)
    con = sqlite3.connect(db_path)
    try:
        rows = con.execute("SELECT guid, flds, tags FROM notes ORDER BY id").fetchall()
    finally:
        con.close()
    return [(g, f.split("\x1f"), t) for g, f, t in rows]


def _mini_course(folder: Path) -> Path:
    """Two question notebooks with 2 and 1 follow-ups."""
    folder.mkdir()
    for number, slug, follow in ((3, "cnn", ["**1×1 conv?** Mixes channels.", "**Dilated?** Spaced taps, $d(k-1)+1$."]),
                                 (5, "lstm", ["**Why gates?** The cell path carries gradients."])):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell(f"# Q{number:02d}\n\nTopics: a · b · Difficulty: ★"),
                    nbformat.v4.new_markdown_cell("## 面试速答 · Interview answer\n\n**中文：** 要点。\n\n"
                                                  "**English:** The **point**, with $x^2$."),
                    nbformat.v4.new_markdown_cell("## 追问 · Follow-up questions\n\n"
                                                  + "\n".join(f"- {f}" for f in follow))]
        nbformat.write(nb, folder / f"q{number:02d}_{slug}.ipynb")
    return folder


def test_markdown_to_html_covers_what_the_notebooks_use():
    out = anki.markdown_to_html("A **bold** *word*, `a<b`, $x_1 < y$ and $$E = mc^2$$.\n\n"
                                "1. one\n   more\n2. two\n  - nested\n\n- [paper](https://arxiv.org/abs/1)")
    assert "<b>bold</b>" in out and "<i>word</i>" in out and "<code>a&lt;b</code>" in out
    assert r"\(x_1 &lt; y\)" in out and r"\[E = mc^2\]" in out  # Anki's MathJax delimiters
    assert "<ol><li>one more</li><li>two · nested</li></ol>" in out
    assert '<ul><li><a href="https://arxiv.org/abs/1">paper</a></li></ul>' in out
    assert anki.markdown_to_html("x <details><summary>s</summary>hidden</details> y") == "<p>x  y</p>"
    assert "<script>" not in anki.markdown_to_html("<script>alert(1)</script>")


def test_guids_follow_question_number_and_follow_up_index():
    pytest.importorskip("genanki")
    assert anki.note_guid(3, 0) == anki.note_guid(3, 0) != anki.note_guid(3, 1) != anki.note_guid(4, 1)
    assert anki.note_guid(3, 0) == "saK>hY}v=k"  # the scheme is frozen: changing it duplicates every card
    assert (anki.DECK_ID, anki.MODEL_ID) == (1_730_203_020, 1_730_203_021)


def test_deck_counts_notes_and_keeps_ids_across_builds(tmp_path):
    pytest.importorskip("genanki")
    folder = _mini_course(tmp_path / "nb")
    first, n = anki.write_deck(tmp_path / "out" / "a.apkg", folder)
    assert n == 2 + 3 and first.is_file()
    notes = _notes(first)
    assert len(notes) == 5
    assert [g for g, _, _ in notes] == [anki.note_guid(3, 0), anki.note_guid(3, 1), anki.note_guid(3, 2),
                                        anki.note_guid(5, 0), anki.note_guid(5, 1)]
    front, back, source = notes[0][1]
    assert "如何实现卷积神经网络（CNN）？" in front and "Convolutional networks" in front  # Chinese and English
    assert "要点" in back and "<b>point</b>" in back and r"\(x^2\)" in back
    assert source == "notebooks/q03_cnn.ipynb · 面试速答 · Interview answer"
    assert "1×1 conv?" in notes[1][1][0] and notes[1][1][1] == "<p>Mixes channels.</p>"
    assert "follow-up" in notes[1][2] and "q03" in notes[1][2] and "question" in notes[0][2]
    # an edited answer keeps its note's id, so re-importing updates the card in place
    path = folder / "q03_cnn.ipynb"
    path.write_text(path.read_text(encoding="utf-8").replace("要点", "新的要点"), encoding="utf-8")
    second, _ = anki.write_deck(tmp_path / "out" / "b.apkg", folder)
    again = _notes(second)
    assert [g for g, _, _ in again] == [g for g, _, _ in notes]
    assert "新的要点" in again[0][1][1]


def test_whole_course_deck(tmp_path, capsys):
    pytest.importorskip("genanki")
    cards = anki.drill.load_drill_cards()
    assert anki.main([str(tmp_path / "course.apkg")]) == 0
    notes = _notes(tmp_path / "course.apkg")
    assert len(notes) == len(cards) + sum(len(c.follow_ups) for c in cards)
    assert len({g for g, _, _ in notes}) == len(notes)
    assert f"{len(notes)} notes ({len(cards)} questions" in capsys.readouterr().out
    assert str(anki.DEFAULT_OUTPUT.relative_to(ROOT)) == "_build/course.apkg"


def test_makefile_has_the_anki_target():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "\nanki:" in makefile and "tools/anki.py" in makefile and "_build/course.apkg" in makefile
