"""Sequence data: generated tasks for the recurrent and attention notebooks, and real sunspots.

Generators follow the course's one contract: ``make_<thing>(n, *, seed, ...)`` returns a
NamedTuple of arrays with ``n`` rows. ``seed`` is an int (use :func:`helpers.data_seed`) or a
``numpy.random.Generator``: pass the same Generator to several calls to draw the train,
validation and test parts one after another from one stream. Only ``numpy.random`` is used,
so the same arguments give identical arrays on every machine, whatever the global state.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ._validate import check_choice, check_float, check_int, rng_from

__all__ = [
    "AddingProblem",
    "PeriodicSeries",
    "ReversalSet",
    "Sunspots",
    "load_sunspots",
    "make_adding_problem",
    "make_periodic_series",
    "make_reversal_task",
]


# ---------------------------------------------------------------- periodic series (Q04)

class PeriodicSeries(NamedTuple):
    """What :func:`make_periodic_series` returns (unpacks like a tuple)."""

    X: np.ndarray  # (n, length, 1) float32: the noisy inputs
    y: np.ndarray  # (n,) float32: the next noisy value
    clean: np.ndarray  # (n,) float64: the next value without noise
    period: np.ndarray  # (n,) float64: each sequence's period P


def make_periodic_series(
    n: int, *, seed: int | np.random.Generator, length: int = 40, sigma: float = 0.1
) -> PeriodicSeries:
    """Many-to-one forecasting: ``length`` noisy values of a periodic signal, predict the next.

    Each sequence is ``x_t = a sin(2 pi t / P + phi) + 0.3 a sin(4 pi t / P + 2 phi) + eps_t``
    (a sine and its second harmonic) with its own period ``P ~ U(8, 30)``, phase
    ``phi ~ U(0, 2 pi)``, amplitude ``a ~ U(0.5, 1.5)`` and Gaussian noise ``eps_t`` of std
    ``sigma``, so ``sigma ** 2`` is the floor of any forecaster's MSE. Returns
    :class:`PeriodicSeries` ``(X, y, clean, period)``: X ``(n, length, 1)`` float32 (steps
    0..length-1), y ``(n,)`` float32 (step ``length``, noisy), clean ``(n,)`` float64 (step
    ``length`` without noise), period ``(n,)`` float64.
    """
    n = check_int("n", n, 1)
    length = check_int("length", length, 1, 100_000)
    sigma = check_float("sigma", sigma, 0.0, 10.0)
    rng = rng_from(seed)
    period = rng.uniform(8, 30, size=(n, 1))
    phase = rng.uniform(0, 2 * np.pi, size=(n, 1))
    amp = rng.uniform(0.5, 1.5, size=(n, 1))
    t = np.arange(length + 1)[None, :]  # (1, length + 1)
    clean = amp * np.sin(2 * np.pi * t / period + phase) + 0.3 * amp * np.sin(4 * np.pi * t / period + 2 * phase)
    noisy = clean + sigma * rng.normal(size=clean.shape)  # (n, length + 1)
    return PeriodicSeries(noisy[:, :length, None].astype("float32"), noisy[:, length].astype("float32"),
                          clean[:, length], period[:, 0])


# ---------------------------------------------------------------- adding problem (Q05)

class AddingProblem(NamedTuple):
    """What :func:`make_adding_problem` returns (unpacks like a tuple)."""

    X: np.ndarray  # (n, T, 2) float32: [value, marker] per step
    y: np.ndarray  # (n, 1) float32: sum of the two marked values
    first: np.ndarray  # (n,) int64: step of the marker in the first half
    second: np.ndarray  # (n,) int64: step of the marker in the second half


def make_adding_problem(n: int, *, T: int, seed: int | np.random.Generator) -> AddingProblem:
    """The adding problem (Hochreiter & Schmidhuber 1997, in the form of Le et al. 2015).

    Each sequence has ``T`` steps with two features: a value ``v_t ~ U(0, 1)`` and a marker
    ``m_t`` that is 1 at exactly two steps, ``first`` in ``[0, T // 2)`` and ``second`` in
    ``[T // 2, T)``, else 0. The target is ``y = sum_t m_t v_t``, the sum of the two marked
    values. Returns :class:`AddingProblem` ``(X, y, first, second)``: X ``(n, T, 2)`` float32
    ``[value, marker]``, y ``(n, 1)`` float32 (one target per sequence, the shape of a
    ``Dense(1)`` output), first and second ``(n,)`` int64. An int ``seed`` seeds the generator
    with ``[seed, T]``, so each sequence length gets its own independent data.
    """
    n = check_int("n", n, 1)
    T = check_int("T", T, 2, 100_000)
    rng = rng_from(seed, T)
    rows = np.arange(n)
    values = rng.random((n, T))
    first = rng.integers(0, T // 2, size=n)  # one marker in the first half
    second = rng.integers(T // 2, T, size=n)  # one in the second half
    marks = np.zeros((n, T))
    marks[rows, first] = marks[rows, second] = 1.0
    X = np.stack([values, marks], axis=-1).astype("float32")  # (n, T, 2)
    y = (values[rows, first] + values[rows, second])[:, None].astype("float32")  # (n, 1)
    return AddingProblem(X, y, first, second)


# ---------------------------------------------------------------- digit reversal (Q06)

class ReversalSet(NamedTuple):
    """What :func:`make_reversal_task` returns (unpacks like a tuple)."""

    X: np.ndarray  # (n, length) int32 token ids, right-padded with 0
    Y: np.ndarray  # (n, length) int32 reversed digits (mirrored slots or left-aligned), 0 = PAD
    L: np.ndarray  # (n,) int64 number of digits


def make_reversal_task(
    n: int,
    *,
    seed: int | np.random.Generator,
    length: int = 10,
    min_length: int = 4,
    vocab: int = 11,
    exclude: np.ndarray | None = None,
    align: str = "right",
) -> ReversalSet:
    """Reverse digit sequences of varying length: a task where only the order matters.

    Each sequence has ``L ~ U{min_length..length}`` tokens drawn from ``1..vocab-1`` (digit k
    is token k + 1; PAD = 0), right-padded with PAD to ``length`` slots. Where the reversed
    digits go depends on ``align``:

    * ``"right"`` (default): the sequence read right to left in the mirrored slots,
      ``Y = X[:, ::-1]``: target slot t holds input slot ``length - 1 - t`` for every row, so the
      reversed digits end right-aligned and PAD target slots are to be ignored (loss weight
      ``Y != 0``). A fixed permutation of the slots: a per-slot model can learn it.
    * ``"left"``: the reversed digits start at slot 0, ``Y[i, :L] = X[i, :L][::-1]``, PAD after
      them, as a decoder would write them. Target slot t holds input slot ``L - 1 - t``: which
      input slot feeds an output slot depends on the length, i.e. on the input itself.

    ``n`` sequences are drawn; rows equal to a row of ``exclude`` (e.g. the training inputs,
    when drawing a held-out part) are then dropped, so that part is a little smaller and never
    repeats an earlier one (duplicates inside one draw are kept). ``align`` does not change
    which inputs are drawn.
    """
    n = check_int("n", n, 1)
    length = check_int("length", length, 1, 1000)
    min_length = check_int("min_length", min_length, 1, length)
    vocab = check_int("vocab", vocab, 2, 2**31 - 1)
    check_choice("align", align, ("right", "left"))
    rng = rng_from(seed)
    L = rng.integers(min_length, length + 1, size=n)
    X = rng.integers(1, vocab, size=(n, length))
    slots = np.arange(length)[None, :]
    X[slots >= L[:, None]] = 0  # PAD
    if align == "right":
        Y = X[:, ::-1].copy()  # slot t <- slot length-1-t
    else:
        source = np.clip(L[:, None] - 1 - slots, 0, None)  # slot t <- slot L-1-t
        Y = np.where(slots < L[:, None], np.take_along_axis(X, source, axis=1), 0)
    X, Y = X.astype("int32"), Y.astype("int32")
    if exclude is not None:
        exclude = np.asarray(exclude)
        if exclude.ndim != 2 or exclude.shape[1] != length:
            raise ValueError(f"exclude must have shape (k, {length}), got {exclude.shape}")
        seen = {tuple(r) for r in exclude}
        new = np.array([tuple(r) not in seen for r in X])
        X, Y, L = X[new], Y[new], L[new]
    return ReversalSet(X, Y, L)


# ---------------------------------------------------------------- sunspots (Q25)

@dataclass(frozen=True)
class Sunspots:
    """Yearly sunspot numbers with a chronological train / validation / test split."""

    years: np.ndarray  # (n,) int64, consecutive
    values: np.ndarray  # (n,) float64 yearly mean sunspot number
    val_start: int  # first validation year
    test_start: int  # first test year

    @property
    def n_train(self) -> int:
        """Number of training years (before ``val_start``)."""
        return int(np.sum(self.years < self.val_start))

    @property
    def n_train_val(self) -> int:
        """Number of training + validation years (before ``test_start``)."""
        return int(np.sum(self.years < self.test_start))

    def summary(self) -> str:
        """One line with each part's years and size, e.g. for a notebook's data cell."""
        a, b, y = self.n_train, self.n_train_val, self.years
        return (f"{len(y)} years; train {y[0]}-{y[a - 1]} ({a}), val {y[a]}-{y[b - 1]} ({b - a}), "
                f"test {y[b]}-{y[-1]} ({len(y) - b})")


def load_sunspots(val_start: int = 1929, test_start: int = 1969) -> Sunspots:
    """The yearly mean sunspot numbers 1700-2008 (309 years), bundled with statsmodels.

    The split is chronological and fixed: by default train 1700-1928 (229 years),
    validation 1929-1968 (40) and test 1969-2008 (40, four solar cycles). Values are the
    raw float64 numbers (0-190); years are int64.
    """
    from statsmodels.datasets import sunspots

    val_start, test_start = check_int("val_start", val_start), check_int("test_start", test_start)
    if not 1700 < val_start < test_start <= 2008:
        raise ValueError(
            f"need 1700 < val_start < test_start <= 2008 (each part non-empty), got {val_start}, {test_start}"
        )
    data = sunspots.load_pandas().data
    years = data["YEAR"].to_numpy().astype(int)  # (309,) 1700 .. 2008
    values = data["SUNACTIVITY"].to_numpy().astype("float64")  # (309,)
    return Sunspots(years, values, val_start, test_start)
