"""Unit tests for helpers.text.lm: vocabulary, windows, Kneser–Ney, windowed evaluation,
perplexity and its bootstrap, sampling filters, distinct-n."""

import math
from collections import Counter

import numpy as np
import pytest

import helpers

DOCS = ["the cat sat on the mat.", "a dog ate the hat!", "the end"]


# ---------------------------------------------------------------- vocabulary

def test_char_vocab_specials_order_and_min_count():
    v = helpers.char_vocab(DOCS, min_count=2)
    counts = Counter("".join(DOCS))
    assert v.chars == tuple(sorted(c for c, k in counts.items() if k >= 2))
    assert v.itos[:3] == ("<pad>", "<unk>", "<eos>") and len(v) == len(v.chars) + 3
    assert (v.PAD, v.UNK, v.EOS) == (0, 1, 2)
    assert "!" not in v.chars and helpers.char_vocab(DOCS, min_count=1).chars.count("!") == 1
    assert v.summary().startswith(f"CharVocab: {len(v)} ids")


def test_encode_decode_round_trip_and_unknowns():
    v = helpers.char_vocab(DOCS, min_count=1)
    ids = v.encode("the hat")
    assert ids.dtype == np.int32 and v.decode(ids) == "the hat"
    assert (ids >= 3).all()
    odd = v.encode("Zé€😀")  # none of these are in the vocabulary, one beyond the BMP
    assert (odd == v.UNK).all() and v.decode(odd, unk="?") == "????"
    stream = v.encode_documents(["the", "cat"])
    assert list(stream == v.EOS) == [False] * 3 + [True] + [False] * 3 + [True]
    assert v.decode(stream, eos="|") == "the|cat|"
    assert v.decode([0, 0] + list(v.encode("a"))) == "a"  # padding dropped


def test_vocab_rejects_bad_input():
    with pytest.raises(TypeError, match="list of strings"):
        helpers.char_vocab("just one string")
    with pytest.raises(TypeError, match="only strings"):
        helpers.char_vocab(["ok", 3])
    with pytest.raises(ValueError, match="at least one document"):
        helpers.char_vocab([])
    with pytest.raises(ValueError, match="min_count"):
        helpers.char_vocab(DOCS, min_count=0)
    with pytest.raises(TypeError, match="single characters"):
        helpers.CharVocab(("ab",))
    with pytest.raises(ValueError, match="repeat"):
        helpers.CharVocab(("a", "a"))
    v = helpers.char_vocab(DOCS)
    with pytest.raises(TypeError, match="text must be a str"):
        v.encode(5)
    with pytest.raises(ValueError, match="outside the vocabulary"):
        v.decode([len(v)])


# ---------------------------------------------------------------- windows

def test_windows_are_shifted_by_one_and_deterministic():
    ids = np.arange(3, 103, dtype=np.int32)
    x, y, start = helpers.lm_windows(ids, 50, length=10, seed=4)
    assert x.shape == y.shape == (50, 10) and x.dtype == np.int32
    np.testing.assert_array_equal(x[:, 1:], y[:, :-1])  # the same window, shifted
    np.testing.assert_array_equal(x, ids[start[:, None] + np.arange(10)])
    np.testing.assert_array_equal(y[:, -1], ids[start + 10])
    assert start.min() >= 0 and start.max() <= len(ids) - 11
    again = helpers.lm_windows(ids, 50, length=10, seed=4)
    np.testing.assert_array_equal(again.x, x)
    rng = np.random.default_rng(4)
    a = helpers.lm_windows(ids, 5, length=10, seed=rng)
    b = helpers.lm_windows(ids, 5, length=10, seed=rng)  # one stream: the next draws
    assert not np.array_equal(a.start, b.start)


