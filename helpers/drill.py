"""The interview drill: questions, 60-second answers and follow-ups read from the notebooks themselves.

Nothing here keeps a second copy of the course text. :func:`load_drill_cards` reads every
``notebooks/qNN_*.ipynb`` (a new notebook appears as soon as it is committed) and takes from its
markdown cells, by the contract's H2 headings (:data:`helpers.course.SECTIONS`):

* ``## 面试速答 · Interview answer`` – the 60-second answer, split at ``**English`` into the Chinese
  and the English part (the bold labels ``**中文：**`` / ``**English (60 seconds)**`` are dropped);
* ``## 追问 · Follow-up questions`` – one follow-up per top-level bullet ``- **question** answer``
  (``*`` or ``+`` bullets too);
* ``## 自测 · Check yourself`` – one quiz item per folded ``<details>`` answer (the "debug this"
  solutions, summaries with 参考答案 · Solution, are left to the notebook).

:func:`load_bug_cards` reads the ``## 原示例代码的问题 · What the original code gets wrong`` section
the same way: the seed snippet(s) it shows (its ```` ```python ```` blocks, or the seed code string of its
first code cell) and the notebook's explanation; :class:`SpotTheBug` and :func:`spot_the_bug_widget`
show a snippet and reveal the explanation only when asked.

On top of the cards: :class:`Drill` (a question at random or by topic, the answer only when asked,
then one follow-up at a time), :class:`MockInterview` (five questions, a self-graded rubric
:data:`DRILL_RUBRIC`, a score history in a local JSON file) and two ipywidgets front ends,
:func:`drill_widget` and :func:`mock_interview_widget`, which ``notebooks/drill.ipynb`` shows.

The score history goes where the caller says (an absolute path) or, by default, to
:func:`default_drill_history_path` under the user's home, never silently into the working directory.
"""

from __future__ import annotations

import ast
import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ._validate import check_bool, check_choice, check_int, check_str, rng_from
from .course import NOTEBOOKS_DIR, QUESTIONS, question

__all__ = [
    "BugCard",
    "default_drill_history_path",
    "Drill",
    "DRILL_RUBRIC",
    "DRILL_TOPICS",
    "drill_widget",
    "DrillCard",
    "DrillFollowUp",
    "DrillQuizItem",
    "load_bug_cards",
    "load_drill_cards",
    "load_score_history",
    "mock_interview_widget",
    "MockInterview",
    "read_bug_card",
    "read_drill_card",
    "spot_the_bug_widget",
    "SpotTheBug",
]

ANSWER_HEADING = "面试速答 · Interview answer"
QUIZ_HEADING = "自测 · Check yourself"
FOLLOW_UP_HEADING = "追问 · Follow-up questions"

# Topic groups for "by topic" (question numbers; a notebook that does not exist yet is simply absent).
# Any other topic string is matched, case-insensitively, against a card's titles and its Topics line.
DRILL_TOPICS: dict[str, tuple[int, ...]] = {
    "basics": (1, 2),
    "vision": (3, 12, 14, 19, 20, 26, 27, 28, 29),
    "sequences": (4, 5, 6, 25),
    "text": (8, 9, 10, 11, 15, 16, 17, 18),
    "generative": (7, 13, 30),
    "speech": (21, 22),
    "decisions": (23, 24),
}

# The self-grading rubric of a mock interview: (key, 中文, English). One point per item met.
DRILL_RUBRIC: tuple[tuple[str, str, str], ...] = (
    ("mechanism", "讲清了机制（怎么工作、为什么）", "Covered the mechanism (how it works, why)"),
    ("pitfall", "点出了一个陷阱或常见错误", "Named a pitfall or a classic bug"),
    ("number", "给出了一个数字（公式、形状、复杂度、量级）", "Gave a number (a formula, a shape, a cost, an order of magnitude)"),
    ("evidence", "说了怎么验证（基线、验证集、检验）", "Said how to check it (a baseline, validation, a test)"),
    ("time", "在 60 秒内说完", "Finished within 60 seconds"),
)
_RUBRIC_KEYS = tuple(key for key, _, _ in DRILL_RUBRIC)
HISTORY_VERSION = 1


@dataclass(frozen=True)
class DrillFollowUp:
    """One interviewer follow-up and its short answer (markdown), as the notebook states them."""

    question: str
    answer: str


@dataclass(frozen=True)
class DrillQuizItem:
    """One 自测 question and its folded answer (markdown)."""

    question: str
    answer: str


