"""helpers.audio: the spoken-digit loaders, features, DTW, error rates; the speech builder."""

import hashlib
import sys
from pathlib import Path

import numpy as np
import pytest

import helpers
from helpers import audio

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- mu-law

def test_mulaw_round_trip_is_close_and_finer_near_zero():
    x = np.linspace(-1, 1, 2001)
    codes = helpers.mulaw_encode(x)
    assert codes.dtype == np.uint8 and codes.min() == 0 and codes.max() == 255
    y = helpers.mulaw_decode(codes)
    err = np.abs(y - x)
    assert err.max() < 0.025  # the largest step, near full scale, is about 0.043
    small = np.abs(x) < 0.01
    assert err[small].max() < 2e-4  # companding: fine steps for quiet samples


def test_mulaw_decode_wants_uint8():
    with pytest.raises(TypeError, match="uint8"):
        helpers.mulaw_decode(np.array([1, 2, 3]))


# ---------------------------------------------------------------- loaders

@pytest.fixture(scope="module")
def digits():
    return helpers.load_spoken_digits()


@pytest.fixture(scope="module")
def tts():
    return helpers.load_tts_digits()


def test_spoken_digits_split_holds_out_voices(digits):
    assert digits.sr == 8000 and len(digits.waves) == len(digits.text) == 2060
    voices = {s: set(digits.speaker[digits.index(s)]) for s in ("train", "val", "test")}
    assert [len(voices[s]) for s in ("train", "val", "test")] == [63, 16, 24]
    assert not (voices["train"] & voices["val"] or voices["train"] & voices["test"] or voices["val"] & voices["test"])
    for s in ("train", "val", "test"):  # every voice says every digit once
        iso = digits.index(s, isolated=True)
        assert sorted(digits.text[iso]) == sorted([str(d) for d in range(10)] * len(voices[s]))
    assert set(np.char.str_len(digits.text[~digits.isolated])) == {2, 3, 4, 5}
    assert "voices" in digits.summary()


def test_spoken_digits_noise_is_fixed_and_shifts_word_starts(digits):
    again = helpers.load_spoken_digits()
    assert all(np.array_equal(a, b) for a, b in zip(digits.waves[:50], again.waves[:50]))
    clean = helpers.load_spoken_digits(noise=False)
    i = int(digits.index("test", isolated=False)[0])
    assert np.array_equal(clean.waves[i], clean.clean[i])
    shift = len(digits.waves[i]) - len(clean.waves[i])
    assert 0 <= digits.word_start[i][0] - clean.word_start[i][0] <= shift <= 0.5 * digits.sr
    assert len(digits.word_start[i]) == len(digits.text[i])
    assert np.all(np.diff(clean.word_start[i]) > 0) and clean.word_start[i][-1] < len(clean.waves[i])
    # the SNR is within the requested range
    before = digits.word_start[i][0] - clean.word_start[i][0]
    n = digits.waves[i][before:before + len(clean.waves[i])] - clean.waves[i]
    snr = 10 * np.log10(np.mean(clean.waves[i] ** 2) / np.mean(n ** 2))
    assert 9 < snr < 31


def test_spoken_digits_rejects_bad_ranges():
    with pytest.raises(ValueError, match="low <= high"):
        helpers.load_spoken_digits(snr_db=(30, 10))
    with pytest.raises(TypeError):
        helpers.load_spoken_digits(noise="yes")
    with pytest.raises(ValueError, match="split"):
        helpers.load_spoken_digits(noise=False).index("dev")


def test_tts_digits_texts_are_unique_and_durations_add_up(tts):
    assert tts.sr == 16000
    en = np.nonzero(tts.language == "en")[0]
    assert len(set(tts.text[en])) == len(en) == 280
    assert set(tts.split[en]) == {"train", "val", "test"} and set(tts.split[tts.language == "cmn"]) == {"demo"}
    assert all(len(t) == 1 for t in tts.text[tts.index("train")][:10])
    for i in en[:40]:
        assert len(tts.word_start[i]) == len(tts.text[i])
        n = int(helpers.frame_counts(len(tts.waves[i]), 800, 200, center=True))
        d = helpers.phone_durations(tts.phone_start[i], n, 200)
        assert d.sum() == n and d.min() >= 0 and len(d) == len(tts.phones[i])
        assert max(tts.phones[i]) < len(tts.phone_vocab)
    assert "phonemes" in tts.summary()


# ---------------------------------------------------------------- features

def test_pad_waves_and_frame_counts_match_log_mel():
    waves = [np.ones(1000, np.float32), np.ones(1600, np.float32)]
    X, n = helpers.pad_waves(waves)
    assert X.shape == (2, 1600) and list(n) == [1000, 1600] and X[0, 1000:].sum() == 0
    F = helpers.log_mel(X, 8000)
    assert F.shape == (2, int(helpers.frame_counts(1600, 200, 80)), 40)
    assert list(helpers.frame_counts(n, 200, 80)) == [11, 18]
    Fc = helpers.log_mel(X, 8000, center=True)
    assert Fc.shape[1] == int(helpers.frame_counts(1600, 200, 80, center=True))
    assert helpers.pad_waves(waves, length=500)[0].shape == (2, 500)
    with pytest.raises(TypeError):
        helpers.pad_waves(np.ones(10))


def test_log_mel_of_a_tone_peaks_in_its_band():
    sr, f0 = 8000, 1000.0
    t = np.arange(sr) / sr
    F = helpers.log_mel(np.sin(2 * np.pi * f0 * t), sr)  # (frames, 40)
    import tensorflow as tf

    W = tf.signal.linear_to_mel_weight_matrix(40, 129, sr, 20.0, sr / 2).numpy()
    assert F.mean(0).argmax() == W[int(round(f0 / sr * 256))].argmax()
    with pytest.raises(ValueError, match="shorter than one frame"):
        helpers.log_mel(np.ones(100), sr)
    with pytest.raises(ValueError):
        helpers.log_mel(np.ones((2, 2, 400)), sr)


