"""helpers.drill: cards read from the notebooks, the drill, the mock interview, its history, the widgets."""

import json
from pathlib import Path

import nbformat
import pytest

from helpers import drill
from helpers.course import NOTEBOOKS_DIR, SECTIONS

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def cards():
    return drill.load_drill_cards()


def _notebook(path: Path, *markdown: str) -> Path:
    """Write a small notebook whose cells are the given markdown sources (plus one code cell)."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(markdown[0]), nbformat.v4.new_code_cell("import helpers")]
    nb.cells += [nbformat.v4.new_markdown_cell(m) for m in markdown[1:]]
    nbformat.write(nb, path)
    return path


FIRST = "# Q03 · 如何实现卷积神经网络（CNN）？\n**Convs**\n\nTopics: conv · im2col · Difficulty: ★★☆ · Runtime: ~5 s"
ANSWER = ("## 面试速答 · Interview answer\n\n**中文（60 秒）：** 卷积是互相关。\n\n"
          "**English (60 seconds):** Convolution is cross-correlation.\n\n- Weight sharing.")
QUIZ = ("## 自测 · Check yourself\n\n**1.** Params of Conv2D(64, 3)?\n\n<details><summary>答案 · Answer</summary>\n\n"
        "18,496.\n</details>\n\n2. Output side?\n<details><summary>答案 · Answer</summary>\n\n12.\n</details>\n\n"
        "### Debug this\n\nFix it.\n\n<details><summary>参考答案 · Solution</summary>\n\n```python\nx = 1\n```\n"
        "</details>\n\n## 追问 · Follow-up questions\n\n- **What is a 1×1 conv?** A per-pixel Dense layer,\n"
        "  across channels.\n* **Dilated conv?** Spaced taps.\n  - a nested point\n- no bold here\n\n"
        "Closing prose.\n\n## 延伸阅读 · Further reading\n\n- LeCun 1998.")


def test_synthetic_notebook_is_parsed_by_its_headings(tmp_path):
    path = _notebook(tmp_path / "q03_demo.ipynb", FIRST, ANSWER, QUIZ)
    card = drill.read_drill_card(path)
    assert (card.number, card.tag, card.notebook) == (3, "q03", "q03_demo.ipynb")
    assert card.title_zh == "如何实现卷积神经网络（CNN）？"  # the course's own title list
    assert card.topics == ("conv", "im2col")
    assert card.answer_zh == "卷积是互相关。"  # the bold label is dropped
    assert card.answer_en == "Convolution is cross-correlation.\n\n- Weight sharing."
    assert [f.question for f in card.follow_ups] == ["What is a 1×1 conv?", "Dilated conv?"]
    assert card.follow_ups[0].answer == "A per-pixel Dense layer,\nacross channels."
    assert card.follow_ups[1].answer == "Spaced taps.\n- a nested point"
    assert [(q.question, q.answer) for q in card.quiz] == [("Params of Conv2D(64, 3)?", "18,496."),
                                                           ("Output side?", "12.")]  # the solution is left out
    assert card.prompt.startswith("**Q03 · 如何实现卷积神经网络（CNN）？**")
    assert "卷积是互相关" in card.answer and "cross-correlation" in card.answer
    assert "2 follow-ups" in card.summary()


def test_bad_notebooks_raise_and_are_skipped_by_the_loader(tmp_path):
    with pytest.raises(TypeError):
        drill.read_drill_card(3)
    with pytest.raises(ValueError, match="qNN_"):
        drill.read_drill_card(tmp_path / "drill.ipynb")
    _notebook(tmp_path / "q05_draft.ipynb", "# Q05 draft", "## 原理 · Theory\n\nnot yet")
    with pytest.raises(ValueError, match="Interview answer"):
        drill.read_drill_card(tmp_path / "q05_draft.ipynb")
    _notebook(tmp_path / "q06_noenglish.ipynb", "# Q06", "## 面试速答 · Interview answer\n\n**中文：** 只有中文。")
    with pytest.raises(ValueError, match="English"):
        drill.read_drill_card(tmp_path / "q06_noenglish.ipynb")
    _notebook(tmp_path / "q03_demo.ipynb", FIRST, ANSWER, QUIZ)
    (tmp_path / "drill.ipynb").write_text("{}")  # not a question notebook: ignored
    assert [c.number for c in drill.load_drill_cards(tmp_path)] == [3]
    with pytest.raises(ValueError, match="no notebooks folder"):
        drill.load_drill_cards(tmp_path / "missing")


def test_every_course_notebook_gives_a_full_card(cards):
    with_answer = [p for p in sorted(NOTEBOOKS_DIR.glob("q[0-9][0-9]_*.ipynb"))
                   if SECTIONS[0] in p.read_text(encoding="utf-8")]
    assert [c.notebook for c in cards] == [p.name for p in with_answer]  # new notebooks appear by themselves
    assert len({c.number for c in cards}) == len(cards)
    for c in cards:
        assert c.answer_zh and c.answer_en and "**English" not in c.answer_zh, c.notebook
        assert len(c.follow_ups) >= 3 and all(f.question and f.answer for f in c.follow_ups), c.notebook
        assert len(c.quiz) >= 3, c.notebook
        assert all(q.question and q.answer and "</details>" not in q.question for q in c.quiz), c.notebook


def test_cards_quote_the_notebooks_verbatim(cards):
    """No second copy: every answer and follow-up is a substring of its notebook's JSON text."""
    for c in cards:
        nb = nbformat.read(NOTEBOOKS_DIR / c.notebook, as_version=4)
        text = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")
        assert c.answer_en in text and c.answer_zh in text, c.notebook
        for f in c.follow_ups:
            assert f.question in text, c.notebook