@dataclass(frozen=True)
class DrillCard:
    """Everything the drill needs about one question, read from its notebook."""

    number: int
    title_zh: str
    title_en: str
    notebook: str  # file name, e.g. "q03_cnn.ipynb"
    topics: tuple[str, ...]
    answer_zh: str  # markdown
    answer_en: str  # markdown
    follow_ups: tuple[DrillFollowUp, ...]
    quiz: tuple[DrillQuizItem, ...]

    @property
    def tag(self) -> str:
        """``"q03"``."""
        return f"q{self.number:02d}"

    @property
    def prompt(self) -> str:
        """The question as an interviewer asks it, in Chinese and English (markdown)."""
        return f"**Q{self.number:02d} · {self.title_zh}**  \n{self.title_en}"

    @property
    def answer(self) -> str:
        """The whole 60-second answer, Chinese then English (markdown)."""
        return f"**中文：** {self.answer_zh}\n\n**English:** {self.answer_en}"

    def summary(self) -> str:
        """One line: number, title, counts."""
        return (f"Q{self.number:02d} {self.title_zh} ({self.notebook}): {len(self.follow_ups)} follow-ups, "
                f"{len(self.quiz)} quiz items")

    def matches(self, topic: str) -> bool:
        """Whether the card belongs to ``topic``: a :data:`DRILL_TOPICS` group, or a word in its titles/topics."""
        topic = check_str("topic", topic).strip().lower()
        if topic in DRILL_TOPICS:
            return self.number in DRILL_TOPICS[topic]
        haystack = " ".join((self.title_zh, self.title_en, *self.topics)).lower()
        return topic in haystack


# ---------------------------------------------------------------- reading a notebook

def _markdown_text(path: Path) -> tuple[str, str]:
    """(first cell's source, every markdown cell joined by newlines) of a notebook, read as JSON."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    cells = nb.get("cells", [])
    source = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in cells]
    first = source[0] if source else ""
    text = "\n".join(s for c, s in zip(cells, source) if c.get("cell_type") == "markdown")
    return first, text


def _sections(text: str) -> dict[str, str]:
    """``{heading: body}`` for every ``## heading`` in the markdown text (a heading may sit mid-cell)."""
    parts = re.split(r"^## (.+?)[ \t]*$", text, flags=re.M)
    return {parts[i].strip(): parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}


_ZH_LABEL = re.compile(r"^\s*\*\*中文[^*\n]*\*\*\s*[:：]?\s*")
_EN_LABEL = re.compile(r"^\s*\*\*English[^*\n]*\*\*\s*[:：]?\s*")


def _split_answer(body: str) -> tuple[str, str]:
    """The Chinese and English halves of a 面试速答 body, labels removed."""
    body = re.sub(r"<details>.*?</details>", "", body, flags=re.S)
    if "**English" not in body:
        raise ValueError("the interview answer has no **English part")
    zh, en = body.split("**English", 1)
    return _ZH_LABEL.sub("", zh).strip(), _EN_LABEL.sub("", "**English" + en).strip()


def _follow_ups(body: str) -> tuple[DrillFollowUp, ...]:
    """One follow-up per top-level ``- **question** answer`` bullet (indented and lazy continuation lines kept)."""
    items: list[list[str]] = []
    current: list[str] | None = None
    blank = False
    for line in body.splitlines():
        if line.startswith(("- ", "* ", "+ ")):
            current, blank = [line[2:]], False
            items.append(current)
        elif current is None:
            continue
        elif not line.strip():
            blank = True
        elif line.startswith((" ", "\t")):
            current.append(line.strip())
            blank = False
        elif not blank and not line.startswith("#"):
            current.append(line)
        else:
            current = None  # a paragraph or heading after the list
    out = []
    for lines in items:
        m = re.match(r"\*\*(.+?)\*\*\s*(.*)", "\n".join(lines).strip(), re.S)
        if m and m.group(2).strip():
            out.append(DrillFollowUp(m.group(1).strip(), m.group(2).strip()))
    return tuple(out)


_DETAILS = re.compile(r"<details>\s*<summary>(.*?)</summary>(.*?)</details>", re.S)
_NUMBERING = re.compile(r"^\s*(?:\*\*\d+\.\*\*|\d+\.)\s*")


def _quiz(body: str) -> tuple[DrillQuizItem, ...]:
    """One item per folded answer; the question is the text since the previous fold."""
    out, start = [], 0
    for m in _DETAILS.finditer(body):
        before, start = body[start:m.start()], m.end()
        summary = m.group(1)
        if "Solution" in summary or "参考答案" in summary:
            continue
        before = before.strip()
        if "\n#" in "\n" + before:  # a heading in between: the question is what follows it
            before = re.split(r"^#+ .*$", before, flags=re.M)[-1].strip()
        text = _NUMBERING.sub("", before).strip()
        if text:
            out.append(DrillQuizItem(text, m.group(2).strip()))
    return tuple(out)


def _topics(first_cell: str) -> tuple[str, ...]:
    """The topics of the first cell's ``Topics: a · b · Difficulty: …`` line."""
    for line in first_cell.splitlines():
        if line.startswith("Topics:"):
            parts = [p.strip() for p in line[len("Topics:"):].split(" · ")]
            return tuple(p for p in parts if p and not p.startswith(("Difficulty", "Runtime")))
    return ()


