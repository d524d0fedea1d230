"""Unit tests for helpers.course: the 30 questions, the sections, the seed rules."""

import numpy as np
import pytest

import helpers
from helpers.course import QUESTIONS


def test_questions_are_thirty_and_unique():
    assert [q.number for q in QUESTIONS] == list(range(1, 31))
    assert len({q.slug for q in QUESTIONS}) == 30
    assert all(q.title_zh.startswith("如何") and q.title_zh.endswith("？") for q in QUESTIONS)

def test_question_lookup_and_errors():
    q = helpers.question(3)
    assert (q.tag, q.notebook) == ("q03", "q03_cnn.ipynb")
    with pytest.raises(ValueError):
        helpers.question(31)
    with pytest.raises(TypeError):
        helpers.question("3")


def test_question_accepts_numpy_ints():
    assert helpers.question(np.int64(26)).notebook == "q26_object_detection.ipynb"


def test_sections_are_the_nine_bilingual_headings():
    assert len(helpers.SECTIONS) == 9 and len(set(helpers.SECTIONS)) == 9
    assert all(s.startswith("## ") and " · " in s for s in helpers.SECTIONS)
    assert helpers.SECTIONS[0] == "## 面试速答 · Interview answer"
    assert helpers.SECTIONS[-1] == "## 延伸阅读 · Further reading"


def test_data_seed_rule_and_legacy_seeds():
    assert helpers.data_seed("q26", "train") == 2601
    assert helpers.data_seed("q26", "val") == 2602 and helpers.data_seed("q26", "test") == 2603
    assert helpers.data_seed("q14", "all") == 1400 and helpers.data_seed("q27", "extra") == 2704
    assert helpers.data_seed("q04", "all") == 2024  # kept from before the rule
    seeds = [helpers.data_seed(q.tag, part) for q in QUESTIONS for part in ("train", "val", "test")]
    assert len(set(seeds)) == len(seeds)  # no two notebooks' parts share a seed
    assert helpers.SPLIT_SEED == 2024 and helpers.DEFAULT_SEED == 42


@pytest.mark.parametrize("tag, part, error", [
    ("q31", "train", ValueError), ("Q26", "train", ValueError), ("q2", "train", ValueError),
    ("q26", "training", ValueError), (26, "train", TypeError),
])
def test_data_seed_rejects_bad_input(tag, part, error):
    with pytest.raises(error):
        helpers.data_seed(tag, part)
