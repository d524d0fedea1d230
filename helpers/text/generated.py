"""Generated parallel text for machine translation (Q11): English → French sentences with dates,
numbers and agreement, plus a word-level vocabulary and tokeniser for sequence-to-sequence models.

Data: nothing is downloaded or committed. Each sentence is built at run time from a small grammar
and two packages that ship their language data in the wheel:

* ``num2words`` 0.5.14 (LGPL-2.1): cardinal numbers in English and French words
  (``seventy - seven`` → ``soixante - dix - sept``, ``two hundred`` → ``deux cents``);
* ``babel`` 2.19.0 (BSD-3-Clause; its locale data is the Unicode CLDR, Unicode licence): month names
  and day/month order (``march 3`` → ``3 mars``, Chinese ``3月3日``);
* ``cn2an`` 0.5.24 (MIT) writes Chinese numerals (``七十一``, ``二百零三``) for the theory table
  (:func:`mt_number_words` with ``lang="zh"``; num2words has no Chinese); the generator itself is en → fr.

A sentence: an optional date, a subject and a verb in the past (``i bought`` → ``j' ai acheté``),
then 1..``max_items`` counted objects joined by ``,`` and ``and``, each
``<number> [size] [colour] <noun>``; in French the colour adjective follows the noun and
adjectives and nouns agree in number (``-s``, ``-x``, ``cheval → chevaux``, ``vieux`` invariant)::

    on february 12 they ordered sixty - three old hats and one green boat
    le 12 février ils ont commandé soixante - trois vieux chapeaux et un bateau vert

Tokens are lower-case words; punctuation and hyphens are tokens of their own; ``j'`` stays whole.
Only ``numpy.random`` drives the choices, so the same ``seed`` gives the same sentences everywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from .._validate import check_bool, check_choice, check_float, check_int, check_str, rng_from

__all__ = ["ParallelText", "WordVocab", "make_parallel_text", "mt_date_words", "mt_number_words",
           "mt_tokenize", "word_vocab"]

_SUBJECTS = (("i", ("j'", "ai")), ("you", ("tu", "as")), ("he", ("il", "a")), ("she", ("elle", "a")),
             ("we", ("nous", "avons")), ("they", ("ils", "ont")))
_VERBS = (("bought", "acheté"), ("sold", "vendu"), ("found", "trouvé"), ("lost", "perdu"),
          ("ordered", "commandé"), ("painted", "peint"))
# (en singular, en plural, fr singular, fr plural); all French nouns here are masculine
_NOUNS = (("book", "books", "livre", "livres"), ("pen", "pens", "stylo", "stylos"),
          ("ticket", "tickets", "billet", "billets"), ("cake", "cakes", "gâteau", "gâteaux"),
          ("hat", "hats", "chapeau", "chapeaux"), ("horse", "horses", "cheval", "chevaux"),
          ("boat", "boats", "bateau", "bateaux"), ("glass", "glasses", "verre", "verres"))
_SIZES = (("small", "petit", "petits"), ("big", "grand", "grands"), ("old", "vieux", "vieux"))  # before the noun
_COLOURS = (("red", "rouge", "rouges"), ("green", "vert", "verts"), ("blue", "bleu", "bleus"),
            ("black", "noir", "noirs"), ("white", "blanc", "blancs"), ("yellow", "jaune", "jaunes"))  # after it
_TOKEN = re.compile(r"[\w']+|[^\w\s]")
_LANGS = ("en", "fr", "zh")


def mt_tokenize(text: str) -> list[str]:
    """Lower-case word tokens of ``text``; punctuation and hyphens are tokens; ``j'`` stays whole.

    ``mt_tokenize("Quatre-vingt-un, j'ai")`` → ``['quatre', '-', 'vingt', '-', 'un', ',', "j'", 'ai']``.
    """
    check_str("text", text, empty=True)
    return _TOKEN.findall(text.lower().replace("'", "' "))


@lru_cache(maxsize=None)
def _number(n: int, lang: str) -> tuple[str, ...]:
    if lang == "zh":
        import cn2an

        return tuple(cn2an.an2cn(n))
    from num2words import num2words

    return tuple(mt_tokenize(num2words(n, lang=lang)))


def mt_number_words(n: int, lang: str) -> tuple[str, ...]:
    """Tokens of the cardinal ``n`` (1..999,999) in ``lang``: ``"en"``, ``"fr"`` (num2words) or
    ``"zh"`` (cn2an; one token per character): ``mt_number_words(71, "fr")`` →
    ``('soixante', 'et', 'onze')``, ``mt_number_words(203, "zh")`` → ``('二', '百', '零', '三')``."""
    n = check_int("n", n, 1, 999_999)
    return _number(n, check_choice("lang", lang, _LANGS))


@lru_cache(maxsize=None)
def _date(month: int, day: int, lang: str) -> tuple[str, ...]:
    from babel.dates import format_skeleton

    text = format_skeleton("MMMd" if lang == "zh" else "MMMMd", dt.date(2024, month, day), locale=lang)
    return tuple(text) if lang == "zh" else tuple(mt_tokenize(text))


def mt_date_words(month: int, day: int, lang: str) -> tuple[str, ...]:
    """Tokens of a day of the year in ``lang`` from babel's CLDR data: ``(3, 3, "en")`` →
    ``('march', '3')``, ``"fr"`` → ``('3', 'mars')``, ``"zh"`` → ``('3', '月', '3', '日')``."""
    month = check_int("month", month, 1, 12)
    day = check_int("day", day, 1, 31)
    lang = check_choice("lang", lang, _LANGS)
    try:
        dt.date(2024, month, day)  # a leap year: February 29 exists
    except ValueError:
        raise ValueError(f"month {month} has no day {day}") from None
    return _date(month, day, lang)


class ParallelText(NamedTuple):
    """What :func:`make_parallel_text` returns: ``n`` sentence pairs as token tuples."""

    src: tuple  # (n,) tuples of English tokens, all different
    tgt: tuple  # (n,) tuples of French tokens
    n_items: np.ndarray  # (n,) int64: counted objects in the sentence
    has_date: np.ndarray  # (n,) bool: the sentence starts with a date

    def summary(self) -> str:
        """One line: pairs, length range and mean, vocabulary sizes."""
        ls = np.array([len(s) for s in self.src])
        lt = np.array([len(t) for t in self.tgt])
        vs = len({w for s in self.src for w in s})
        vt = len({w for t in self.tgt for w in t})
        return (f"{len(self.src):,} en→fr pairs; source {ls.min()}–{ls.max()} tokens (mean {ls.mean():.1f}), "
                f"target {lt.min()}–{lt.max()}; {vs} English and {vt} French word types")


def _item(rng: np.random.Generator, p_adj: float, max_num: int) -> tuple[list[str], list[str]]:
    small = min(max_num, 99)
    if max_num <= 99 or rng.random() < 0.5:
        n = int(rng.integers(1, small + 1))
    else:
        n = int(rng.integers(100, max_num + 1))
    en, fr = list(_number(n, "en")), list(_number(n, "fr"))
    noun = _NOUNS[rng.integers(len(_NOUNS))]
    plural = n > 1
    if rng.random() < p_adj:
        size = _SIZES[rng.integers(len(_SIZES))]
        en.append(size[0])
        fr.append(size[2] if plural else size[1])
    colour = _COLOURS[rng.integers(len(_COLOURS))] if rng.random() < p_adj else None
    if colour:
        en.append(colour[0])
    en.append(noun[1] if plural else noun[0])
    fr.append(noun[3] if plural else noun[2])
    if colour:
        fr.append(colour[2] if plural else colour[1])
    return en, fr


def make_parallel_text(n: int, *, seed: int | np.random.Generator, max_items: int = 5, p_date: float = 0.5,
                       p_adj: float = 0.4, max_num: int = 999) -> ParallelText:
    """``n`` English → French sentence pairs with **distinct** sources, in random order.

    Each sentence has a date with probability ``p_date`` (``on march 3`` → ``le 3 mars``), a subject and a
    past-tense verb, then 1..``max_items`` counted objects; a number is in 1..99 or (half of the time,
    when ``max_num`` ≥ 100) in 100..``max_num``; each object has a size and/or a colour adjective with
    probability ``p_adj`` each. Duplicated sources are redrawn, so slicing the result gives parts that
    share no sentence. ``seed`` is an int (:func:`helpers.data_seed`) or a ``numpy.random.Generator``.
    """
    n = check_int("n", n, 1, 1_000_000)
    max_items = check_int("max_items", max_items, 1, 10)
    p_date = check_float("p_date", p_date, 0.0, 1.0)
    p_adj = check_float("p_adj", p_adj, 0.0, 1.0)
    max_num = check_int("max_num", max_num, 1, 999_999)
    rng = rng_from(seed)
    src, tgt, items, dated, seen = [], [], [], [], set()
    for _ in range(50 * n + 1000):
        if len(src) == n:
            break
        en: list[str] = []
        fr: list[str] = []
        has_date = bool(rng.random() < p_date)
        if has_date:
            day = dt.date(2024, 1, 1) + dt.timedelta(days=int(rng.integers(0, 366)))
            en += ["on", *_date(day.month, day.day, "en")]
            fr += ["le", *_date(day.month, day.day, "fr")]
        s_en, s_fr = _SUBJECTS[rng.integers(len(_SUBJECTS))]
        v_en, v_fr = _VERBS[rng.integers(len(_VERBS))]
        en += [s_en, v_en]
        fr += [*s_fr, v_fr]
        m = int(rng.integers(1, max_items + 1))
        for i in range(m):
            if i > 0:
                en.append("and" if i == m - 1 else ",")
                fr.append("et" if i == m - 1 else ",")
            e, f = _item(rng, p_adj, max_num)
            en += e
            fr += f
        key = tuple(en)
        if key in seen:
            continue
        seen.add(key)
        src.append(key)
        tgt.append(tuple(fr))
        items.append(m)
        dated.append(has_date)
    else:
        raise ValueError(f"could not draw {n:,} distinct sentences with these settings; ask for fewer")
    return ParallelText(tuple(src), tuple(tgt), np.array(items, dtype=np.int64), np.array(dated, dtype=bool))


@dataclass(frozen=True)
class WordVocab:
    """A word vocabulary: ids 0..3 are ``<pad>``, ``<bos>``, ``<eos>``, ``<unk>``, then the words.

    ``encode`` turns token lists into a zero-padded ``(n, maxlen)`` int32 array; ``decode`` turns ids
    back into tokens, stopping at ``<eos>`` or padding. Build one with :func:`word_vocab`.
    """

    itos: tuple[str, ...]
    stoi: dict = field(init=False, repr=False, compare=False)

    PAD = 0
    BOS = 1
    EOS = 2
    UNK = 3
    SPECIALS = ("<pad>", "<bos>", "<eos>", "<unk>")

    def __post_init__(self):
        if tuple(self.itos[:4]) != self.SPECIALS:
            raise ValueError(f"itos must start with {self.SPECIALS}")
        if len(set(self.itos)) != len(self.itos):
            raise ValueError("itos has a repeated token")
        object.__setattr__(self, "stoi", {w: i for i, w in enumerate(self.itos)})

    def __len__(self) -> int:
        return len(self.itos)

    def encode(self, seqs: Sequence[Sequence[str]], maxlen: int | None = None, *, bos: bool = False,
               eos: bool = False) -> np.ndarray:
        """``(n, maxlen)`` int32 ids, zero-padded at the end; unknown words become ``<unk>``.

        ``bos`` / ``eos`` add ``<bos>`` in front / ``<eos>`` at the end. ``maxlen`` defaults to the longest
        sequence; a longer sequence is a ValueError (no silent truncation).
        """
        if isinstance(seqs, str) or not isinstance(seqs, Sequence):
            raise TypeError(f"seqs must be a sequence of token sequences, got {type(seqs).__name__}")
        bos, eos = check_bool("bos", bos), check_bool("eos", eos)
        rows = []
        for s in seqs:
            if isinstance(s, str):
                raise TypeError("each sequence must be a list or tuple of tokens, got a str (tokenise it first)")
            rows.append([self.BOS] * bos + [self.stoi.get(w, self.UNK) for w in s] + [self.EOS] * eos)
        longest = max((len(r) for r in rows), default=0)
        maxlen = longest if maxlen is None else check_int("maxlen", maxlen, 1)
        if longest > maxlen:
            raise ValueError(f"a sequence has {longest} ids (with the markers), longer than maxlen={maxlen}")
        out = np.zeros((len(rows), max(maxlen, 1)), dtype=np.int32)
        for i, r in enumerate(rows):
            out[i, :len(r)] = r
        return out

    def decode(self, ids: Iterable[int]) -> list[str]:
        """Tokens of one id sequence: ``<bos>`` is skipped; stops at ``<eos>`` or padding."""
        words = []
        for i in np.asarray(ids).reshape(-1).tolist():
            if i in (self.EOS, self.PAD):
                break
            if i == self.BOS:
                continue
            if not 0 <= i < len(self.itos):
                raise ValueError(f"id {i} is outside the vocabulary of {len(self.itos)}")
            words.append(self.itos[i])
        return words


def word_vocab(seqs: Iterable[Sequence[str]], *, min_count: int = 1) -> WordVocab:
    """A :class:`WordVocab` of the words seen at least ``min_count`` times in ``seqs`` (sorted, after the
    four special tokens). Build it from the training split only."""
    min_count = check_int("min_count", min_count, 1)
    counts: Counter = Counter()
    for s in seqs:
        if isinstance(s, str):
            raise TypeError("seqs must hold token lists or tuples, got a str (tokenise it first)")
        counts.update(s)
    words = sorted(w for w, c in counts.items() if c >= min_count and w not in WordVocab.SPECIALS)
    return WordVocab(WordVocab.SPECIALS + tuple(words))
