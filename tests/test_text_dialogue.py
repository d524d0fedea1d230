"""Unit tests for helpers.text.dialogue: the generated task dialogues of Q16."""

import numpy as np
import pytest

import helpers


def test_make_dialogues_fields_and_lengths():
    d = helpers.make_dialogues(40, seed=3)
    n = len(d.act)
    assert n >= 40 and all(len(f) == n for f in (d.context, d.response, d.valid, d.slots, d.dialogue))
    assert d.split == "train" and d.dialogue.dtype == np.int64
    assert set(d.act) <= set(helpers.DIALOGUE_ACTS)
    assert sorted(set(d.dialogue.tolist())) == list(range(40))
    for ctx, resp, valid, act, slots in zip(d.context, d.response, d.valid, d.act, d.slots):
        assert isinstance(ctx, tuple) and isinstance(resp, tuple)
        assert ctx[0] == "<u>" and ctx[-1] != "<s>"  # the system answers the user
        assert " ".join(resp) in valid and len(valid) == 3  # the generated paraphrase is one of three
        assert all(" ".join(resp).count(s) for s in slots)  # each slot value is in the response
        assert (len(slots) > 0) == (act in ("confirm_train", "confirm_pay", "weather"))
    assert d.summary().startswith("Dialogues (train): 40 dialogues, ")


def test_contexts_grow_within_a_dialogue():
    d = helpers.make_dialogues(5, seed=0)
    for i in range(1, len(d.act)):
        if d.dialogue[i] == d.dialogue[i - 1]:
            prev = d.context[i - 1] + ("<s>",) + d.response[i - 1]
            assert d.context[i][:len(prev)] == prev


def test_ticket_count_is_the_sum_of_adults_and_children():
    d = helpers.make_dialogues(200, seed=1)
    seen = 0
    for ctx, act, slots in zip(d.context, d.act, d.slots):
        if act != "confirm_train":
            continue
        last = ctx[len(ctx) - ctx[::-1].index("<u>"):]  # the user's last turn: "2 adults and 1 child"
        numbers = [int(w) for w in last if w.isdigit()]
        assert int(slots[0]) == sum(numbers) and 1 <= int(slots[0]) <= 5
        seen += 1
    assert seen > 50


def test_deterministic_and_generator_streams():
    a = helpers.make_dialogues(30, seed=7)
    b = helpers.make_dialogues(30, seed=7)
    assert a.context == b.context and a.response == b.response and np.array_equal(a.dialogue, b.dialogue)
    assert helpers.make_dialogues(30, seed=8).context != a.context
    g1, g2 = np.random.default_rng(5), np.random.default_rng(5)
    first, second = helpers.make_dialogues(10, seed=g1), helpers.make_dialogues(10, seed=g1)
    assert first.context != second.context  # one stream, two draws
    assert helpers.make_dialogues(10, seed=g2).context == first.context


def test_slot_pools_are_disjoint_and_fixed():
    pools = {s: helpers.dialogue_slot_pools(s) for s in helpers.DIALOGUE_SPLITS}
    for kind in ("places", "names", "amounts"):
        tr, va, te = (set(pools[s][kind]) for s in ("train", "val", "test"))
        assert tr and va and te and not (tr & va) and not (tr & te) and not (va & te)
    assert len(pools["train"]["places"]) > 100 and all(" " not in p for p in pools["train"]["places"])
    assert helpers.dialogue_slot_pools("test") == pools["test"]
    pools["test"]["places"] = ()  # a copy: the module's pools are untouched
    assert helpers.dialogue_slot_pools("test")["places"]


def test_test_split_values_never_occur_in_training():
    tr = helpers.make_dialogues(300, seed=helpers.data_seed("q16", "train"))
    te = helpers.make_dialogues(100, seed=helpers.data_seed("q16", "test"), split="test")
    train_words = {w for c, r in zip(tr.context, tr.response) for w in c + r}
    test_pool = helpers.dialogue_slot_pools("test")
    used = {s for act, slots in zip(te.act, te.slots) if act != "confirm_train" for s in slots[:-1]}
    assert used and used <= set(test_pool["places"]) | set(test_pool["names"]) | set(test_pool["amounts"])
    assert not (used & train_words)
    dates = {s for slots in te.slots for s in slots[-1:]}
    assert all(len(x.split()) == 2 and x.split()[1].isdigit() for x in dates)  # "may 3": shared by splits


def test_bad_arguments():
    with pytest.raises(ValueError, match="split"):
        helpers.make_dialogues(3, seed=0, split="dev")
    with pytest.raises(ValueError):
        helpers.make_dialogues(0, seed=0)
    with pytest.raises(TypeError):
        helpers.make_dialogues(2.5, seed=0)
    with pytest.raises(TypeError, match="seed"):
        helpers.make_dialogues(3, seed="x")
    with pytest.raises(ValueError, match="split"):
        helpers.dialogue_slot_pools("all")
    assert len(helpers.make_dialogues(np.int64(2), seed=np.int64(1)).act) >= 2