def read_drill_card(path: str | os.PathLike) -> DrillCard:
    """Read one ``qNN_<slug>.ipynb`` into a :class:`DrillCard`.

    ValueError if the file name is not ``qNN_*.ipynb`` or the notebook has no interview answer.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or a path, got {type(path).__name__}")
    path = Path(path)
    m = re.fullmatch(r"q(\d\d)_\w+\.ipynb", path.name)
    if not m:
        raise ValueError(f"expected a notebook named qNN_<slug>.ipynb, got {path.name!r}")
    q = question(int(m.group(1)))
    first, text = _markdown_text(path)
    sections = _sections(text)
    if ANSWER_HEADING not in sections:
        raise ValueError(f"{path.name} has no '## {ANSWER_HEADING}' section")
    zh, en = _split_answer(sections[ANSWER_HEADING])
    return DrillCard(number=q.number, title_zh=q.title_zh, title_en=q.title_en, notebook=path.name,
                     topics=_topics(first), answer_zh=zh, answer_en=en,
                     follow_ups=_follow_ups(sections.get(FOLLOW_UP_HEADING, "")),
                     quiz=_quiz(sections.get(QUIZ_HEADING, "")))


def load_drill_cards(notebooks_dir: str | os.PathLike | None = None) -> tuple[DrillCard, ...]:
    """One card per question notebook (``qNN_*.ipynb``), sorted by number.

    ``notebooks_dir`` defaults to the course's ``notebooks/`` folder (found from the package, not the
    working directory). A notebook still without an interview answer is skipped.
    """
    folder = NOTEBOOKS_DIR if notebooks_dir is None else Path(notebooks_dir)
    if not folder.is_dir():
        raise ValueError(f"no notebooks folder at {folder}")
    cards = []
    for path in sorted(folder.glob("q[0-9][0-9]_*.ipynb")):
        try:
            cards.append(read_drill_card(path))
        except ValueError:
            continue
    return tuple(sorted(cards, key=lambda c: c.number))


def _select(cards: tuple[DrillCard, ...] | None, topic: str | None) -> tuple[DrillCard, ...]:
    """The cards (loaded if None), filtered by topic; ValueError if nothing is left."""
    cards = load_drill_cards() if cards is None else tuple(cards)
    if not all(isinstance(c, DrillCard) for c in cards):
        raise TypeError("cards must be DrillCard objects (from load_drill_cards)")
    if topic is not None and topic != "all":
        cards = tuple(c for c in cards if c.matches(topic))
        if not cards:
            raise ValueError(f"no question matches topic {topic!r}; groups: {sorted(DRILL_TOPICS)}")
    if not cards:
        raise ValueError("no questions to drill")
    return cards


def _draw(cards: tuple, queue: list[int], rng: np.random.Generator, number: int | None, missing: str):
    """The card of question ``number``, or the next of a shuffled pass (``queue`` is refilled in place
    when empty, so every card comes once before any repeats); ValueError "question N <missing>"."""
    if number is not None:
        number = check_int("number", number, 1, len(QUESTIONS))
        found = [c for c in cards if c.number == number]
        if not found:
            raise ValueError(f"question {number} {missing}")
        return found[0]
    if not queue:
        queue.extend(int(i) for i in rng.permutation(len(cards)))
    return cards[queue.pop()]


# ---------------------------------------------------------------- the drill

class Drill:
    """Questions one at a time: the answer only when asked for, then one follow-up at a time.

    ``topic``: a :data:`DRILL_TOPICS` group (``"vision"``), a word (``"attention"``) or None for all;
    ``seed``: an int or a Generator (None: a fresh random order). Every card is drawn once before any
    repeats.

    >>> d = Drill(topic="basics", seed=0)          # doctest: +SKIP
    >>> card = d.next_question(); d.reveal_answer()  # doctest: +SKIP
    """

    def __init__(self, cards: tuple[DrillCard, ...] | None = None, *, topic: str | None = None,
                 seed: Any = None):
        self.cards = _select(cards, topic)
        self._rng = np.random.default_rng() if seed is None else rng_from(seed)
        self._queue: list[int] = []
        self.current: DrillCard | None = None
        self.revealed = False
        self._follow = 0

    def next_question(self, number: int | None = None) -> DrillCard:
        """Draw the next card (or the card of question ``number``) and hide its answer."""
        self.current = _draw(self.cards, self._queue, self._rng, number, "is not among this drill's cards")
        self.revealed, self._follow = False, 0
        return self.current

    def _need_current(self) -> DrillCard:
        if self.current is None:
            raise RuntimeError("no question yet: call next_question() first")
        return self.current

    def reveal_answer(self) -> str:
        """The current question's 60-second answer (markdown)."""
        card = self._need_current()
        self.revealed = True
        return card.answer

    def next_follow_up(self) -> DrillFollowUp | None:
        """The next follow-up of the current question, or None when they are used up."""
        card = self._need_current()
        if self._follow >= len(card.follow_ups):
            return None
        self._follow += 1
        return card.follow_ups[self._follow - 1]

    @property
    def follow_ups_left(self) -> int:
        """How many follow-ups of the current question have not been asked yet."""
        return 0 if self.current is None else len(self.current.follow_ups) - self._follow


# ---------------------------------------------------------------- mock interview and history

def default_drill_history_path() -> Path:
    """Where mock-interview scores go by default: ``$XDG_DATA_HOME`` (or ``~/.local/share``)
    ``/dl-interview-course/drill_history.json``. Set ``COURSE_DRILL_HISTORY`` to an absolute
    path to move it."""
    override = os.environ.get("COURSE_DRILL_HISTORY")
    if override:
        return _history_path(override)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base).expanduser() / "dl-interview-course" / "drill_history.json"


