"""Builders of the speech data (Q21, Q22): spoken digits synthesised with eSpeak NG.

The ``espeakng-loader`` wheel ships libespeak-ng 1.52 and its voice data; it is driven here
through ``ctypes`` (synchronous mode, 22,050 Hz, 16-bit). Only these builders need it: the
notebooks load the committed files through ``helpers.load_spoken_digits`` /
``helpers.load_tts_digits``.

Why the output is committed: eSpeak NG is bit-reproducible only as a whole sequence of calls in a
fresh process. An utterance depends on what the same process synthesised before it (repeating one
gives a different waveform, a few samples longer or shorter; ``espeak_Terminate`` and a new
``espeak_Initialize``, ``espeak_ng_SetRandSeed`` and libc ``srand`` do not reset that state), and
other platforms get other binaries. So :func:`synthesise` runs every plan in a new Python process,
in a fixed order, and a rebuild on the same platform reproduces the file bit for bit.

Storage: 8-bit mu-law (G.711's companding, mu = 255), 8 kHz for the many-voice recognition set,
16 kHz for the one-voice synthesis set; clean audio only (the loader adds the noise and time
shifts, deterministically), so the files compress.
"""

from __future__ import annotations

import ctypes
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ESPEAK_SR = 22050
MU = 255
# English accents of espeak-ng 1.52 (lang/gmw); every recognition utterance draws one.
ACCENTS = ("en-us", "en", "en-029", "en-gb-scotland", "en-gb-x-gbclan", "en-gb-x-gbcwmd",
           "en-gb-x-rp", "en-us-nyc")
N_VAL_SPEAKERS, N_TEST_SPEAKERS = 16, 24  # held-out voice variants
TTS_VOICE, TTS_RATE, TTS_PITCH = "en-us", 165, 50
N_TTS_VAL, N_TTS_TEST = 40, 60
CMN_DEMO = ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "3 1 4", "2 0 2 4", "5 2 0", "9 5 2 7", "6 6 8")


# ---------------------------------------------------------------- mu-law (the loader has the same decoder)

def mulaw_encode(x: np.ndarray) -> np.ndarray:
    """Float samples in [-1, 1] -> 8-bit mu-law codes (uint8, 0..255; 128 is about zero)."""
    x = np.clip(np.asarray(x, dtype=np.float64), -1.0, 1.0)
    y = np.sign(x) * np.log1p(MU * np.abs(x)) / np.log1p(MU)
    return np.round((y + 1) / 2 * MU).astype(np.uint8)


# ---------------------------------------------------------------- eSpeak NG through ctypes