def test_windows_reject_bad_arguments():
    with pytest.raises(ValueError, match="at least 11"):
        helpers.lm_windows(np.arange(10), 3, length=10, seed=0)
    with pytest.raises(TypeError, match="integer token ids"):
        helpers.lm_windows(np.linspace(0, 1, 50), 3, length=4, seed=0)
    with pytest.raises(TypeError, match="seed"):
        helpers.lm_windows(np.arange(50), 3, length=4, seed=1.5)


# ---------------------------------------------------------------- Kneser-Ney

def _kn_bigram_reference(train, V, D, query):
    """Interpolated KN bigram from the textbook formulas, with dictionaries."""
    big = Counter(zip(train[:-1], train[1:]))
    uni_cont = Counter(w for (_, w) in big)  # N1+(. w)
    n_types = len(big)  # N1+(. .)
    ctx_total = Counter(train[:-1])
    followers = Counter(h for (h, _) in big)
    out = []
    for t, w in enumerate(query):
        p1 = (max(uni_cont[w] - D, 0) + D * len(uni_cont) / V) / n_types  # lower order, to uniform
        if t == 0 or ctx_total[query[t - 1]] == 0:
            out.append(p1)
            continue
        h = query[t - 1]
        out.append(max(big[(h, w)] - D, 0) / ctx_total[h] + D * followers[h] / ctx_total[h] * p1)
    return np.log(out)


def test_kneser_ney_bigram_equals_the_textbook_formula():
    rng = np.random.default_rng(0)
    V = 12
    train = rng.integers(3, V, 3000)
    train[::17] = 5  # some structure
    query = np.r_[rng.integers(3, V, 200), [11, 11, 11]]
    lm = helpers.KneserNeyLM(train, V, max_order=3)
    mine = lm.log_probs(query, order=2, discount=0.7)
    ref = _kn_bigram_reference(list(train), V, 0.7, list(query))
    np.testing.assert_allclose(mine, ref, rtol=1e-10)


@pytest.mark.parametrize("order", [1, 2, 3, 4])
def test_kneser_ney_sums_to_one_for_every_history(order):
    rng = np.random.default_rng(1)
    V = 9
    train = rng.integers(3, V, 2000)
    lm = helpers.KneserNeyLM(train, V, max_order=4)
    for history in ([4, 5, 6], [3, 3, 3], [8, 0, 1]):  # seen, seen, never seen
        totals = sum(math.exp(lm.log_probs(np.r_[history, w], order=order, discount=0.8)[-1]) for w in range(V))
        assert abs(totals - 1) < 1e-9
    lp = lm.log_probs(train[:500], order=order, discount=0.8)
    assert lp.shape == (500,) and np.all(lp < 0)


def test_kneser_ney_higher_order_helps_on_structured_text():
    text = "aabb" * 200  # the next letter is set by the previous two, not by the previous one
    v = helpers.char_vocab([text])
    lm = helpers.KneserNeyLM(v.encode_documents([text]), len(v), max_order=3)
    query = v.encode("aabb" * 10)
    ppl = [helpers.lm_perplexity(lm.log_probs(query, order=o, discount=0.75)[2:]) for o in (1, 2, 3)]
    assert ppl[1] > 1.8 and ppl[2] < 1.2 and ppl[0] > 1.8


def test_kneser_ney_rejects_bad_arguments():
    with pytest.raises(ValueError, match="outside the vocabulary"):
        helpers.KneserNeyLM(np.array([1, 2, 9]), 5)
    with pytest.raises(ValueError, match="int64"):
        helpers.KneserNeyLM(np.arange(100), 100, max_order=10)
    lm = helpers.KneserNeyLM(np.arange(3, 50) % 7, 7, max_order=2)
    with pytest.raises(ValueError, match="order must be"):
        lm.log_probs(np.array([1, 2]), order=3)
    with pytest.raises(ValueError, match="discount"):
        lm.log_probs(np.array([1, 2]), order=2, discount=1.0)


# ---------------------------------------------------------------- windowed evaluation

def _bigram_logits(table):
    """A 'model' whose logits at each position depend only on the current token."""
    return lambda x: table[x]