def _history_path(path: str | os.PathLike | None) -> Path:
    """An absolute history path (``~`` expanded); relative paths are refused, since they would land
    wherever the kernel happens to run."""
    if path is None:
        return default_drill_history_path()
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"history path must be a str or a path, got {type(path).__name__}")
    p = Path(path).expanduser()
    if not p.is_absolute():
        raise ValueError(f"give the score history an absolute path (or None for the default), got {str(path)!r}")
    return p


def load_score_history(path: str | os.PathLike | None = None) -> list[dict]:
    """The saved mock interviews, oldest first (an empty list if the file does not exist yet)."""
    p = _history_path(path)
    if not p.exists():
        return []
    data = json.loads(p.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("sessions"), list):
        raise ValueError(f"{p} is not a drill score history (expected {{'version': 1, 'sessions': [...]}})")
    return data["sessions"]


class MockInterview:
    """Five questions (``n``), each graded by the candidate on :data:`DRILL_RUBRIC`, saved as one session.

    ``grade(i, mechanism=True, pitfall=False, ...)`` records question ``i`` (0-based); unnamed items
    count as not met. ``save()`` appends the finished session to the score history.
    """

    def __init__(self, cards: tuple[DrillCard, ...] | None = None, *, n: int = 5, topic: str | None = None,
                 seed: Any = None):
        pool = _select(cards, topic)
        n = check_int("n", n, 1)
        if n > len(pool):
            raise ValueError(f"n = {n} but only {len(pool)} questions match")
        rng = np.random.default_rng() if seed is None else rng_from(seed)
        self.topic = topic
        self.questions: tuple[DrillCard, ...] = tuple(pool[int(i)] for i in rng.choice(len(pool), n, replace=False))
        self.marks: list[dict[str, bool] | None] = [None] * n
        self.seconds: list[float | None] = [None] * n

    def grade(self, index: int, seconds: float | None = None, **marks: bool) -> int:
        """Record the self-grade of question ``index``; returns its points (one per rubric item met)."""
        index = check_int("index", index, 0, len(self.questions) - 1)
        unknown = set(marks) - set(_RUBRIC_KEYS)
        if unknown:
            raise ValueError(f"unknown rubric items {sorted(unknown)}; use {list(_RUBRIC_KEYS)}")
        self.marks[index] = {k: check_bool(k, marks.get(k, False)) for k in _RUBRIC_KEYS}
        if seconds is not None:
            if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
                raise ValueError(f"seconds must be a number >= 0, got {seconds!r}")
            self.seconds[index] = round(float(seconds), 1)
        return sum(self.marks[index].values())

    @property
    def complete(self) -> bool:
        """Whether every question has been graded."""
        return all(m is not None for m in self.marks)

    @property
    def score(self) -> int:
        """Points so far."""
        return sum(sum(m.values()) for m in self.marks if m is not None)

    @property
    def max_score(self) -> int:
        """Points possible: questions × rubric items."""
        return len(self.questions) * len(DRILL_RUBRIC)

    def record(self) -> dict:
        """The session as saved: date (UTC), topic, per-question marks, score and maximum."""
        if not self.complete:
            raise RuntimeError("grade every question before saving")
        return {
            "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "topic": self.topic or "all",
            "questions": [{"q": c.number, "marks": m, "seconds": s}
                          for c, m, s in zip(self.questions, self.marks, self.seconds)],
            "score": self.score,
            "max_score": self.max_score,
        }

    def save(self, path: str | os.PathLike | None = None) -> Path:
        """Append this session to the score history at ``path`` (absolute; None: the default); returns the path."""
        p = _history_path(path)
        sessions = load_score_history(p)
        sessions.append(self.record())
        p.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.with_suffix(p.suffix + ".tmp")
        tmp.write_text(json.dumps({"version": HISTORY_VERSION, "sessions": sessions}, ensure_ascii=False, indent=1),
                       encoding="utf-8")
        tmp.replace(p)
        return p

    def weakest(self) -> list[str]:
        """Rubric items missed most often in this session (English labels), worst first."""
        graded = [m for m in self.marks if m is not None]
        missed = {k: sum(not m[k] for m in graded) for k in _RUBRIC_KEYS}
        labels = {k: en for k, _, en in DRILL_RUBRIC}
        return [labels[k] for k in sorted(missed, key=lambda k: -missed[k]) if missed[k]]


def _history_line(sessions: list[dict], last: int = 5) -> str:
    """A short text of the last sessions' scores."""
    if not sessions:
        return "no saved mock interviews yet"
    rows = [f"{s.get('date', '?')[:10]} {s.get('topic', 'all')}: {s['score']}/{s['max_score']}"
            for s in sessions[-last:]]
    return f"{len(sessions)} saved; last: " + " · ".join(rows)


def _display_path(p: Path) -> str:
    """The path with the home folder shown as ``~`` (no user names in stored outputs)."""
    home = str(Path.home())
    s = str(p)
    return "~" + s[len(home):] if home not in ("", "/") and s.startswith(home) else s


# ---------------------------------------------------------------- spot the bug

ERRATA_HEADING = "原示例代码的问题 · What the original code gets wrong"
_PY_FENCE = re.compile(r"^```python[ \t]*\n(.*?)^```[ \t]*$", re.S | re.M)
_SEED_NAME = re.compile(r"SEED\w*")


