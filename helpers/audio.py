"""Speech data and features for the recognition (Q21) and synthesis (Q22) notebooks.

Data: spoken digits synthesised offline with eSpeak NG (``datasets/build_speech.py``) and
committed with their sha256 (``datasets/MANIFEST.json``), stored as 8-bit mu-law:

* :func:`load_spoken_digits` – 103 voices (eSpeak's variants, English accents drawn per
  utterance) each saying the ten digits and ten strings of 2-5 digits, 8 kHz; voices are held
  out for validation and test. White noise (10-30 dB SNR) and 0-0.25 s of silence before and
  after are added here, with a fixed seed, so every run sees the same noisy audio.
* :func:`load_tts_digits` – one voice reading 280 unique digit texts at 16 kHz, with the
  phoneme sequence and every phoneme's start (the synthesiser's own durations), split by text;
  plus a few Mandarin readings for the text front end.

Features and tools the two notebooks share: :func:`pad_waves`, :func:`log_mel` (``tf.signal``),
:func:`frame_counts`, :func:`cmvn`, :func:`phone_durations`, :func:`dtw_costs`,
:func:`one_pass_dtw`, :func:`word_error_rate`, :func:`plot_spectrogram`, :func:`audio_player`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ._validate import check_array, check_bool, check_float, check_int, check_str
from .files import load_npz

__all__ = [
    "SpokenDigits",
    "TTSDigits",
    "audio_player",
    "cmvn",
    "dtw_costs",
    "frame_counts",
    "load_spoken_digits",
    "load_tts_digits",
    "log_mel",
    "mulaw_decode",
    "mulaw_encode",
    "one_pass_dtw",
    "pad_waves",
    "phone_durations",
    "plot_spectrogram",
    "word_error_rate",
]

MU = 255
NOISE_SEED = 2100  # = data_seed("q21", "all"): the loader's fixed noise and shifts
SPOKEN_DIGITS_FILE, TTS_DIGITS_FILE = "spoken_digits.npz", "tts_digits.npz"


# ---------------------------------------------------------------- mu-law

def mulaw_encode(x) -> np.ndarray:
    """Float samples in [-1, 1] (clipped) -> 8-bit mu-law codes, uint8 (G.711's curve, mu = 255)."""
    x = np.clip(check_array("x", x).astype(np.float64), -1.0, 1.0)
    y = np.sign(x) * np.log1p(MU * np.abs(x)) / np.log1p(MU)
    return np.round((y + 1) / 2 * MU).astype(np.uint8)


def mulaw_decode(codes) -> np.ndarray:
    """8-bit mu-law codes (uint8) -> float32 samples in [-1, 1]."""
    codes = np.asarray(codes)
    if codes.dtype != np.uint8:
        raise TypeError(f"codes must be uint8 mu-law codes, got dtype {codes.dtype}")
    y = codes.astype(np.float64) / MU * 2 - 1
    return (np.sign(y) * np.expm1(np.abs(y) * np.log1p(MU)) / MU).astype(np.float32)


def _cut(flat: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, ...]:
    return tuple(np.split(flat, np.cumsum(lengths)[:-1]))


# ---------------------------------------------------------------- Q21: many voices

@dataclass(frozen=True)
class SpokenDigits:
    """What :func:`load_spoken_digits` returns: one entry per utterance."""

    waves: tuple  # float32 waveforms in [-1, 1] (noisy unless noise=False), sr Hz
    clean: tuple  # the same utterances without noise or shift
    text: np.ndarray  # (n,) str: the digits said, e.g. "3", "4170"
    speaker: np.ndarray  # (n,) int: index into ``variants``
    split: np.ndarray  # (n,) str: "train" / "val" / "test" (held-out voices)
    voice: np.ndarray  # (n,) str: eSpeak voice, accent+variant
    word_start: tuple  # int arrays: the sample where each digit starts in ``waves``
    variants: np.ndarray  # (103,) str: eSpeak voice variants, one per speaker
    sr: int  # sample rate, 8000

    @property
    def isolated(self) -> np.ndarray:
        """(n,) bool: the utterance is a single digit."""
        return np.char.str_len(self.text) == 1

    def index(self, split: str, isolated: bool | None = None) -> np.ndarray:
        """Indices of one part ("train", "val", "test"), optionally only isolated digits or only strings."""
        if split not in ("train", "val", "test"):
            raise ValueError(f"split must be 'train', 'val' or 'test', got {split!r}")
        keep = self.split == split
        if isolated is not None:
            keep &= self.isolated == check_bool("isolated", isolated)
        return np.nonzero(keep)[0]

    def summary(self) -> str:
        """One line: utterances, voices and seconds per part."""
        parts = []
        for s in ("train", "val", "test"):
            i = self.index(s)
            secs = sum(len(self.clean[k]) for k in i) / self.sr
            parts.append(f"{s} {len(np.unique(self.speaker[i]))} voices, {len(i)} utterances "
                         f"({int(self.isolated[i].sum())} digits + {int((~self.isolated[i]).sum())} strings, {secs:.0f} s)")
        return f"{len(self.text)} utterances at {self.sr} Hz; " + "; ".join(parts)


def load_spoken_digits(noise: bool = True, snr_db: tuple[float, float] = (10.0, 30.0),
                       shift_s: tuple[float, float] = (0.0, 0.25)) -> SpokenDigits:
    """The many-voice spoken digits (verified against the manifest), with fixed noise and shifts.

    Each utterance gets ``shift_s``-uniform seconds of silence before and after and white noise at
    a ``snr_db``-uniform signal-to-noise ratio, drawn from a generator seeded with
    ``[NOISE_SEED, utterance index]`` (the same on every run and machine). ``noise=False`` returns
    the clean audio in ``waves`` too.
    """
    noise = check_bool("noise", noise)
    lo_snr, hi_snr = (check_float("snr_db", v) for v in snr_db)
    lo_s, hi_s = (check_float("shift_s", v, 0.0) for v in shift_s)
    if lo_snr > hi_snr or lo_s > hi_s:
        raise ValueError(f"snr_db and shift_s must be (low, high) with low <= high, got {snr_db}, {shift_s}")
    d = load_npz(SPOKEN_DIGITS_FILE)
    sr = int(d["sr"])
    clean = tuple(mulaw_decode(c) for c in _cut(d["audio"], d["length"]))
    starts = _cut(d["word_start"].astype(np.int64), np.char.str_len(d["text"]))
    waves, shifted = [], []
    for i, x in enumerate(clean):
        if not noise:
            waves.append(x), shifted.append(starts[i])
            continue
        rng = np.random.default_rng([NOISE_SEED, i])
        before, after = (rng.uniform(lo_s, hi_s, size=2) * sr).astype(int)
        snr = rng.uniform(lo_snr, hi_snr)
        y = np.concatenate([np.zeros(before, np.float32), x, np.zeros(after, np.float32)])
        scale = np.sqrt(np.mean(x.astype(np.float64) ** 2) / 10 ** (snr / 10))
        waves.append((y + scale * rng.standard_normal(len(y))).astype(np.float32))
        shifted.append(starts[i] + before)
    return SpokenDigits(tuple(waves), clean, d["text"], d["speaker"], d["split"], d["voice"],
                        tuple(shifted), d["variants"], sr)


# ---------------------------------------------------------------- Q22: one voice

@dataclass(frozen=True)
class TTSDigits:
    """What :func:`load_tts_digits` returns: one entry per utterance."""

    waves: tuple  # float32 waveforms in [-1, 1], sr Hz
    text: np.ndarray  # (n,) str: the digits read, e.g. "52"
    language: np.ndarray  # (n,) str: "en" (the training voice) or "cmn" (demo readings)
    split: np.ndarray  # (n,) str: "train" / "val" / "test" (unique texts) or "demo"
    phone_vocab: tuple  # eSpeak phoneme names; phones index into it
    phones: tuple  # int arrays: each utterance's phoneme ids
    phone_start: tuple  # int arrays: each phoneme's first sample
    word_start: tuple  # int arrays: each digit's first sample
    sr: int  # sample rate, 16000

    def index(self, split: str) -> np.ndarray:
        """Indices of one part: "train", "val", "test" (English) or "demo" (Mandarin)."""
        if split not in ("train", "val", "test", "demo"):
            raise ValueError(f"split must be 'train', 'val', 'test' or 'demo', got {split!r}")
        return np.nonzero(self.split == split)[0]

    def summary(self) -> str:
        """One line: utterances and seconds per part, phoneme inventory size."""
        parts = [f"{s} {len(self.index(s))} ({sum(len(self.waves[k]) for k in self.index(s)) / self.sr:.0f} s)"
                 for s in ("train", "val", "test", "demo")]
        return f"{len(self.text)} utterances at {self.sr} Hz, {len(self.phone_vocab)} phonemes; " + ", ".join(parts)


def load_tts_digits() -> TTSDigits:
    """The one-voice digit readings with phonemes and durations (verified against the manifest)."""
    d = load_npz(TTS_DIGITS_FILE)
    waves = tuple(mulaw_decode(c) for c in _cut(d["audio"], d["length"]))
    phones = _cut(d["phone_id"].astype(np.int64), d["n_phones"])
    return TTSDigits(waves, d["text"], d["language"], d["split"], tuple(str(p) for p in d["phone_vocab"]),
                     phones, _cut(d["phone_start"].astype(np.int64), d["n_phones"]),
                     _cut(d["word_start"].astype(np.int64), d["n_words"]), int(d["sr"]))


# ---------------------------------------------------------------- features

def pad_waves(waves: Sequence[np.ndarray], length: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Stack 1-D waveforms into a zero-padded (n, length) float32 batch; also return their lengths
    (cut at ``length`` if given; default the longest)."""
    if isinstance(waves, np.ndarray) and waves.ndim == 1:
        raise TypeError("waves must be a sequence of 1-D arrays, not one waveform")
    waves = [check_array("wave", w, ndim=1) for w in waves]
    if not waves:
        raise ValueError("waves is empty")
    n = np.array([len(w) for w in waves])
    length = int(n.max()) if length is None else check_int("length", length, 1)
    X = np.zeros((len(waves), length), np.float32)
    for i, w in enumerate(waves):
        X[i, : min(length, len(w))] = w[:length]
    return X, np.minimum(n, length)


def frame_counts(lengths, frame_length: int, frame_step: int, center: bool = False) -> np.ndarray:
    """Number of STFT frames for each waveform length (as :func:`log_mel` frames them).

    ``center=False``: ``1 + (n - frame_length) // frame_step`` (0 if shorter);
    ``center=True`` (``frame_length // 2`` zeros each side, frames centred on ``t * frame_step``):
    ``1 + n // frame_step``.
    """
    n = check_array("lengths", lengths).astype(np.int64)
    frame_length, frame_step = check_int("frame_length", frame_length, 1), check_int("frame_step", frame_step, 1)
    if center:
        return 1 + n // frame_step
    return np.maximum(0, 1 + (n - frame_length) // frame_step)


def log_mel(X, sr: int, *, n_mels: int = 40, frame_length: int = 200, frame_step: int = 80,
            fft_length: int = 256, fmin: float = 20.0, fmax: float | None = None, power: float = 2.0,
            floor: float = 1e-6, center: bool = False) -> np.ndarray:
    """Log-mel spectrogram of a batch with ``tf.signal``: Hann-window STFT, ``|.|**power``, a mel
    filterbank (``linear_to_mel_weight_matrix``), ``log(max(., floor))``.

    ``X``: (n, samples) or (samples,) float. Returns float32 (n, frames, n_mels) (or (frames, n_mels)).
    ``center=True`` pads ``frame_length // 2`` zeros on each side first, so frame ``t`` is centred on
    sample ``t * frame_step`` (as librosa does when the window fills the DFT). The defaults are the 8 kHz recogniser's:
    25 ms windows every 10 ms, 40 mels.
    """
    import tensorflow as tf

    X = check_array("X", X, ndim=(1, 2)).astype(np.float32)
    one = X.ndim == 1
    X = X[None] if one else X
    sr = check_int("sr", sr, 1)
    n_mels = check_int("n_mels", n_mels, 1)
    frame_length, frame_step = check_int("frame_length", frame_length, 1), check_int("frame_step", frame_step, 1)
    fft_length = check_int("fft_length", fft_length, frame_length)
    fmax = sr / 2 if fmax is None else check_float("fmax", fmax, 0.0, sr / 2)
    fmin = check_float("fmin", fmin, 0.0, fmax)
    power, floor = check_float("power", power, 0.0, strict=True), check_float("floor", floor, 0.0, strict=True)
    if check_bool("center", center):
        X = np.pad(X, ((0, 0), (frame_length // 2, frame_length // 2)))
    if X.shape[1] < frame_length:
        raise ValueError(f"waveforms of {X.shape[1]} samples are shorter than one frame ({frame_length})")
    S = tf.signal.stft(X, frame_length, frame_step, fft_length, window_fn=tf.signal.hann_window)
    W = tf.signal.linear_to_mel_weight_matrix(n_mels, fft_length // 2 + 1, sr, fmin, fmax)
    M = tf.tensordot(tf.abs(S) ** power, W, 1).numpy()
    out = np.log(np.maximum(M, floor)).astype(np.float32)
    return out[0] if one else out


def cmvn(F, n_frames=None, variance: bool = False) -> np.ndarray:
    """Cepstral mean (and variance) normalisation per utterance: subtract each utterance's mean
    frame over its first ``n_frames`` frames (all if None), divide by its std if ``variance``;
    padding frames become 0. ``F``: (frames, dims) or (n, frames, dims)."""
    F = check_array("F", F, ndim=(2, 3)).astype(np.float32)
    one = F.ndim == 2
    F = F[None] if one else F.copy()
    n = np.full(len(F), F.shape[1]) if n_frames is None else check_array("n_frames", n_frames, ndim=(0, 1))
    n = np.broadcast_to(n, (len(F),)).astype(int)
    for i in range(len(F)):
        if not 1 <= n[i] <= F.shape[1]:
            raise ValueError(f"n_frames[{i}] must be in [1, {F.shape[1]}], got {n[i]}")
        v = F[i, : n[i]]
        v = v - v.mean(0)
        if variance:
            v = v / (v.std(0) + 1e-5)
        F[i, : n[i]], F[i, n[i]:] = v, 0.0
    return F[0] if one else F


def phone_durations(starts, n_frames: int, frame_step: int) -> np.ndarray:
    """Frames per phoneme from the phonemes' start samples, for centred frames every
    ``frame_step`` samples: phoneme k owns the frames from ``round(start_k / frame_step)`` up to the
    next phoneme's; the last runs to ``n_frames``. The durations are >= 0 and sum to ``n_frames``."""
    s = check_array("starts", starts, ndim=1)
    n_frames, frame_step = check_int("n_frames", n_frames, 1), check_int("frame_step", frame_step, 1)
    if len(s) == 0 or np.any(np.diff(s) < 0):
        raise ValueError("starts must be a non-empty, non-decreasing array of sample positions")
    b = np.minimum(np.round(s / frame_step).astype(np.int64), n_frames)
    b[0] = 0
    return np.diff(np.append(b, n_frames))


# ---------------------------------------------------------------- template matching and scoring

def dtw_costs(query, templates: Sequence[np.ndarray], chunk: int = 8) -> np.ndarray:
    """Dynamic-time-warping cost of a query (frames, dims) against each template (m_k, dims).

    Steps (1, 0), (0, 1), (1, 1), Euclidean frame distance; the accumulated cost is divided by
    ``len(query) + len(template)`` so templates of different lengths compare. Vectorised over
    templates and queries (``query`` may also be a list of queries, then the result is
    (n_queries, n_templates), computed ``chunk`` queries at a time) and along anti-diagonals of
    the cost matrix. Returns float64 costs.
    """
    single = isinstance(query, np.ndarray) and query.ndim == 2
    Q = [check_array("query", q, ndim=2).astype(np.float32) for q in ([query] if single else query)]
    if not len(templates) or not Q:
        raise ValueError("query and templates must not be empty")
    T = [check_array("template", t, ndim=2).astype(np.float32) for t in templates]
    dims = Q[0].shape[1]
    if any(len(x) == 0 or x.shape[1] != dims for x in Q + T):
        raise ValueError(f"query and templates must be non-empty with {dims} features per frame")
    chunk = check_int("chunk", chunk, 1)
    m = np.array([len(t) for t in T])
    B = np.zeros((len(T), m.max(), dims), np.float32)
    for k, t in enumerate(T):
        B[k, : len(t)] = t
    out = np.zeros((len(Q), len(T)))
    for c0 in range(0, len(Q), chunk):
        part = Q[c0:c0 + chunk]
        n = np.array([len(q) for q in part])
        N, M = n.max(), m.max()
        A = np.zeros((len(part), N, dims), np.float32)
        for k, q in enumerate(part):
            A[k, : len(q)] = q
        # local distances, (queries, templates, query frames, template frames)
        AB = (A.reshape(-1, dims) @ B.reshape(-1, dims).T).reshape(len(part), N, len(T), M).transpose(0, 2, 1, 3)
        D = np.sqrt(np.maximum((A ** 2).sum(-1)[:, None, :, None] + (B ** 2).sum(-1)[None, :, None, :] - 2 * AB, 0))
        P = len(part) * len(T)
        # Template axis reversed: the cells (i, diag - i) of one anti-diagonal become an ordinary
        # diagonal, a view. A cell depends only on the two anti-diagonals before it, so the
        # recursion runs one anti-diagonal (all pairs, all its cells) per vector step.
        Dflip = D.reshape(P, N, M)[:, :, ::-1]
        target = (n[:, None] + m[None, :]).reshape(P)  # anti-diagonal of each pair's end cell (n, m)
        end_i = np.repeat(n, len(T))
        res = np.empty(P)
        prev2 = np.full((P, N + 1), np.inf, np.float32)  # diagonal 0: the start cell (0, 0)
        prev2[:, 0] = 0.0
        prev1 = np.full((P, N + 1), np.inf, np.float32)  # diagonal 1: boundary cells only
        for diag in range(2, N + M + 1):
            offset = M - diag + 1
            r0, r1 = max(0, -offset), min(N, M - offset)  # cells i = r0 + 1 .. r1
            cur = np.full((P, N + 1), np.inf, np.float32)
            cur[:, r0 + 1:r1 + 1] = np.diagonal(Dflip, offset, 1, 2) + np.minimum(
                np.minimum(prev1[:, r0:r1], prev1[:, r0 + 1:r1 + 1]), prev2[:, r0:r1])
            hit = np.nonzero(target == diag)[0]
            res[hit] = cur[hit, end_i[hit]]
            prev2, prev1 = prev1, cur
        out[c0:c0 + len(part)] = res.reshape(len(part), len(T))
    out /= np.array([len(q) for q in Q])[:, None] + m[None, :]
    return out[0] if single else out


def one_pass_dtw(query, templates: Sequence[np.ndarray], labels: Sequence, penalty: float = 0.0):
    """Connected-word recognition by one-pass DTW (Vintsyuk 1971, Ney 1984): the best sequence of
    templates, end to end, that explains the whole ``query``.

    Every query frame is matched to one template frame; inside a template the path advances 0, 1
    or 2 template frames per query frame; a template may start right after the best template end
    of the previous frame, paying ``penalty``. Returns (list of labels, mean cost per frame).
    """
    q = check_array("query", query, ndim=2).astype(np.float32)
    penalty = check_float("penalty", penalty, 0.0)
    if len(templates) != len(labels) or not len(templates):
        raise ValueError("templates and labels must be non-empty and of the same length")
    T = [check_array("template", t, ndim=2).astype(np.float32) for t in templates]
    K, m = len(T), np.array([len(t) for t in T])
    if len(q) == 0 or m.min() == 0 or any(t.shape[1] != q.shape[1] for t in T):
        raise ValueError(f"query and templates must be non-empty with {q.shape[1]} features per frame")
    M = m.max()
    B = np.zeros((K, M, q.shape[1]), np.float32)
    for k, t in enumerate(T):
        B[k, : len(t)] = t
    D = np.sqrt(np.maximum((q ** 2).sum(-1)[:, None, None] + (B ** 2).sum(-1)[None]
                           - 2 * (q @ B.reshape(-1, q.shape[1]).T).reshape(len(q), K, M), 0))  # (n, K, M)
    D[:, np.arange(M)[None, :] >= m[:, None]] = np.inf
    C = np.full((K, M), np.inf)
    S = np.zeros((K, M), np.int64)  # start frame of the template occupying each cell
    inf_col = np.full((K, 1), np.inf)
    end_k, end_start, end_cost = np.zeros(len(q), np.int64), np.zeros(len(q), np.int64), np.zeros(len(q))
    rows, last = np.arange(K), m - 1
    for t in range(len(q)):
        stay, step1, step2 = C, np.hstack([inf_col, C[:, :-1]]), np.hstack([inf_col, inf_col, C[:, :-2]])[:, :M]
        choice = np.argmin(np.stack([stay, step1, step2]), 0)
        best = np.choose(choice, [stay, step1, step2])
        start = np.choose(choice, [S, np.hstack([S[:, :1], S[:, :-1]]), np.hstack([S[:, :2], S[:, :-2]])[:, :M]])
        entry = penalty + (end_cost[t - 1] if t else 0.0)
        enter = best[:, 0] > entry
        best[enter, 0], start[enter, 0] = entry, t
        C, S = best + D[t], start
        k = int(np.argmin(C[rows, last]))
        end_k[t], end_start[t], end_cost[t] = k, S[k, last[k]], C[k, last[k]]
    out, t = [], len(q) - 1
    while t >= 0:
        out.append(labels[end_k[t]])
        t = end_start[t] - 1
    return out[::-1], float(end_cost[-1] / len(q))


def _edit_distance(a: Sequence, b: Sequence) -> int:
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]


def word_error_rate(refs: Sequence[Sequence], hyps: Sequence[Sequence]) -> float:
    """Total Levenshtein distance (substitutions + insertions + deletions) over total reference
    length. Each reference / hypothesis is a sequence of tokens; a str is a sequence of
    characters, so for digit strings ("314") this is the digit (= word) error rate, and for
    spelled text it is the character error rate."""
    if len(refs) != len(hyps):
        raise ValueError(f"refs and hyps must have the same length, got {len(refs)} and {len(hyps)}")
    total = sum(len(r) for r in refs)
    if total == 0:
        raise ValueError("the references are all empty")
    return sum(_edit_distance(list(r), list(h)) for r, h in zip(refs, hyps)) / total


# ---------------------------------------------------------------- display

def plot_spectrogram(S, *, frame_step: int, sr: int, ax=None, title: str = "", ylabel: str = "mel band",
                     boundaries=None, labels: Sequence[str] | None = None):
    """Draw a (frames, bins) spectrogram with time in seconds; optional vertical lines at
    ``boundaries`` (frame indices) with ``labels`` above them. Returns the axes."""
    import matplotlib.pyplot as plt

    S = check_array("S", S, ndim=2)
    frame_step, sr = check_int("frame_step", frame_step, 1), check_int("sr", sr, 1)
    check_str("title", title, empty=True)
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 2.6))
    secs = len(S) * frame_step / sr
    ax.imshow(S.T, origin="lower", aspect="auto", cmap="magma", extent=(0, secs, 0, S.shape[1]))
    if boundaries is not None:
        b = check_array("boundaries", boundaries, ndim=1) * frame_step / sr
        for k, x in enumerate(b):
            ax.axvline(x, color="white", lw=0.8, ls="--")
            if labels is not None and k < len(labels):
                ax.text(x + 0.005, S.shape[1] * 0.9, str(labels[k]), color="white", fontsize=9)
    ax.set(xlabel="time (s)", ylabel=ylabel, title=title)
    return ax


def audio_player(wave, sr: int):
    """An ``IPython.display.Audio`` player for a float waveform (peak-normalised to 0.9 so that
    quiet and loud clips play alike; stored as 16-bit WAV inside the notebook)."""
    from IPython.display import Audio

    w = check_array("wave", wave, ndim=1).astype(np.float64)
    peak = np.abs(w).max() if len(w) else 0.0
    w = w * (0.9 / peak) if peak > 0 else w
    return Audio(w, rate=check_int("sr", sr, 1), normalize=False)