def test_window_log_probs_scores_every_position_once_with_enough_history():
    rng = np.random.default_rng(2)
    V, n = 7, 301
    ids = rng.integers(0, V, n)
    calls = []

    def predict(x):  # logits that encode the position of the input token
        calls.append(len(x))
        return np.repeat(x[..., None].astype(float), V, axis=2) * 0 + np.arange(V)

    for length, stride in [(16, 8), (16, 16), (16, 5), (300, 1), (10, 3)]:
        out = helpers.lm_window_log_probs(predict, ids, length=length, stride=stride, chunk=7)
        assert out.shape == (n,) and np.isnan(out[0]) and not np.isnan(out[1:]).any()
        # the toy model's log-probability of token k is k - logsumexp(0..V-1)
        np.testing.assert_allclose(out[1:], ids[1:] - np.log(np.exp(np.arange(V)).sum()))
    assert max(calls) <= 7


def test_window_log_probs_uses_the_window_with_most_history():
    V, length, stride = 5, 8, 3
    ids = 1 + np.arange(60) % (V - 1)  # never id 0

    def predict(x):  # logit of id 0 = the position in the window; every other id has logit 0
        logits = np.zeros((*x.shape, V))
        logits[..., 0] = np.arange(x.shape[1])
        return logits

    out = helpers.lm_window_log_probs(predict, ids, length=length, stride=stride)
    history = np.log(np.exp(-out[1:]) - (V - 1))  # invert -log(e^t + V - 1): the position t used
    np.testing.assert_allclose(history[:length], np.arange(length), atol=1e-9)  # first window: all
    assert history[length:].min() > length - stride - 1 - 1e-9  # later: at least length - stride


def test_window_log_probs_matches_a_full_pass_for_a_memoryless_model():
    rng = np.random.default_rng(3)
    V = 6
    table = rng.normal(size=(V, V))
    ids = rng.integers(0, V, 120)
    out = helpers.lm_window_log_probs(_bigram_logits(table), ids, length=10)
    lp = table - np.log(np.exp(table).sum(1, keepdims=True))
    np.testing.assert_allclose(out[1:], lp[ids[:-1], ids[1:]])


def test_window_log_probs_rejects_bad_models_and_arguments():
    ids = np.arange(50) % 4
    with pytest.raises(ValueError, match="logits"):
        helpers.lm_window_log_probs(lambda x: np.zeros((len(x), 3)), ids, length=8)
    with pytest.raises(ValueError, match="outputs"):
        helpers.lm_window_log_probs(lambda x: np.zeros((*x.shape, 2)), ids, length=8)
    with pytest.raises(TypeError, match="callable"):
        helpers.lm_window_log_probs("model", ids, length=8)
    with pytest.raises(ValueError, match="stride"):
        helpers.lm_window_log_probs(lambda x: x, ids, length=8, stride=9)
    with pytest.raises(ValueError, match="at least 9"):
        helpers.lm_window_log_probs(lambda x: x, ids[:8], length=8)


# ---------------------------------------------------------------- perplexity and bootstrap

def test_perplexity_of_a_uniform_model_is_the_vocabulary_size():
    assert helpers.lm_perplexity(np.full(100, -math.log(37))) == pytest.approx(37)
    assert helpers.lm_perplexity(np.r_[np.nan, np.full(9, -math.log(2))]) == pytest.approx(2)
    with pytest.raises(ValueError, match="no scored"):
        helpers.lm_perplexity(np.array([np.nan]))
    with pytest.raises(ValueError, match="log-probabilities"):
        helpers.lm_perplexity(np.array([0.5]))


def test_document_ids_follow_eos():
    ids = np.array([5, 6, 2, 7, 2, 2, 8])
    np.testing.assert_array_equal(helpers.lm_document_ids(ids), [0, 0, 0, 1, 1, 2, 3])