@dataclass(frozen=True)
class BugCard:
    """One notebook's seed snippet(s) and its own explanation of what is wrong, read from its
    ``## 原示例代码的问题`` section.

    ``snippets``: the ```` ```python ```` blocks of the section's markdown or, when it has none, the seed
    code string of the section's first code cell (``source`` says which: ``"markdown"`` or ``"code"``);
    ``lead``: the section's text before its first snippet (the notebook's framing, e.g. "written for
    MNIST"); ``explanation``: the rest of the section's markdown, each snippet replaced by a pointer;
    ``bugs``: the items of its **Bugs in the code** list; ``fix``: its **How the fix works** paragraph
    (both empty where the notebook has none).
    """

    number: int
    title_zh: str
    title_en: str
    notebook: str
    topics: tuple[str, ...]
    snippets: tuple[str, ...]
    lead: str
    explanation: str
    bugs: tuple[str, ...]
    fix: str
    source: str

    @property
    def tag(self) -> str:
        """``"q03"``."""
        return f"q{self.number:02d}"

    @property
    def prompt(self) -> str:
        """The question, the notebook's lead and the snippet(s), asking what is wrong (markdown)."""
        parts = [f"**Q{self.number:02d} · {self.title_zh}**  \n{self.title_en}",
                 "**这段代码哪里有问题？· What is wrong with this code?**"]
        if self.lead:
            parts.append(self.lead)
        parts += [f"```python\n{s}\n```" for s in self.snippets]
        return "\n\n".join(parts)

    def matches(self, topic: str) -> bool:
        """Whether the card belongs to ``topic``: a :data:`DRILL_TOPICS` group, or a word in its titles/topics."""
        return _matches(self.number, (self.title_zh, self.title_en, *self.topics), topic)


def _matches(number: int, words: tuple[str, ...], topic: str) -> bool:
    topic = check_str("topic", topic).strip().lower()
    if topic in DRILL_TOPICS:
        return number in DRILL_TOPICS[topic]
    return topic in " ".join(words).lower()


def _section_cells(path: Path, heading: str) -> tuple[str, list[str]]:
    """(the section's markdown, the sources of its code cells, in order) for one ``## heading``."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    md: list[str] = []
    code: list[str] = []
    inside = False
    for cell in nb.get("cells", []):
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell.get("cell_type") == "markdown":
            parts = re.split(r"^## (.+?)[ \t]*$", src, flags=re.M)
            # parts[0] is the text before any heading, then (heading, body) pairs
            if inside:
                md.append(parts[0])
            for i in range(1, len(parts) - 1, 2):
                inside = parts[i].strip() == heading
                if inside:
                    md.append(parts[i + 1])
        elif inside and cell.get("cell_type") == "code":
            code.append(src)
    return "\n".join(md).strip(), code


def _seed_string(code: str) -> str | None:
    """The seed code a code cell holds as a string: a ``SEED_* = '''...'''`` assignment, else the first
    multi-line string literal that is itself Python (e.g. the argument of ``helpers.show_error``)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None
    strings = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
                and any(isinstance(t, ast.Name) and _SEED_NAME.fullmatch(t.id) for t in node.targets)):
            return node.value.value.strip("\n")
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # a bare string statement is not seed code
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Constant) and isinstance(child.value, str) and child.value.count("\n") >= 2:
                strings.append((child.lineno, child.col_offset, child.value))
    for _, _, s in sorted(strings):
        try:
            ast.parse(s.strip("\n"))
        except SyntaxError:
            continue
        return s.strip("\n")
    return None


def _labelled_list(body: str, label: str) -> tuple[str, ...]:
    """The numbered items right after a ``**label**`` line (continuation lines kept)."""
    at = body.find(f"**{label}**")
    if at < 0:
        return ()
    items: list[list[str]] = []
    for line in body[at:].splitlines()[1:]:
        if re.match(r"\d+\.\s", line):
            items.append([re.sub(r"^\d+\.\s+", "", line)])
        elif items and line.startswith((" ", "\t")) and line.strip():
            items[-1].append(line.strip())
        elif not line.strip():
            continue
        else:
            break
    return tuple("\n".join(i).strip() for i in items)


def _labelled_paragraph(body: str, label: str) -> str:
    """The paragraph that starts with ``**label**`` (up to the next blank line)."""
    m = re.search(rf"^\*\*{re.escape(label)}\*\*.*?(?=\n\s*\n|\Z)", body, flags=re.S | re.M)
    return m.group(0).strip() if m else ""