def test_drill_draws_every_card_once_then_reshuffles(cards):
    d = drill.Drill(cards, seed=0)
    first = [d.next_question().number for _ in range(len(cards))]
    assert sorted(first) == sorted(c.number for c in cards)
    again = drill.Drill(cards, seed=0)
    assert [again.next_question().number for _ in range(len(cards))] == first  # seeded: reproducible
    assert d.next_question().number in first


def test_drill_reveals_only_when_asked_and_follow_ups_one_at_a_time(cards):
    d = drill.Drill(cards, seed=1)
    with pytest.raises(RuntimeError):
        d.reveal_answer()
    card = d.next_question(3)
    assert card.number == 3 and not d.revealed
    assert d.reveal_answer() == card.answer and d.revealed
    asked = []
    while (fu := d.next_follow_up()) is not None:
        asked.append(fu)
        assert d.follow_ups_left == len(card.follow_ups) - len(asked)
    assert asked == list(card.follow_ups)
    d.next_question()
    assert not d.revealed and d.follow_ups_left == len(d.current.follow_ups)
    with pytest.raises(ValueError):
        drill.Drill(cards, topic="vision").next_question(1)


def test_topics_by_group_or_word(cards):
    vision = drill.Drill(cards, topic="vision").cards
    assert vision and all(c.number in drill.DRILL_TOPICS["vision"] for c in vision)
    assert {c.number for c in drill.Drill(cards, topic="ROC").cards} >= {1}  # a word of Q01's topics
    assert len(drill.Drill(cards, topic="all").cards) == len(cards)
    with pytest.raises(ValueError, match="no question matches"):
        drill.Drill(cards, topic="quantum chromodynamics")
    with pytest.raises(TypeError):
        drill.Drill(cards, topic=3)
    with pytest.raises(TypeError):
        drill.Drill(["not a card"])
    groups = {n for nums in drill.DRILL_TOPICS.values() for n in nums}
    assert groups == set(range(1, 31))  # every question has a group