def test_bootstrap_ratio_point_value_and_interval():
    rng = np.random.default_rng(5)
    doc = np.repeat(np.arange(60), 50)
    a = np.log(rng.uniform(0.2, 0.4, doc.size))
    b = a - math.log(1.25)  # model B assigns 1/1.25 of A's probability everywhere
    r = helpers.lm_bootstrap_ratio(a, b, doc, n_boot=500, seed=0)
    assert r.ratio == pytest.approx(1 / 1.25) and r.low == pytest.approx(0.8) and r.high == pytest.approx(0.8)
    assert r.n_docs == 60
    noisy_b = a + rng.normal(0, 0.5, doc.size)
    r = helpers.lm_bootstrap_ratio(a, noisy_b, doc, n_boot=500, seed=0)
    assert r.low < r.ratio < r.high
    a_nan = a.copy()
    a_nan[0] = np.nan
    r2 = helpers.lm_bootstrap_ratio(a_nan, noisy_b, doc, n_boot=500, seed=0)
    assert np.isfinite(r2.ratio)
    with pytest.raises(ValueError, match="same length"):
        helpers.lm_bootstrap_ratio(a, b[:-1], doc)
    with pytest.raises(ValueError, match="level"):
        helpers.lm_bootstrap_ratio(a, b, doc, level=1.0)


# ---------------------------------------------------------------- sampling

def test_sampling_probs_temperature_topk_topp():
    logits = np.array([[2.0, 1.0, 0.0, -1.0], [0.0, 0.0, 0.0, 3.0]])
    p = helpers.lm_sampling_probs(logits)
    np.testing.assert_allclose(p.sum(1), 1)
    np.testing.assert_allclose(p[0], np.exp(logits[0]) / np.exp(logits[0]).sum())
    cold = helpers.lm_sampling_probs(logits, temperature=0.1)
    hot = helpers.lm_sampling_probs(logits, temperature=10.0)
    assert cold[0, 0] > p[0, 0] > hot[0, 0] > 0.25
    k2 = helpers.lm_sampling_probs(logits, top_k=2)
    assert (k2 > 0).sum(1).tolist() == [2, 2]  # row 1 has a three-way tie for second: token order decides
    assert k2[1, 3] > 0 and k2[1, 0] > 0 and k2[1, 1] == 0
    nucleus = helpers.lm_sampling_probs(logits, top_p=0.7)
    assert (nucleus[0] > 0).tolist() == [True, True, False, False]  # 0.64 < 0.7 needs the 2nd token
    assert (nucleus[1] > 0).tolist() == [False, False, False, True]  # the top token alone has 0.87
    np.testing.assert_allclose(helpers.lm_sampling_probs(logits[0], top_p=1.0), p[0])
    assert helpers.lm_sampling_probs(logits[0], top_p=1e-6)[0] == 1.0  # the top token always survives


def test_sampling_probs_rejects_bad_arguments():
    with pytest.raises(ValueError, match="temperature"):
        helpers.lm_sampling_probs(np.zeros(3), temperature=0)
    with pytest.raises(ValueError, match="top_k"):
        helpers.lm_sampling_probs(np.zeros(3), top_k=4)
    with pytest.raises(ValueError, match="top_p"):
        helpers.lm_sampling_probs(np.zeros(3), top_p=0.0)
    with pytest.raises(ValueError, match="1-D or 2-D"):
        helpers.lm_sampling_probs(np.zeros((2, 2, 2)))


def test_distinct_n():
    assert helpers.lm_distinct_n(np.array([1, 2, 3, 4]), 2) == 1.0
    assert helpers.lm_distinct_n(np.array([1, 2, 1, 2, 1, 2]), 2) == pytest.approx(2 / 5)
    rows = np.array([[1, 2, 3], [1, 2, 3]])
    assert helpers.lm_distinct_n(rows, 3) == 0.5  # n-grams do not cross rows
    with pytest.raises(ValueError, match="at least n"):
        helpers.lm_distinct_n(np.array([1, 2]), 3)