class _Id(ctypes.Union):
    _fields_ = [("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8)]


class _Event(ctypes.Structure):  # espeak_EVENT from speak_lib.h
    _fields_ = [("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint),
                ("text_position", ctypes.c_int), ("length", ctypes.c_int),
                ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
                ("user_data", ctypes.c_void_p), ("id", _Id)]


_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                             ctypes.POINTER(_Event))
_EVENT_WORD, _EVENT_PHONEME = 1, 7
_RATE, _VOLUME, _PITCH, _RANGE = 1, 2, 3, 4


class ESpeak:
    """A minimal synchronous eSpeak NG synthesiser (one per process; see the module docstring)."""

    def __init__(self, volume: int = 60):
        import espeakng_loader

        lib = ctypes.CDLL(espeakng_loader.get_library_path())
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        # AUDIO_OUTPUT_SYNCHRONOUS = 2; option 1 = phoneme events
        sr = lib.espeak_Initialize(2, 0, espeakng_loader.get_data_path().encode(), 1)
        if sr != ESPEAK_SR:
            raise RuntimeError(f"espeak_Initialize returned {sr}, expected {ESPEAK_SR} Hz")
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_Synth.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
                                     ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
        self.lib, self._chunks, self._events = lib, [], []

        def callback(wav, n, events):
            if n > 0:
                self._chunks.append(np.ctypeslib.as_array(wav, shape=(n,)).copy())
            i = 0
            while events[i].type != 0:  # espeakEVENT_LIST_TERMINATED
                e = events[i]
                name = bytes(e.id.string).split(b"\0")[0].decode("utf-8", "replace") if e.type == _EVENT_PHONEME else ""
                self._events.append((e.type, e.sample, name))
                i += 1
            return 0

        self._callback = _CALLBACK(callback)  # keep a reference: C holds the pointer
        lib.espeak_SetSynthCallback(self._callback)
        lib.espeak_SetParameter(_VOLUME, volume, 0)  # the default 100 clips some variants
        # The noise of breathy variants (f2, whisper, ...) comes from a generator that
        # espeak_Initialize seeds from the clock: fix it, or two builds differ.
        lib.espeak_ng_SetRandSeed.argtypes = [ctypes.c_long]
        lib.espeak_ng_SetRandSeed(0)

    def synth(self, text: str, voice: str, rate: int, pitch: int, prange: int = 50):
        """(int16 samples at 22,050 Hz, word start samples, [(phoneme, start sample), ...])."""
        if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
            raise ValueError(f"eSpeak NG has no voice {voice!r}")
        for key, value in ((_RATE, rate), (_PITCH, pitch), (_RANGE, prange)):
            self.lib.espeak_SetParameter(key, int(value), 0)
        self._chunks, self._events = [], []
        data = text.encode("utf-8") + b"\0"
        # position 0, POS_CHARACTER = 1, end 0, espeakCHARS_AUTO = 0
        status = self.lib.espeak_Synth(ctypes.create_string_buffer(data), len(data), 0, 1, 0, 0, None, None)
        if status != 0:
            raise RuntimeError(f"espeak_Synth failed with status {status} on {text!r}")
        self.lib.espeak_Synchronize()
        wave = np.concatenate(self._chunks).astype(np.int16) if self._chunks else np.zeros(0, np.int16)
        words = [s for t, s, _ in self._events if t == _EVENT_WORD]
        phones = [(n, s) for t, s, n in self._events if t == _EVENT_PHONEME]
        return wave, words, phones


def voice_variants() -> list[str]:
    """eSpeak NG's voice variants (``voices/!v``), sorted; names with spaces are left out."""
    import espeakng_loader

    folder = Path(espeakng_loader.get_data_path()) / "voices" / "!v"
    return sorted(p.name for p in folder.iterdir() if " " not in p.name)


def _worker(plan_path: str, out_path: str) -> None:
    """Synthesise a plan (JSON list of utterances) in this fresh process and save the raw output."""
    plan = json.loads(Path(plan_path).read_text(encoding="utf-8"))
    engine = ESpeak()
    waves, words, phones = [], [], []
    for u in plan:
        w, wd, ph = engine.synth(u["text"], u["voice"], u["rate"], u["pitch"], u["prange"])
        waves.append(w), words.append(wd), phones.append(ph)
    np.savez(out_path, audio=np.concatenate(waves), lens=np.array([len(w) for w in waves]),
             words=np.array([s for x in words for s in x], np.int64), n_words=np.array([len(x) for x in words]),
             phone_names=np.array([n for x in phones for n, _ in x] or [""]),
             phone_start=np.array([s for x in phones for _, s in x], np.int64),
             n_phones=np.array([len(x) for x in phones]))


def synthesise(plan: list[dict]) -> tuple[list[np.ndarray], list[np.ndarray], list[list[tuple[str, int]]]]:
    """Synthesise every utterance of ``plan`` in order, in a fresh Python process.

    Returns (int16 waves at 22,050 Hz, word start samples, phoneme (name, start sample) lists).
    """
    with tempfile.TemporaryDirectory() as tmp:
        plan_path, out_path = Path(tmp) / "plan.json", Path(tmp) / "raw.npz"
        plan_path.write_text(json.dumps(plan), encoding="utf-8")
        subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker", str(plan_path), str(out_path)],
                       check=True, stdin=subprocess.DEVNULL)
        with np.load(out_path, allow_pickle=False) as raw:
            cut = lambda a, n: np.split(a, np.cumsum(n)[:-1])  # noqa: E731
            waves = cut(raw["audio"], raw["lens"])
            words = cut(raw["words"], raw["n_words"])
            names = cut(raw["phone_names"][: raw["n_phones"].sum()], raw["n_phones"])
            starts = cut(raw["phone_start"], raw["n_phones"])
    return waves, words, [list(zip(map(str, n), map(int, s))) for n, s in zip(names, starts)]


def _resample(wave: np.ndarray, sr: int) -> np.ndarray:
    from scipy.signal import resample_poly

    g = np.gcd(sr, ESPEAK_SR)
    return resample_poly(wave.astype(np.float64) / 32768.0, sr // g, ESPEAK_SR // g)


def _to_rate(samples, sr: int) -> np.ndarray:
    return np.round(np.asarray(samples, dtype=np.float64) * sr / ESPEAK_SR).astype(np.int32)


# ---------------------------------------------------------------- Q21: many voices, digits and digit strings

def plan_spoken_digits(seed: int, variants: list[str], n_strings: int = 10, lengths: tuple[int, int] = (2, 5)):
    """Utterances of every speaker (a voice variant): the ten digits once each, in a random order,
    then ``n_strings`` strings of ``lengths`` digits. Each speaker has a base rate, pitch and pitch
    range; each utterance draws an English accent and jitters rate (±15) and pitch (±5).
    Speakers are assigned to train / val / test here (held-out voices)."""
    rng = np.random.default_rng(seed)
    roles = np.array(["train"] * len(variants), dtype="<U5")
    order = rng.permutation(len(variants))
    roles[order[:N_VAL_SPEAKERS]] = "val"
    roles[order[N_VAL_SPEAKERS:N_VAL_SPEAKERS + N_TEST_SPEAKERS]] = "test"
    plan = []
    for speaker, variant in enumerate(variants):
        rate, pitch, prange = int(rng.integers(150, 211)), int(rng.integers(25, 76)), int(rng.integers(30, 81))
        texts = [str(d) for d in rng.permutation(10)]
        texts += [" ".join(map(str, rng.integers(0, 10, int(rng.integers(lengths[0], lengths[1] + 1)))))
                  for _ in range(n_strings)]
        for text in texts:
            plan.append(dict(text=text, voice=f"{ACCENTS[int(rng.integers(len(ACCENTS)))]}+{variant}",
                             speaker=speaker, split=str(roles[speaker]),
                             rate=rate + int(rng.integers(-15, 16)),
                             pitch=int(np.clip(pitch + int(rng.integers(-5, 6)), 0, 99)), prange=prange))
    return plan


def build_spoken_digits(path: Path, seed: int, variants: list[str] | None = None, n_strings: int = 10,
                        sr: int = 8000) -> None:
    """Write ``spoken_digits.npz``: every variant says the ten digits and ``n_strings`` digit strings."""
    variants = voice_variants() if variants is None else list(variants)
    plan = plan_spoken_digits(seed, variants, n_strings)
    waves, words, _ = synthesise(plan)
    audio = [mulaw_encode(_resample(w, sr)) for w in waves]
    np.savez_compressed(
        path, audio=np.concatenate(audio), length=np.array([len(a) for a in audio], np.int64),
        text=np.array([u["text"].replace(" ", "") for u in plan]),
        speaker=np.array([u["speaker"] for u in plan], np.int64), split=np.array([u["split"] for u in plan]),
        voice=np.array([u["voice"] for u in plan]), rate=np.array([u["rate"] for u in plan], np.int64),
        pitch=np.array([u["pitch"] for u in plan], np.int64),
        word_start=np.concatenate([_to_rate(w, sr) for w in words]),
        variants=np.array(variants), sr=np.array(sr, np.int64))


# ---------------------------------------------------------------- Q22: one voice, unique digit strings

def plan_tts_digits(seed: int, n: int = 280, lengths: tuple[int, int] = (2, 5)):
    """One voice: the ten digits, then unique random strings (no text twice) up to ``n``;
    the digits stay in train, the strings are split into val / test / train; plus the
    Mandarin (cmn) demo readings, split ``demo``."""
    rng = np.random.default_rng(seed)
    texts, seen = [str(d) for d in range(10)], set()
    seen.update(texts)
    while len(texts) < n:
        text = " ".join(map(str, rng.integers(0, 10, int(rng.integers(lengths[0], lengths[1] + 1)))))
        if text not in seen:
            seen.add(text), texts.append(text)
    roles = ["train"] * n
    order = 10 + rng.permutation(n - 10)
    for i in order[:N_TTS_VAL]:
        roles[i] = "val"
    for i in order[N_TTS_VAL:N_TTS_VAL + N_TTS_TEST]:
        roles[i] = "test"
    plan = [dict(text=t, voice=TTS_VOICE, language="en", split=r, rate=TTS_RATE, pitch=TTS_PITCH, prange=50)
            for t, r in zip(texts, roles)]
    plan += [dict(text=t, voice="cmn", language="cmn", split="demo", rate=TTS_RATE, pitch=TTS_PITCH, prange=50)
             for t in CMN_DEMO]
    return plan


def build_tts_digits(path: Path, seed: int, n: int = 280, sr: int = 16000) -> None:
    """Write ``tts_digits.npz``: audio, phonemes with start samples, word starts, the split."""
    plan = plan_tts_digits(seed, n)
    waves, words, phones = synthesise(plan)
    audio = [mulaw_encode(_resample(w, sr)) for w in waves]
    vocab = sorted({p for ph in phones for p, _ in ph})
    np.savez_compressed(
        path, audio=np.concatenate(audio), length=np.array([len(a) for a in audio], np.int64),
        text=np.array([u["text"].replace(" ", "") for u in plan]), language=np.array([u["language"] for u in plan]),
        split=np.array([u["split"] for u in plan]),
        word_start=np.concatenate([_to_rate(w, sr) for w in words]),
        n_words=np.array([len(w) for w in words], np.int64),
        phone_vocab=np.array(vocab),
        phone_id=np.array([vocab.index(p) for ph in phones for p, _ in ph], np.int16),
        phone_start=np.concatenate([_to_rate([s for _, s in ph], sr) for ph in phones]),
        n_phones=np.array([len(ph) for ph in phones], np.int64), sr=np.array(sr, np.int64))


SOURCE = ("synthesised offline with eSpeak NG 1.52 (espeakng-loader 0.2.4 wheel) via ctypes: "
          "datasets/build_speech.py")
LICENCE = "eSpeak NG is GPL-3.0-or-later; the generated audio is the course's (CC0)"

if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        _worker(sys.argv[2], sys.argv[3])
    else:
        sys.exit("usage: python datasets/build.py spoken_digits.npz tts_digits.npz")