def test_mock_interview_grades_and_saves_history(cards, tmp_path):
    mock = drill.MockInterview(cards, seed=2)
    assert len(mock.questions) == 5 and len({c.number for c in mock.questions}) == 5
    assert mock.max_score == 5 * len(drill.DRILL_RUBRIC)
    with pytest.raises(RuntimeError, match="grade every question"):
        mock.record()
    assert mock.grade(0, mechanism=True, pitfall=True, number=True) == 3
    with pytest.raises(ValueError, match="unknown rubric"):
        mock.grade(1, charm=True)
    with pytest.raises(TypeError):
        mock.grade(1, mechanism="yes")
    with pytest.raises(ValueError):
        mock.grade(5)
    with pytest.raises(ValueError):
        mock.grade(1, seconds=-1)
    for i in range(1, 5):
        mock.grade(i, seconds=42.25, mechanism=True)
    assert mock.complete and mock.score == 7
    assert mock.weakest()[0] in {en for _, _, en in drill.DRILL_RUBRIC}
    path = tmp_path / "sub" / "history.json"
    assert mock.save(path) == path
    second = drill.MockInterview(cards, n=1, topic="text", seed=3)
    second.grade(0, time=True)
    second.save(path)
    sessions = drill.load_score_history(path)
    assert [s["score"] for s in sessions] == [7, 1] and sessions[1]["topic"] == "text"
    assert sessions[0]["questions"][1]["seconds"] == pytest.approx(42.25, abs=0.06)
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == 1
    with pytest.raises(ValueError, match="only"):
        drill.MockInterview(cards, n=6, topic="basics")


