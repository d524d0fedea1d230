"""Character-level language modelling (Q08, Q18): vocabulary, training windows, a Kneser–Ney
n-gram baseline, windowed evaluation, perplexity with a document bootstrap, and sampling filters.

Nothing here reads a corpus: the notebooks pass in documents from a corpus loader (see
``helpers.text``). Every function is plain NumPy, so the same arguments give the same arrays on
every machine; the random ones take ``seed`` (an int or a ``numpy.random.Generator``).

* :func:`char_vocab` -> :class:`CharVocab`: characters seen at least ``min_count`` times in the
  training documents, plus ``<pad>`` (0), ``<unk>`` (1) and ``<eos>`` (2, the end of a document).
* :func:`lm_windows`: random windows of a token stream, inputs and targets shifted by one.
* :class:`KneserNeyLM`: interpolated Kneser–Ney n-grams of every order up to ``max_order`` from
  one pass of counting (vectorised; a readable bigram version is written out in Q08).
* :func:`lm_window_log_probs`: log P(token | previous tokens) for every position of a stream,
  from any model that maps (batch, length) ids to logits, in overlapping windows.
* :func:`lm_perplexity`, :func:`lm_document_ids`, :func:`lm_bootstrap_ratio`: perplexity, and a
  bootstrap over documents for the ratio of two models' perplexities.
* :func:`lm_sampling_probs`: temperature, top-k and top-p (nucleus) filtering of logits;
  :func:`lm_distinct_n`: the share of distinct n-grams in generated text (repetition).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .._validate import check_array, check_callable, check_float, check_int, check_same_length, rng_from

__all__ = [
    "CharVocab",
    "KneserNeyLM",
    "LMWindows",
    "PerplexityRatio",
    "char_vocab",
    "lm_bootstrap_ratio",
    "lm_distinct_n",
    "lm_document_ids",
    "lm_perplexity",
    "lm_sampling_probs",
    "lm_window_log_probs",
    "lm_windows",
]

PAD, UNK, EOS = 0, 1, 2
_SPECIALS = ("<pad>", "<unk>", "<eos>")


def _check_texts(name: str, texts: object) -> list[str]:
    if isinstance(texts, str) or not isinstance(texts, Iterable):
        raise TypeError(f"{name} must be a list of strings (documents), got {type(texts).__name__}")
    texts = list(texts)
    bad = [type(t).__name__ for t in texts if not isinstance(t, str)]
    if bad:
        raise TypeError(f"{name} must contain only strings, found {bad[0]}")
    if not texts:
        raise ValueError(f"{name} must contain at least one document")
    return texts


def _check_ids(name: str, ids: object, vocab_size: int | None = None, ndim: int = 1) -> np.ndarray:
    ids = check_array(name, ids, ndim=ndim)
    if not np.issubdtype(ids.dtype, np.integer):
        raise TypeError(f"{name} must hold integer token ids, got dtype {ids.dtype}")
    if ids.size and ids.min() < 0:
        raise ValueError(f"{name} must hold ids >= 0, found {ids.min()}")
    if vocab_size is not None and ids.size and ids.max() >= vocab_size:
        raise ValueError(f"{name} holds id {ids.max()}, outside the vocabulary of {vocab_size}")
    return ids


# ---------------------------------------------------------------- vocabulary

@dataclass(frozen=True)
class CharVocab:
    """A character vocabulary: id 0 ``<pad>``, 1 ``<unk>``, 2 ``<eos>``, then ``chars`` in order."""

    chars: tuple[str, ...]

    PAD = PAD
    UNK = UNK
    EOS = EOS

    def __post_init__(self):
        if not isinstance(self.chars, tuple) or not all(isinstance(c, str) and len(c) == 1 for c in self.chars):
            raise TypeError("chars must be a tuple of single characters")
        if len(set(self.chars)) != len(self.chars):
            raise ValueError("chars must not repeat")
        codes = np.array([ord(c) for c in self.chars], dtype=np.int64)
        table = np.full(int(codes.max()) + 2 if len(codes) else 1, UNK, dtype=np.int32)
        table[codes] = np.arange(len(self.chars), dtype=np.int32) + len(_SPECIALS)
        object.__setattr__(self, "_table", table)

    def __len__(self) -> int:
        return len(self.chars) + len(_SPECIALS)

    @property
    def itos(self) -> tuple[str, ...]:
        """Every token's text, by id (the three special tokens first)."""
        return _SPECIALS + self.chars

    def encode(self, text: str) -> np.ndarray:
        """``text`` as an int32 id array (characters outside the vocabulary -> ``<unk>``)."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, got {type(text).__name__}")
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        codes = np.where(codes < len(self._table) - 1, codes, len(self._table) - 1)  # beyond the table -> unk
        return self._table[codes]

    def encode_documents(self, docs: Iterable[str]) -> np.ndarray:
        """All documents as one int32 stream, each followed by ``<eos>``."""
        docs = _check_texts("docs", docs)
        eos = np.array([EOS], dtype=np.int32)
        return np.concatenate([part for d in docs for part in (self.encode(d), eos)])

    def decode(self, ids: Iterable[int], *, eos: str = "\n\n", unk: str = "\ufffd") -> str:
        """Text for ``ids``: ``<pad>`` dropped, ``<eos>`` -> ``eos``, ``<unk>`` -> ``unk``."""
        ids = _check_ids("ids", np.asarray(list(ids) if not isinstance(ids, np.ndarray) else ids), len(self))
        table = ("", unk, eos) + self.chars
        return "".join(table[i] for i in ids.tolist())

    def summary(self) -> str:
        """One line: size and a few of the characters."""
        shown = "".join(c for c in self.chars if c.isprintable() and not c.isspace())[:40]
        return f"CharVocab: {len(self)} ids = 3 special + {len(self.chars)} characters ({shown}…)"


def char_vocab(docs: Iterable[str], *, min_count: int = 2) -> CharVocab:
    """The characters that occur at least ``min_count`` times in ``docs`` (the training documents
    only: a vocabulary built on all the data leaks the test set), sorted by code point."""
    docs = _check_texts("docs", docs)
    min_count = check_int("min_count", min_count, 1)
    codes = np.frombuffer("".join(docs).encode("utf-32-le"), dtype=np.uint32)
    values, counts = np.unique(codes, return_counts=True)
    return CharVocab(tuple(chr(c) for c in values[counts >= min_count].tolist()))


# ---------------------------------------------------------------- training windows

class LMWindows(NamedTuple):
    """What :func:`lm_windows` returns (unpacks like a tuple)."""

    x: np.ndarray  # (n, length) int32: tokens t .. t+length-1
    y: np.ndarray  # (n, length) int32: tokens t+1 .. t+length (the same window shifted by one)
    start: np.ndarray  # (n,) int64: where each window starts in the stream


def lm_windows(ids: np.ndarray, n: int, *, length: int, seed: int | np.random.Generator) -> LMWindows:
    """``n`` windows of ``length`` tokens at random places of the stream ``ids``, with targets
    shifted by one: ``y[i, t] == x[i, t + 1]``, and the target of the last input is the next
    token of the stream. Starts are uniform over every place a whole window fits."""
    ids = _check_ids("ids", ids)
    n = check_int("n", n, 1)
    length = check_int("length", length, 1)
    if len(ids) < length + 1:
        raise ValueError(f"ids has {len(ids)} tokens; a window of length {length} needs at least {length + 1}")
    rng = rng_from(seed)
    start = rng.integers(0, len(ids) - length, size=n)
    w = ids[start[:, None] + np.arange(length + 1)].astype(np.int32)
    return LMWindows(w[:, :-1], w[:, 1:], start.astype(np.int64))


# ---------------------------------------------------------------- Kneser-Ney n-grams

def _gram_keys(ids: np.ndarray, n: int, V: int) -> np.ndarray:
    """Every n-gram of ``ids`` as one int64 (base-V digits, oldest token first)."""
    k = np.zeros(len(ids) - n + 1, np.int64)
    for j in range(n):
        k = k * V + ids[j:len(ids) - n + 1 + j]
    return k


def _context_table(keys: np.ndarray, counts: np.ndarray, V: int):
    """(keys, counts, contexts, context totals, distinct followers per context)."""
    ctx, inv = np.unique(keys // V, return_inverse=True)
    return keys, counts.astype(np.float64), ctx, np.bincount(inv, weights=counts), np.bincount(inv).astype(np.float64)


def _lookup(keys: np.ndarray, table: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    pos = np.clip(np.searchsorted(table, keys), 0, len(table) - 1)
    hit = table[pos] == keys
    return np.where(hit, values[pos], 0.0), hit


class KneserNeyLM:
    """Interpolated Kneser–Ney n-gram model over integer ids, every order up to ``max_order``.

    For the highest order n of a query (``order``) it uses real counts c; for the lower orders,
    continuation counts N1+(• w) (in how many distinct contexts a word appears), interpolated down
    to the uniform distribution over ``vocab_size`` ids:

        P(w | h) = max(c(h w) - D, 0) / c(h) + D · N1+(h •) / c(h) · P(w | h')

    with h' the history without its oldest token; an unseen history h falls back to P(w | h').
    One discount D for every order. Probabilities sum to 1 over the vocabulary for every history.
    """

    def __init__(self, ids: np.ndarray, vocab_size: int, *, max_order: int = 5):
        self.vocab_size = V = check_int("vocab_size", vocab_size, 2)
        self.max_order = check_int("max_order", max_order, 1, 12)
        if V ** self.max_order >= 2 ** 62:
            raise ValueError(f"vocab_size ** max_order = {V}**{self.max_order} does not fit in int64 keys")
        ids = _check_ids("ids", ids, V).astype(np.int64)
        if len(ids) < self.max_order:
            raise ValueError(f"ids has {len(ids)} tokens, fewer than max_order = {self.max_order}")
        self.n_tokens = len(ids)
        self._raw, self._cont = {}, {}
        longer = None  # distinct (n+1)-grams, for the continuation counts of n-grams
        for n in range(self.max_order, 0, -1):
            keys, counts = np.unique(_gram_keys(ids, n, V), return_counts=True)
            self._raw[n] = _context_table(keys, counts, V)
            if longer is not None:
                ck, cc = np.unique(longer % (V ** n), return_counts=True)  # drop the oldest token
                self._cont[n] = _context_table(ck, cc, V)
            longer = keys

    def log_probs(self, ids: np.ndarray, *, order: int, discount: float = 0.75) -> np.ndarray:
        """``log P(ids[t] | ids[t-order+1 : t])`` for every t, float64 of ``len(ids)``; the first
        positions use the shorter history they have (position 0: no history)."""
        order = check_int("order", order, 1, self.max_order)
        D = check_float("discount", discount, 0.0, 1.0, strict=True)
        ids = _check_ids("ids", ids, self.vocab_size).astype(np.int64)
        V, T = self.vocab_size, len(ids)
        p = np.full(T, 1.0 / V)
        for n in range(1, order + 1):
            keys, counts, ctx, tot, typ = (self._raw if n == order else self._cont)[n]
            key = np.zeros(T, np.int64)
            for j in range(n):  # the n-gram ending at t, left-padded with id 0 where t < n-1
                shift = n - 1 - j
                key = key * V + np.concatenate([np.zeros(min(shift, T), np.int64), ids[:T - shift]])
            c, _ = _lookup(key, keys, counts)
            if n == 1:
                c_h, n_h, seen = np.full(T, tot[0]), np.full(T, typ[0]), np.ones(T, bool)
            else:
                c_h, seen = _lookup(key // V, ctx, tot)
                n_h, _ = _lookup(key // V, ctx, typ)
            c_h1 = np.maximum(c_h, 1.0)
            mixed = np.maximum(c - D, 0.0) / c_h1 + D * n_h / c_h1 * p
            p = np.where((np.arange(T) >= n - 1) & seen, mixed, p)
        return np.log(p)


# ---------------------------------------------------------------- evaluation

def lm_window_log_probs(predict: Callable[[np.ndarray], np.ndarray], ids: np.ndarray, *, length: int,
                        stride: int | None = None, chunk: int = 1024) -> np.ndarray:
    """``log P(ids[t] | earlier tokens)`` for t = 1 … len(ids)-1 from a model that maps int32 ids
    ``(batch, length)`` to logits ``(batch, length, vocab)`` (e.g.
    ``lambda x: model.predict(x, batch_size=256, verbose=0)``).

    The stream is cut into windows of ``length`` tokens that overlap by ``length - stride``
    (default stride ``length // 2``); every target is scored once, by the window in which it has
    the most history, so each token after the first window sees at least ``length - stride``
    earlier tokens. Position 0 has no history and is NaN. Returns float64 of ``len(ids)``.
    ``predict`` is called on at most ``chunk`` windows at a time.
    """
    predict = check_callable("predict", predict)
    ids = _check_ids("ids", ids)
    length = check_int("length", length, 1)
    stride = length // 2 if stride is None else stride
    stride = check_int("stride", stride, 1, length)
    chunk = check_int("chunk", chunk, 1)
    if len(ids) < length + 1:
        raise ValueError(f"ids has {len(ids)} tokens; windows of {length} need at least {length + 1}")
    last = len(ids) - 1 - length  # the start of a window whose final target is the stream's last token
    starts = np.arange(0, last + 1, stride)
    if starts[-1] != last:
        starts = np.append(starts, last)
    windows = ids[starts[:, None] + np.arange(length + 1)].astype(np.int32)
    target_lp = np.empty((len(starts), length))
    for c in range(0, len(starts), chunk):  # bounded memory: logits of `chunk` windows at a time
        w = windows[c:c + chunk]
        logits = np.asarray(predict(w[:, :-1]), dtype=np.float64)
        if logits.ndim != 3 or logits.shape[:2] != (len(w), length):
            raise ValueError(f"predict must return (batch, {length}, vocab) logits, got shape {logits.shape}")
        if w.max() >= logits.shape[2]:
            raise ValueError(f"ids hold id {w.max()} but the model has only {logits.shape[2]} outputs")
        logits -= logits.max(-1, keepdims=True)
        log_z = np.log(np.exp(logits).sum(-1))
        target_lp[c:c + chunk] = np.take_along_axis(logits, w[:, 1:, None], -1)[..., 0] - log_z
    out = np.full(len(ids), np.nan)
    scored_to = 0  # targets 1..scored_to are done
    for k, s in enumerate(starts):
        first = scored_to + 1 - (s + 1)  # index in this window of the first target not yet scored
        out[s + 1 + first:s + 1 + length] = target_lp[k, first:]
        scored_to = s + length
    return out


def lm_perplexity(log_probs: np.ndarray) -> float:
    """``exp(-mean log P)`` over the finite entries of ``log_probs`` (NaN marks unscored positions)."""
    lp = check_array("log_probs", log_probs, ndim=1).astype(np.float64)
    lp = lp[~np.isnan(lp)]
    if lp.size == 0:
        raise ValueError("log_probs has no scored (non-NaN) positions")
    if np.any(lp > 1e-9):
        raise ValueError("log_probs must be log-probabilities (<= 0)")
    return float(np.exp(-lp.mean()))


def lm_document_ids(ids: np.ndarray, *, eos: int = EOS) -> np.ndarray:
    """For every position of a stream of documents separated by ``eos``, the index of its document
    (an ``eos`` belongs to the document it ends)."""
    ids = _check_ids("ids", ids)
    eos = check_int("eos", eos, 0)
    ends = (ids == eos).astype(np.int64)
    return np.concatenate([[0], np.cumsum(ends)[:-1]]) if len(ids) else np.zeros(0, np.int64)


class PerplexityRatio(NamedTuple):
    """What :func:`lm_bootstrap_ratio` returns."""

    ratio: float  # perplexity of A / perplexity of B on the whole set (< 1: A is better)
    low: float  # bootstrap percentile interval of the ratio
    high: float
    n_docs: int  # documents resampled


def lm_bootstrap_ratio(log_probs_a: np.ndarray, log_probs_b: np.ndarray, doc_ids: np.ndarray, *,
                       n_boot: int = 2000, level: float = 0.95, seed: int | np.random.Generator = 0
                       ) -> PerplexityRatio:
    """Perplexity of model A over model B, with a percentile interval from resampling whole
    documents (tokens of one document are not independent, documents roughly are). Both models
    are scored on the same positions: those finite in both."""
    a = check_array("log_probs_a", log_probs_a, ndim=1).astype(np.float64)
    b = check_array("log_probs_b", log_probs_b, ndim=1).astype(np.float64)
    doc = _check_ids("doc_ids", doc_ids)
    check_same_length(log_probs_a=a, log_probs_b=b, doc_ids=doc)
    n_boot = check_int("n_boot", n_boot, 10)
    level = check_float("level", level, 0.0, 1.0, strict=True)
    ok = ~(np.isnan(a) | np.isnan(b))
    if not ok.any():
        raise ValueError("no position is scored by both models")
    _, doc_index = np.unique(doc[ok], return_inverse=True)
    n_docs = int(doc_index.max()) + 1
    diff = np.bincount(doc_index, weights=b[ok] - a[ok], minlength=n_docs)  # sum of log P_a - log P_b
    count = np.bincount(doc_index, minlength=n_docs).astype(np.float64)
    rng = rng_from(seed)
    pick = rng.integers(0, n_docs, size=(n_boot, n_docs))
    ratios = np.exp(diff[pick].sum(1) / count[pick].sum(1))
    tail = (1 - level) / 2 * 100
    return PerplexityRatio(float(np.exp(diff.sum() / count.sum())), float(np.percentile(ratios, tail)),
                           float(np.percentile(ratios, 100 - tail)), n_docs)


# ---------------------------------------------------------------- sampling

def lm_sampling_probs(logits: np.ndarray, *, temperature: float = 1.0, top_k: int | None = None,
                      top_p: float | None = None) -> np.ndarray:
    """Next-token sampling distributions from logits ``(batch, vocab)`` or ``(vocab,)``.

    ``softmax(logits / temperature)``, then, if given, keep only the ``top_k`` most likely
    tokens and/or the smallest set of most likely tokens whose probability reaches ``top_p``
    (nucleus sampling; the most likely token is always kept), renormalised. Ties at the k-th
    probability are broken by token order, so exactly ``top_k`` tokens survive. float64, same shape.
    """
    z = check_array("logits", logits, ndim=(1, 2)).astype(np.float64)
    one = z.ndim == 1
    z = np.atleast_2d(z)
    t = check_float("temperature", temperature, 0.0, None, strict=True)
    z = z / t
    z -= z.max(-1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(-1, keepdims=True)
    V = p.shape[1]
    order = np.argsort(-p, axis=-1, kind="stable")  # most likely first; ties by token id
    keep = np.ones_like(p, dtype=bool)
    if top_k is not None:
        k = check_int("top_k", top_k, 1, V)
        rank_keep = np.arange(V)[None, :] < k
        keep &= _unsort(rank_keep, order)
    if top_p is not None:
        q = check_float("top_p", top_p, 0.0, 1.0)
        if q <= 0:
            raise ValueError(f"top_p must be in (0, 1], got {q}")
        sorted_p = np.take_along_axis(p, order, -1)
        before = np.cumsum(sorted_p, -1) - sorted_p  # mass of the more likely tokens
        keep &= _unsort(before < q, order)
    p = np.where(keep, p, 0.0)
    p /= p.sum(-1, keepdims=True)
    return p[0] if one else p


def _unsort(mask_by_rank: np.ndarray, order: np.ndarray) -> np.ndarray:
    """A mask given by rank (column r = r-th most likely) back in token order."""
    out = np.zeros(order.shape, dtype=bool)
    np.put_along_axis(out, order, np.broadcast_to(mask_by_rank, order.shape), -1)
    return out


def lm_distinct_n(ids: np.ndarray, n: int) -> float:
    """Share of the n-grams of ``ids`` that are distinct (1.0: no n-gram repeats; a looping
    greedy decoder scores low). ``ids`` is 1-D, or 2-D with one sample per row (n-grams do not
    cross rows)."""
    ids = _check_ids("ids", ids, ndim=(1, 2))
    n = check_int("n", n, 1)
    rows = np.atleast_2d(ids)
    if rows.shape[1] < n:
        raise ValueError(f"each sample needs at least n = {n} tokens, got {rows.shape[1]}")
    grams = [tuple(r[i:i + n]) for r in rows.tolist() for i in range(len(r) - n + 1)]
    return len(set(grams)) / len(grams)
