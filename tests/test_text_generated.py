"""Unit tests for helpers.text.generated: the en→fr parallel-text generator, its tokeniser and vocabulary."""

import numpy as np
import pytest

import helpers


def test_parallel_text_shapes_distinct_sources_and_summary():
    p = helpers.make_parallel_text(300, seed=helpers.data_seed("q11", "all"))
    assert isinstance(p, helpers.ParallelText)
    assert len(p.src) == len(p.tgt) == len(p.n_items) == len(p.has_date) == 300
    assert len(set(p.src)) == 300  # no source sentence twice, so slices are disjoint splits
    assert all(isinstance(s, tuple) and all(isinstance(w, str) for w in s) for s in p.src + p.tgt)
    assert p.n_items.dtype == np.int64 and p.n_items.min() >= 1 and p.n_items.max() <= 5
    assert p.has_date.dtype == bool and 0.3 < p.has_date.mean() < 0.7
    assert "300 en→fr pairs" in p.summary()


def test_parallel_text_is_deterministic_and_ignores_global_state():
    np.random.seed(0)
    a = helpers.make_parallel_text(50, seed=7)
    np.random.seed(1)
    b = helpers.make_parallel_text(50, seed=7)
    assert a.src == b.src and a.tgt == b.tgt
    assert helpers.make_parallel_text(50, seed=8).src != a.src


def test_one_generator_draws_parts_one_after_another():
    rng = np.random.default_rng(5)
    first, second = helpers.make_parallel_text(20, seed=rng), helpers.make_parallel_text(20, seed=rng)
    assert first.src != second.src
    assert first.src == helpers.make_parallel_text(20, seed=np.random.default_rng(5)).src


def test_grammar_dates_numbers_agreement_and_word_order():
    p = helpers.make_parallel_text(400, seed=11)
    for s, t, dated, m in zip(p.src, p.tgt, p.has_date, p.n_items):
        assert (s[0] == "on") == bool(dated) and (t[0] == "le") == bool(dated)
        assert s.count("and") >= (m > 1) and t.count("et") >= (m > 1)
        if dated:  # on march 3 -> le 3 mars: day and month swap
            assert s[2] == t[1] and s[2].isdigit()
    pairs = dict(zip(p.src, p.tgt))
    one = [(s, t) for s, t in pairs.items() if len(s) == 4 and s[2] == "one"]  # "i bought one book"
    for s, t in one:
        assert t[-2] == "un" and not t[-1].endswith(("s", "x"))  # singular: un livre
    # a colour comes after the noun in French
    s, t = next((s, t) for s, t in pairs.items() if s[-2] == "red" and s[-1] == "books")
    assert t[-2:] == ("livres", "rouges")


def test_options_change_the_sentences():
    short = helpers.make_parallel_text(100, seed=3, max_items=1, p_date=0.0, p_adj=0.0, max_num=20)
    assert not short.has_date.any() and (short.n_items == 1).all()
    assert max(len(s) for s in short.src) <= 6  # subject verb number(<=3 tokens) noun


def test_parallel_text_bad_arguments():
    with pytest.raises(TypeError):
        helpers.make_parallel_text(10.0, seed=1)
    with pytest.raises(ValueError):
        helpers.make_parallel_text(0, seed=1)
    with pytest.raises(ValueError):
        helpers.make_parallel_text(10, seed=1, p_date=1.5)
    with pytest.raises(TypeError):
        helpers.make_parallel_text(10, seed="one")
    with pytest.raises(ValueError, match="distinct"):  # only 6 subjects x 6 verbs x 1 number x 8 nouns
        helpers.make_parallel_text(1000, seed=1, max_items=1, p_date=0.0, p_adj=0.0, max_num=1)


def test_tokenizer_numbers_and_dates_in_three_languages():
    assert helpers.mt_tokenize("Quatre-vingt-un, j'ai") == ["quatre", "-", "vingt", "-", "un", ",", "j'", "ai"]
    assert helpers.mt_number_words(71, "fr") == ("soixante", "et", "onze")
    assert helpers.mt_number_words(80, "fr") == ("quatre", "-", "vingts")
    assert helpers.mt_number_words(45, "en") == ("forty", "-", "five")
    assert helpers.mt_number_words(203, "zh") == ("二", "百", "零", "三")
    assert helpers.mt_date_words(3, 3, "en") == ("march", "3")
    assert helpers.mt_date_words(3, 3, "fr") == ("3", "mars")
    assert "".join(helpers.mt_date_words(3, 3, "zh")) == "3月3日"
    with pytest.raises(ValueError):
        helpers.mt_number_words(0, "en")
    with pytest.raises(ValueError):
        helpers.mt_number_words(5, "de")
    with pytest.raises(ValueError, match="no day"):
        helpers.mt_date_words(2, 30, "en")
    with pytest.raises(TypeError):
        helpers.mt_tokenize(["a"])


def test_word_vocab_encode_decode_round_trip():
    seqs = [("le", "3", "mars"), ("un", "livre")]
    v = helpers.word_vocab(seqs)
    assert v.itos[:4] == ("<pad>", "<bos>", "<eos>", "<unk>") and len(v) == 4 + 5
    assert (v.PAD, v.BOS, v.EOS, v.UNK) == (0, 1, 2, 3)
    ids = v.encode(seqs, bos=True, eos=True)
    assert ids.shape == (2, 5) and ids.dtype == np.int32
    assert ids[0, 0] == v.BOS and ids[0, 4] == v.EOS and ids[1, 4] == v.PAD
    assert v.decode(ids[0]) == ["le", "3", "mars"] and v.decode(ids[1]) == ["un", "livre"]
    assert v.encode([("inconnu",)])[0, 0] == v.UNK
    assert v.encode(seqs, 7).shape == (2, 7)
    with pytest.raises(ValueError, match="longer than maxlen"):
        v.encode(seqs, 2)
    with pytest.raises(TypeError, match="tokenise"):
        v.encode(["le 3 mars"])
    with pytest.raises(ValueError):
        v.decode([99])
    assert helpers.word_vocab([("a",), ("a",), ("b",)], min_count=2).itos[4:] == ("a",)
    with pytest.raises(ValueError):
        helpers.WordVocab(("a", "b"))