def read_bug_card(path: str | os.PathLike) -> BugCard:
    """Read one ``qNN_<slug>.ipynb``'s errata section into a :class:`BugCard`.

    ValueError if the name is not ``qNN_*.ipynb``, the notebook has no errata section, or the section
    shows no seed snippet (no ```` ```python ```` block, no seed string in its first code cell).
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or a path, got {type(path).__name__}")
    path = Path(path)
    m = re.fullmatch(r"q(\d\d)_\w+\.ipynb", path.name)
    if not m:
        raise ValueError(f"expected a notebook named qNN_<slug>.ipynb, got {path.name!r}")
    q = question(int(m.group(1)))
    body, code = _section_cells(path, ERRATA_HEADING)
    if not body and not code:
        raise ValueError(f"{path.name} has no '## {ERRATA_HEADING}' section")
    fences = list(_PY_FENCE.finditer(body))
    if fences:
        snippets = tuple(f.group(1).rstrip("\n") for f in fences)
        lead = body[:fences[0].start()].strip()
        rest = body[fences[0].start():]
        pointer = "_(the snippet above)_" if len(fences) == 1 else None
        count = iter(range(1, len(fences) + 1))
        explanation = _PY_FENCE.sub(lambda _: pointer or f"_(snippet {next(count)} above)_", rest)
        source = "markdown"
    else:
        seed = _seed_string(code[0]) if code else None
        if not seed:
            raise ValueError(f"{path.name}: the errata section shows no seed snippet")
        snippets, lead, explanation, source = (seed,), "", body, "code"
    first, _ = _markdown_text(path)
    return BugCard(number=q.number, title_zh=q.title_zh, title_en=q.title_en, notebook=path.name,
                   topics=_topics(first), snippets=snippets, lead=lead, explanation=explanation.strip(),
                   bugs=_labelled_list(body, "Bugs in the code"),
                   fix=_labelled_paragraph(body, "How the fix works"), source=source)


def load_bug_cards(notebooks_dir: str | os.PathLike | None = None) -> tuple[BugCard, ...]:
    """One :class:`BugCard` per question notebook whose errata section shows a seed snippet, by number.

    A notebook without an errata section or without an extractable snippet is skipped
    (:func:`read_bug_card` says why).
    """
    if not isinstance(notebooks_dir, (str, os.PathLike, type(None))):
        raise TypeError(f"notebooks_dir must be a str or a path, got {type(notebooks_dir).__name__}")
    folder = NOTEBOOKS_DIR if notebooks_dir is None else Path(notebooks_dir)
    if not folder.is_dir():
        raise ValueError(f"no notebooks folder at {folder}")
    cards = []
    for path in sorted(folder.glob("q[0-9][0-9]_*.ipynb")):
        try:
            cards.append(read_bug_card(path))
        except ValueError:
            continue
    return tuple(sorted(cards, key=lambda c: c.number))


class SpotTheBug:
    """"Spot the bug": a seed snippet from a notebook's errata, at random or by topic; the notebook's
    explanation only when asked for.

    ``topic`` and ``seed`` as in :class:`Drill`; every card is drawn once before any repeats.

    >>> s = SpotTheBug(topic="vision", seed=0)   # doctest: +SKIP
    >>> s.next_snippet(); print(s.show()); print(s.reveal())  # doctest: +SKIP
    """

    def __init__(self, cards: tuple[BugCard, ...] | None = None, *, topic: str | None = None,
                 seed: Any = None):
        cards = load_bug_cards() if cards is None else cards
        if isinstance(cards, (str, bytes)) or not isinstance(cards, (tuple, list)):
            raise TypeError(f"cards must be a tuple of BugCard objects, got {type(cards).__name__}")
        if not all(isinstance(c, BugCard) for c in cards):
            raise TypeError("cards must be BugCard objects (from load_bug_cards)")
        cards = tuple(cards)
        if topic is not None and check_str("topic", topic) != "all":
            cards = tuple(c for c in cards if c.matches(topic))
            if not cards:
                raise ValueError(f"no snippet matches topic {topic!r}; groups: {sorted(DRILL_TOPICS)}")
        if not cards:
            raise ValueError("no snippets to show")
        self.cards = cards
        self._rng = np.random.default_rng() if seed is None else rng_from(seed)
        self._queue: list[int] = []
        self.current: BugCard | None = None
        self.revealed = False

    def next_snippet(self, number: int | None = None) -> BugCard:
        """Draw the next card (or question ``number``'s) and hide its explanation."""
        self.current = _draw(self.cards, self._queue, self._rng, number, "has no snippet among these cards")
        self.revealed = False
        return self.current

    def _need_current(self) -> BugCard:
        if self.current is None:
            raise RuntimeError("no snippet yet: call next_snippet() first")
        return self.current

    def show(self) -> str:
        """The current snippet and the question "what is wrong?" (markdown)."""
        return self._need_current().prompt

    def reveal(self) -> str:
        """The notebook's own explanation of the current snippet (markdown)."""
        card = self._need_current()
        self.revealed = True
        return f"**{card.notebook} · {ERRATA_HEADING}**\n\n{card.explanation}"


# ---------------------------------------------------------------- widgets

@dataclass
class _Panel:
    """The widgets of one question view (shared by the drill and the mock interview)."""

    box: Any
    prompt: Any
    timer: Any
    clock: Any
    play: Any
    answer: Any
    follow: Any
    reveal: Any
    next_follow: Any
    state: dict = field(default_factory=dict)  # "drill": the Drill shown, "started", "seconds"


def _markdown_into(out, text: str) -> None:
    """Replace an Output widget's content with rendered markdown (safe in callbacks, needs no kernel)."""
    from IPython.display import Markdown

    out.outputs = ()
    out.append_display_data(Markdown(text))


def _question_panel(seconds: int) -> _Panel:
    """Prompt, a timer ticking in the browser (a Play widget linked to a bar), answer and follow-ups."""
    import ipywidgets as widgets

    prompt = widgets.Output()
    play = widgets.Play(value=0, min=0, max=seconds, step=1, interval=1000, description="timer",
                        show_repeat=False)
    timer = widgets.IntProgress(value=0, min=0, max=seconds, description=f"{seconds} s", bar_style="info")
    widgets.jslink((play, "value"), (timer, "value"))
    clock = widgets.Label(f"0 / {seconds} s")
    play.observe(lambda ch: setattr(clock, "value", f"{ch['new']} / {seconds} s"), names="value")
    answer, follow = widgets.Output(), widgets.Output()
    reveal = widgets.Button(description="Reveal answer · 看答案", disabled=True, layout={"width": "220px"})
    next_follow = widgets.Button(description="Next follow-up · 追问", disabled=True, layout={"width": "220px"})
    box = widgets.VBox([prompt, widgets.HBox([play, timer, clock]), widgets.HBox([reveal, next_follow]),
                        answer, follow])
    panel = _Panel(box, prompt, timer, clock, play, answer, follow, reveal, next_follow)

    def on_reveal(_):
        drill = panel.state["drill"]
        panel.play.playing = False
        panel.state["seconds"] = time.monotonic() - panel.state["started"]
        _markdown_into(panel.answer, "**60-second answer · 面试速答**\n\n" + drill.reveal_answer())
        panel.reveal.disabled = True

    def on_follow(_):
        drill = panel.state["drill"]
        fu = drill.next_follow_up()
        if fu is not None:
            k = len(drill.current.follow_ups) - drill.follow_ups_left
            from IPython.display import Markdown

            panel.follow.append_display_data(Markdown(
                f"**追问 {k} · Follow-up {k}: {fu.question}**\n\n<details><summary>答案 · Answer</summary>"
                f"\n\n{fu.answer}\n\n</details>"))
        panel.next_follow.disabled = drill.follow_ups_left == 0

    reveal.on_click(on_reveal)
    next_follow.on_click(on_follow)
    return panel


def _show_card(panel: _Panel, drill: Drill) -> None:
    """Put the drill's current question into the panel: answer hidden, timer restarted."""
    card = drill.current
    panel.state.update(drill=drill, started=time.monotonic())
    panel.state.pop("seconds", None)
    where = f"<small>{card.notebook} · {len(card.follow_ups)} follow-ups</small>"
    _markdown_into(panel.prompt, f"{card.prompt}  \n{where}")
    panel.answer.outputs = ()
    panel.follow.outputs = ()
    panel.play.value = 0  # a running timer restarts from 0; a stopped one starts (the browser runs the clock)
    if not panel.play.playing:
        panel.play.playing = True
    panel.reveal.disabled = False
    panel.next_follow.disabled = not card.follow_ups


def _topic_options(cards: tuple[DrillCard, ...]) -> list[str]:
    """'all' plus every topic group that has at least one card."""
    return ["all"] + [t for t, nums in DRILL_TOPICS.items() if any(c.number in nums for c in cards)]


def drill_widget(cards: tuple[DrillCard, ...] | None = None, *, topic: str = "all", seed: Any = None,
                 seconds: int = 60):
    """The drill as a widget: topic picker, "New question", a timer, "Reveal answer", "Next follow-up".

    Returns an ipywidgets ``VBox``; ``box.drill()`` is the :class:`Drill` behind it.
    """
    import ipywidgets as widgets

    cards = _select(cards, None)
    options = _topic_options(cards)
    topic = check_choice("topic", topic, options)
    seconds = check_int("seconds", seconds, 10, 600)
    state = {"drill": Drill(cards, topic=topic, seed=seed)}
    picker = widgets.Dropdown(options=options, value=topic, description="topic")
    new = widgets.Button(description="New question · 出题", button_style="primary", layout={"width": "220px"})
    panel = _question_panel(seconds)
    info = widgets.Label(f"{len(state['drill'].cards)} questions · press New question")

    def on_topic(change):
        state["drill"] = Drill(cards, topic=change["new"], seed=seed)
        info.value = f"{len(state['drill'].cards)} questions · press New question"

    def on_new(_):
        state["drill"].next_question()
        info.value = f"{len(state['drill'].cards)} questions in '{picker.value}'"
        _show_card(panel, state["drill"])

    picker.observe(on_topic, names="value")
    new.on_click(on_new)
    box = widgets.VBox([widgets.HBox([picker, new, info]), panel.box])
    box.drill = lambda: state["drill"]
    box.panel, box.new_button, box.topic_picker = panel, new, picker
    return box


def mock_interview_widget(cards: tuple[DrillCard, ...] | None = None, *, n: int = 5, topic: str = "all",
                          seed: Any = None, history_path: str | os.PathLike | None = None, seconds: int = 60):
    """A mock interview of ``n`` questions as a widget: each question with its timer, answer and
    follow-ups, then the rubric as check boxes; at the end the score and "Save score" (to
    ``history_path``, absolute, or the default :func:`default_drill_history_path`).

    Returns an ipywidgets ``VBox``; ``box.mock()`` is the :class:`MockInterview` (None before Start).
    """
    import ipywidgets as widgets

    cards = _select(cards, None)
    options = _topic_options(cards)
    topic = check_choice("topic", topic, options)
    n = check_int("n", n, 1)
    path = _history_path(history_path)
    seconds = check_int("seconds", seconds, 10, 600)
    panel = _question_panel(seconds)
    boxes = {key: widgets.Checkbox(value=False, description=f"{en} · {zh}", indent=False,
                                   layout={"width": "640px"}) for key, zh, en in DRILL_RUBRIC}
    grade = widgets.Button(description="Grade and go on · 打分", disabled=True, layout={"width": "220px"})
    start = widgets.Button(description=f"Start a {n}-question mock interview · 开始", button_style="primary",
                           layout={"width": "360px"})
    picker = widgets.Dropdown(options=options, value=topic, description="topic")
    save = widgets.Button(description="Save score · 保存成绩", disabled=True, layout={"width": "220px"})
    status = widgets.Label(f"scores are saved to {_display_path(path)}")
    report = widgets.Output()
    state: dict[str, Any] = {"mock": None, "i": 0}

    def show(i):
        mock = state["mock"]
        drill = Drill(mock.questions, seed=0)
        drill.next_question(mock.questions[i].number)
        _show_card(panel, drill)
        for b in boxes.values():
            b.value = False
        grade.disabled = False
        status.value = f"question {i + 1} of {len(mock.questions)} · score so far {mock.score}"

    def on_start(_):
        state["mock"] = MockInterview(cards, n=n, topic=picker.value, seed=seed)
        state["i"] = 0
        report.outputs = ()
        save.disabled = True
        show(0)

    def on_grade(_):
        mock, i = state["mock"], state["i"]
        took = panel.state.get("seconds", time.monotonic() - panel.state["started"])
        mock.grade(i, seconds=took, **{k: b.value for k, b in boxes.items()})
        if i + 1 < len(mock.questions):
            state["i"] = i + 1
            show(i + 1)
            return
        grade.disabled = True
        panel.play.playing = False
        lines = [f"**Score · 成绩: {mock.score} / {mock.max_score}**", ""]
        lines += [f"- Q{c.number:02d} {c.title_zh}: {sum(m.values())}/{len(DRILL_RUBRIC)}"
                  + (f" ({s:.0f} s)" if s is not None else "")
                  for c, m, s in zip(mock.questions, mock.marks, mock.seconds)]
        weak = mock.weakest()
        if weak:
            lines += ["", "Work on · 需要加强: " + "; ".join(weak[:2])]
        _markdown_into(report, "\n".join(lines))
        save.disabled = False
        status.value = "done · press Save score to keep it"

    def on_save(_):
        p = state["mock"].save(path)
        save.disabled = True
        status.value = f"saved to {_display_path(p)} · " + _history_line(load_score_history(p))

    start.on_click(on_start)
    grade.on_click(on_grade)
    save.on_click(on_save)
    rubric = widgets.VBox([widgets.HTML("<b>Self-grade · 自评</b> (one point each)"), *boxes.values(), grade])
    box = widgets.VBox([widgets.HBox([picker, start]), panel.box, rubric, report, widgets.HBox([save, status])])
    box.mock = lambda: state["mock"]
    box.panel, box.rubric_boxes, box.status = panel, boxes, status
    box.start_button, box.grade_button, box.save_button = start, grade, save
    return box


def spot_the_bug_widget(cards: tuple[BugCard, ...] | None = None, *, topic: str = "all", seed: Any = None):
    """"Spot the bug" as a widget: topic picker, "New snippet" (a seed snippet from a notebook's errata),
    then "Reveal explanation" (the notebook's own list of what is wrong and how the fix works).

    Returns an ipywidgets ``VBox``; ``box.spot()`` is the :class:`SpotTheBug` behind it.
    """
    import ipywidgets as widgets

    cards = SpotTheBug(cards).cards
    options = _topic_options(cards)
    topic = check_choice("topic", check_str("topic", topic), options)
    state = {"spot": SpotTheBug(cards, topic=topic, seed=seed)}
    picker = widgets.Dropdown(options=options, value=topic, description="topic")
    new = widgets.Button(description="New snippet · 出题", button_style="primary", layout={"width": "220px"})
    reveal = widgets.Button(description="Reveal explanation · 看解析", disabled=True, layout={"width": "220px"})
    info = widgets.Label(f"{len(state['spot'].cards)} snippets · press New snippet")
    prompt, explanation = widgets.Output(), widgets.Output()

    def on_topic(change):
        state["spot"] = SpotTheBug(cards, topic=change["new"], seed=seed)
        info.value = f"{len(state['spot'].cards)} snippets · press New snippet"

    def on_new(_):
        spot = state["spot"]
        card = spot.next_snippet()
        _markdown_into(prompt, spot.show() + f"\n\n<small>{card.notebook} · say what is wrong, then reveal</small>")
        explanation.outputs = ()
        reveal.disabled = False
        info.value = f"{len(spot.cards)} snippets in '{picker.value}'"

    def on_reveal(_):
        _markdown_into(explanation, state["spot"].reveal())
        reveal.disabled = True

    picker.observe(on_topic, names="value")
    new.on_click(on_new)
    reveal.on_click(on_reveal)
    box = widgets.VBox([widgets.HBox([picker, new, info]), prompt, reveal, explanation])
    box.spot = lambda: state["spot"]
    box.prompt, box.explanation = prompt, explanation
    box.new_button, box.reveal_button, box.topic_picker = new, reveal, picker
    return box