def test_history_path_is_explicit_or_under_home_never_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.delenv("COURSE_DRILL_HISTORY", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert drill.default_drill_history_path() == tmp_path / "data" / "dl-interview-course" / "drill_history.json"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert drill.default_drill_history_path().is_relative_to(tmp_path / "home")
    monkeypatch.setenv("COURSE_DRILL_HISTORY", str(tmp_path / "mine.json"))
    assert drill.default_drill_history_path() == tmp_path / "mine.json"
    monkeypatch.setenv("COURSE_DRILL_HISTORY", "relative.json")
    with pytest.raises(ValueError, match="absolute"):
        drill.default_drill_history_path()
    with pytest.raises(ValueError, match="absolute"):
        drill.load_score_history("scores.json")
    with pytest.raises(TypeError):
        drill.load_score_history(3)
    assert drill.load_score_history(tmp_path / "none.json") == []
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    with pytest.raises(ValueError, match="not a drill score history"):
        drill.load_score_history(bad)


def _texts(out) -> str:
    return "\n".join(o.get("data", {}).get("text/markdown", "") for o in out.outputs)


def test_drill_widget_buttons(cards):
    box = drill.drill_widget(cards, topic="vision", seed=0)
    panel = box.panel
    assert panel.reveal.disabled and not panel.prompt.outputs
    box.new_button.click()
    card = box.drill().current
    assert card.number in drill.DRILL_TOPICS["vision"] and card.title_zh in _texts(panel.prompt)
    assert not _texts(panel.answer) and panel.play.playing
    panel.reveal.click()
    assert card.answer_en in _texts(panel.answer) and panel.reveal.disabled and not panel.play.playing
    for _ in card.follow_ups:
        panel.next_follow.click()
    assert panel.next_follow.disabled and len(panel.follow.outputs) == len(card.follow_ups)
    assert card.follow_ups[-1].question in _texts(panel.follow)
    box.topic_picker.value = "speech"
    box.new_button.click()
    assert box.drill().current.number in drill.DRILL_TOPICS["speech"] and not panel.answer.outputs
    with pytest.raises(ValueError):
        drill.drill_widget(cards, topic="astrology")


def test_mock_interview_widget_runs_five_questions_and_saves(cards, tmp_path):
    path = tmp_path / "h.json"
    box = drill.mock_interview_widget(cards, seed=4, history_path=path)
    assert "h.json" in box.status.value and box.grade_button.disabled
    box.start_button.click()
    for i in range(5):
        box.panel.reveal.click()
        box.rubric_boxes["mechanism"].value = True
        box.rubric_boxes["number"].value = i % 2 == 0
        box.grade_button.click()
    mock = box.mock()
    assert mock.complete and mock.score == 5 + 3 and box.grade_button.disabled
    assert not path.exists()  # nothing is written until the candidate saves
    box.save_button.click()
    assert drill.load_score_history(path)[0]["score"] == 8 and "saved to" in box.status.value
    with pytest.raises(ValueError, match="absolute"):
        drill.mock_interview_widget(cards, history_path="here.json")


def test_drill_notebook_uses_the_module():
    nb = nbformat.read(ROOT / "notebooks" / "drill.ipynb", as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "helpers.drill_widget(" in code and "helpers.mock_interview_widget(" in code
    assert "helpers.spot_the_bug_widget(" in code
    assert "fit(" not in code  # no training in the drill
    assert nb.metadata.get("widgets"), "stored widget state: run `make execute NB=notebooks/drill.ipynb`"


# ---------------------------------------------------------------- spot the bug

ERRATA = ("## 原示例代码的问题 · What the original code gets wrong\n\nThe seed's sample (excerpt):\n\n"
          "```python\nmodel.fit(x, y)\n```\n\nand its plot:\n\n```python\nplt.show()\n```\n\n**Bugs in the code**\n\n"
          "1. `x` is never defined.\n   It raises NameError.\n2. No validation split.\n\nNot a bug: the plot.\n\n"
          "**How the fix works**: define the data,\nkeep a validation split.\n\nMore prose.")
SEED_CELL = "SEED_MODEL = '''\nmodel = keras.Sequential()\nmodel.fit(x, y)\n'''\nexec(SEED_MODEL, {})"


def _errata_notebook(path: Path, errata: str, code: str, after: str = "## 实现 · Implementation\n\nx") -> Path:
    """A notebook with the first cell, an errata markdown cell, one code cell, then the next section."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(FIRST), nbformat.v4.new_markdown_cell(errata),
                nbformat.v4.new_code_cell(code), nbformat.v4.new_markdown_cell(after)]
    nbformat.write(nb, path)
    return path


def test_bug_card_from_fenced_snippets(tmp_path):
    card = drill.read_bug_card(_errata_notebook(tmp_path / "q03_demo.ipynb", ERRATA, "print(1)"))
    assert (card.number, card.tag, card.source) == (3, "q03", "markdown")
    assert card.snippets == ("model.fit(x, y)", "plt.show()")
    assert card.lead == "The seed's sample (excerpt):"
    assert card.bugs == ("`x` is never defined.\nIt raises NameError.", "No validation split.")
    assert card.fix == "**How the fix works**: define the data,\nkeep a validation split."
    assert "model.fit" not in card.explanation and "_(snippet 2 above)_" in card.explanation
    assert "More prose." in card.explanation and "Implementation" not in card.explanation
    assert "```python\nplt.show()\n```" in card.prompt and "What is wrong" in card.prompt
    assert card.topics == ("conv", "im2col") and card.matches("vision") and not card.matches("speech")


def test_bug_card_from_the_seed_string_of_the_first_code_cell(tmp_path):
    text = "## 原示例代码的问题 · What the original code gets wrong\n\nSame as Q14.\n\n1. No activation."
    card = drill.read_bug_card(_errata_notebook(tmp_path / "q20_demo.ipynb", text, SEED_CELL))
    assert card.source == "code" and card.snippets == ("model = keras.Sequential()\nmodel.fit(x, y)",)
    assert card.lead == "" and card.explanation == "Same as Q14.\n\n1. No activation."
    call = "helpers.show_error('''\nx = LSTM(64)(x)\ny = LSTM(64)(x)\n''', ns, match='ndim')"
    card = drill.read_bug_card(_errata_notebook(tmp_path / "q17_demo.ipynb", text, call))
    assert card.snippets == ("x = LSTM(64)(x)\ny = LSTM(64)(x)",)  # a seed string passed to show_error


def test_notebooks_without_a_snippet_raise_and_are_skipped(tmp_path):
    with pytest.raises(TypeError):
        drill.read_bug_card(None)
    with pytest.raises(ValueError, match="qNN_"):
        drill.read_bug_card(tmp_path / "drill.ipynb")
    text = "## 原示例代码的问题 · What the original code gets wrong\n\nOnly prose."
    _errata_notebook(tmp_path / "q05_prose.ipynb", text, "x = 1  # no seed string")
    with pytest.raises(ValueError, match="no seed snippet"):
        drill.read_bug_card(tmp_path / "q05_prose.ipynb")
    _notebook(tmp_path / "q06_none.ipynb", "# Q06", "## 原理 · Theory\n\nno errata")
    with pytest.raises(ValueError, match="no '## 原示例"):
        drill.read_bug_card(tmp_path / "q06_none.ipynb")
    _errata_notebook(tmp_path / "q03_demo.ipynb", ERRATA, "print(1)")
    assert [c.number for c in drill.load_bug_cards(tmp_path)] == [3]
    with pytest.raises(TypeError):
        drill.load_bug_cards(3)
    with pytest.raises(ValueError, match="no notebooks folder"):
        drill.load_bug_cards(tmp_path / "missing")


@pytest.fixture(scope="module")
def bug_cards():
    return drill.load_bug_cards()


def test_course_notebooks_yield_snippets_read_verbatim(bug_cards):
    with_errata = [p for p in sorted(NOTEBOOKS_DIR.glob("q[0-9][0-9]_*.ipynb"))
                   if SECTIONS[2] in p.read_text(encoding="utf-8")]
    skipped = [p.name for p in with_errata if p.name not in {c.notebook for c in bug_cards}]
    assert len(bug_cards) + len(skipped) == len(with_errata)
    assert len(bug_cards) >= 20, f"only {len(bug_cards)} notebooks yield a snippet; skipped: {skipped}"
    for c in bug_cards:
        nb = nbformat.read(NOTEBOOKS_DIR / c.notebook, as_version=4)
        markdown = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")
        code = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")
        for s in c.snippets:  # no second copy: each snippet and explanation part is in the notebook
            assert s.strip() and s in (markdown if c.source == "markdown" else code), c.notebook
        assert len(c.explanation) > 200 and c.lead in markdown, c.notebook
        assert all(b in markdown for b in c.bugs) and c.fix in markdown, c.notebook
        assert "## " not in c.explanation.replace("### ", ""), c.notebook  # the section only


def test_spot_the_bug_draws_and_reveals_only_when_asked(bug_cards):
    s = drill.SpotTheBug(bug_cards, seed=0)
    with pytest.raises(RuntimeError):
        s.show()
    order = [s.next_snippet().number for _ in range(len(bug_cards))]
    assert sorted(order) == [c.number for c in bug_cards]  # each once before repeats
    again = drill.SpotTheBug(bug_cards, seed=0)
    assert [again.next_snippet().number for _ in bug_cards] == order
    card = s.next_snippet(bug_cards[0].number)
    assert not s.revealed and card.snippets[0] in s.show() and card.explanation not in s.show()
    assert card.explanation in s.reveal() and s.revealed
    vision = drill.SpotTheBug(bug_cards, topic="vision").cards
    assert vision and all(c.number in drill.DRILL_TOPICS["vision"] for c in vision)
    with pytest.raises(ValueError, match="no snippet matches"):
        drill.SpotTheBug(bug_cards, topic="quantum chromodynamics")
    with pytest.raises(TypeError):
        drill.SpotTheBug(bug_cards, topic=3)
    with pytest.raises(TypeError):
        drill.SpotTheBug(["not a card"])
    with pytest.raises(TypeError):
        drill.SpotTheBug("cards")
    with pytest.raises(ValueError):
        drill.SpotTheBug(())
    with pytest.raises(TypeError):
        s.next_snippet("3")
    with pytest.raises(ValueError):
        drill.SpotTheBug(bug_cards, topic="speech").next_snippet(1)


def test_spot_the_bug_widget_buttons(bug_cards):
    box = drill.spot_the_bug_widget(bug_cards, topic="vision", seed=0)
    assert box.reveal_button.disabled and not box.prompt.outputs
    box.new_button.click()
    card = box.spot().current
    assert card.number in drill.DRILL_TOPICS["vision"] and card.snippets[0] in _texts(box.prompt)
    assert not box.explanation.outputs and not box.reveal_button.disabled
    box.reveal_button.click()
    assert card.explanation in _texts(box.explanation) and box.reveal_button.disabled
    box.topic_picker.value = "speech"
    box.new_button.click()
    assert box.spot().current.number in drill.DRILL_TOPICS["speech"] and not box.explanation.outputs
    with pytest.raises(ValueError):
        drill.spot_the_bug_widget(bug_cards, topic="astrology")
    with pytest.raises(TypeError):
        drill.spot_the_bug_widget(bug_cards, topic=None)