def test_cmvn_zero_mean_over_valid_frames_and_zero_padding():
    rng = np.random.default_rng(0)
    F = rng.normal(3, 2, size=(2, 10, 4))
    G = helpers.cmvn(F, [6, 10], variance=True)
    np.testing.assert_allclose(G[0, :6].mean(0), 0, atol=1e-5)
    np.testing.assert_allclose(G[1].std(0), 1, atol=1e-3)
    assert np.all(G[0, 6:] == 0)
    np.testing.assert_allclose(helpers.cmvn(F[1]), F[1] - F[1].mean(0), atol=1e-5)
    with pytest.raises(ValueError, match="n_frames"):
        helpers.cmvn(F, [0, 10])


def test_phone_durations():
    assert list(helpers.phone_durations([0, 450, 1000, 1000], 8, 200)) == [2, 3, 0, 3]
    with pytest.raises(ValueError, match="non-decreasing"):
        helpers.phone_durations([0, 500, 300], 8, 200)


# ---------------------------------------------------------------- DTW and error rates

def test_dtw_costs_zero_for_itself_and_tolerant_to_stretching():
    rng = np.random.default_rng(1)
    a = rng.normal(size=(20, 5))
    stretched = np.repeat(a, 2, axis=0)  # the same "word" said twice as slowly
    other = rng.normal(size=(20, 5))
    c = helpers.dtw_costs(a, [a, stretched, other])
    assert c[0] < 1e-3 and c[1] < 1e-3 and c[2] > 0.5  # float32 round-off of |a|^2 + |b|^2 - 2ab
    with pytest.raises(ValueError, match="features per frame"):
        helpers.dtw_costs(a, [np.ones((3, 4))])


def test_one_pass_dtw_reads_a_connected_sequence():
    rng = np.random.default_rng(2)
    T = [rng.normal(size=(n, 6)) for n in (12, 18, 15)]
    q = np.concatenate([T[1], T[0], T[0], T[2], T[1]]) + 0.05 * rng.normal(size=(75, 6))
    labels, cost = helpers.one_pass_dtw(q, T, ["a", "b", "c"])
    assert labels == ["b", "a", "a", "c", "b"] and cost < 0.5
    assert helpers.one_pass_dtw(T[2], T, ["a", "b", "c"], penalty=1.0)[0] == ["c"]
    with pytest.raises(ValueError, match="same length"):
        helpers.one_pass_dtw(q, T, ["a"])


def test_word_error_rate():
    assert helpers.word_error_rate(["314", "22"], ["3144", "2"]) == pytest.approx(2 / 5)
    assert helpers.word_error_rate([["three", "one"]], [["three", "one"]]) == 0
    with pytest.raises(ValueError, match="same length"):
        helpers.word_error_rate(["1"], [])


def test_plot_spectrogram_and_player():
    import matplotlib.pyplot as plt

    ax = helpers.plot_spectrogram(np.zeros((50, 40)), frame_step=80, sr=8000, title="t",
                                  boundaries=[0, 20], labels=["3", "1"])
    assert ax.get_xlabel() == "time (s)" and len(ax.lines) == 2
    plt.close("all")
    player = helpers.audio_player(np.sin(np.arange(800) / 5) * 3, 8000)
    assert player.data[:4] == b"RIFF"  # a WAV file embedded in the notebook
    with pytest.raises(ValueError):
        helpers.audio_player(np.ones((2, 2)), 8000)


def test_committed_files_match_the_manifest():
    for name in (audio.SPOKEN_DIGITS_FILE, audio.TTS_DIGITS_FILE):
        assert helpers.verify_dataset(name).name == name


# ---------------------------------------------------------------- the builder, on a tiny case

def test_builder_is_bit_reproducible_on_a_tiny_case(tmp_path):
    pytest.importorskip("espeakng_loader")
    sys.path.insert(0, str(ROOT / "datasets"))
    import build_speech

    variants = ["f2", "m3", "whisper"]  # f2 and whisper are breathy: their noise needs the fixed seed
    digests = []
    for k in range(2):
        path = tmp_path / f"tiny{k}.npz"
        build_speech.build_spoken_digits(path, 0, variants=variants, n_strings=1)
        digests.append(hashlib.sha256(path.read_bytes()).hexdigest())
    assert digests[0] == digests[1]
    with np.load(tmp_path / "tiny0.npz", allow_pickle=False) as d:
        assert len(d["text"]) == 3 * 11 and list(d["variants"]) == variants
        assert d["audio"].dtype == np.uint8 and int(d["sr"]) == 8000
        assert len(d["word_start"]) == sum(len(t) for t in d["text"])
        assert set(d["split"]) <= {"train", "val", "test"}


def test_centred_frames_are_centred_on_multiples_of_the_hop():
    sr, hop = 16000, 200
    x = np.zeros(4000, np.float32)
    x[1000] = 1.0  # a click at frame 5's centre
    F = helpers.log_mel(x, sr, frame_length=800, frame_step=hop, fft_length=1024, n_mels=80, fmin=0.0,
                        power=1.0, floor=1e-5, center=True)
    assert len(F) == int(helpers.frame_counts(len(x), 800, hop, center=True)) == 21
    energy = F.mean(1)
    assert energy.argmax() == 5 and np.allclose(energy[5 - 1], energy[5 + 1], atol=1e-3)  # symmetric around it
