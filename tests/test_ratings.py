"""Unit tests for helpers.ratings: the generated ratings log and its splits."""

import numpy as np
import pytest

import helpers
from conftest import digest_of


@pytest.fixture(scope="module")
def log():
    return helpers.make_ratings(300, seed=7, n_items=200, mean_per_user=30)


def test_shapes_dtypes_and_ranges(log):
    n = len(log.rating)
    assert log.user.shape == log.item.shape == (n,)
    assert log.user.dtype == log.item.dtype == np.int32 and log.rating.dtype == np.float32
    assert log.n_users == 300 and log.n_items == 200
    assert set(np.unique(log.rating)) <= {1.0, 2.0, 3.0, 4.0, 5.0}
    assert log.user.min() >= 0 and log.user.max() < 300 and log.item.min() >= 0 and log.item.max() < 200
    assert log.user_factors.shape == (300, 6) and log.item_factors.shape == (200, 6)
    np.testing.assert_allclose(log.popularity.sum(), 1.0)


def test_each_user_rates_distinct_items_within_bounds(log):
    pairs = log.user.astype(np.int64) * log.n_items + log.item
    assert len(np.unique(pairs)) == len(pairs), "a user rated an item twice"
    counts = np.bincount(log.user, minlength=log.n_users)
    assert counts.min() >= 10 and counts.max() <= log.n_items // 2
    assert 20 < counts.mean() < 40  # mean_per_user=30


def test_ratings_follow_the_true_score():
    d = helpers.make_ratings(400, seed=1, n_items=300, noise=0.0)
    expected = np.clip(np.round(d.true_score(d.user, d.item)), 1, 5)
    np.testing.assert_array_equal(d.rating, expected)  # without noise a rating is the rounded score


def test_interaction_sd_is_the_spread_of_p_dot_q():
    d = helpers.make_ratings(2000, seed=3, n_items=500, interaction_sd=0.8, rank=6)
    rng = np.random.default_rng(0)
    u, i = rng.integers(0, 2000, 50_000), rng.integers(0, 500, 50_000)
    spread = np.std(np.sum(d.user_factors[u] * d.item_factors[i], axis=1))
    assert abs(spread - 0.8) < 0.08


def test_popularity_skew_and_missing_not_at_random():
    d = helpers.make_ratings(1000, seed=5, n_items=400)
    counts = np.sort(np.bincount(d.item, minlength=400))[::-1]
    assert counts[:40].sum() > 0.3 * len(d.item)  # top 10% of items: far more than 10% of the ratings
    rng = np.random.default_rng(1)
    random_pairs = d.true_score(rng.integers(0, 1000, 20_000), rng.integers(0, 400, 20_000))
    assert d.true_score(d.user, d.item).mean() > random_pairs.mean() + 0.3  # users pick what they like
    mar = helpers.make_ratings(1000, seed=5, n_items=400, exposure_beta=0.0, zipf=0.0)
    gap = mar.true_score(mar.user, mar.item).mean() - mar.true_score(rng.integers(0, 1000, 20_000),
                                                                      rng.integers(0, 400, 20_000)).mean()
    assert abs(gap) < 0.05  # no selection: observed pairs look like random ones


def test_exposure_logits_shape_and_summary(log):
    assert log.exposure_logits().shape == (300, 200)
    text = log.summary()
    assert "ratings by 300 users of 200 items" in text and "mean rating" in text


def test_deterministic_and_pinned():
    a = helpers.make_ratings(50, seed=11, n_items=40, min_per_user=3, mean_per_user=8)
    b = helpers.make_ratings(50, seed=11, n_items=40, min_per_user=3, mean_per_user=8)
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)
    assert not np.array_equal(a.rating, helpers.make_ratings(50, seed=12, n_items=40, min_per_user=3,
                                                             mean_per_user=8).rating)
    assert digest_of(a.user, a.item, a.rating, a.item_factors) == "0284d60fe5de2ae3"


def test_one_generator_stream_draws_several_parts():
    rng = np.random.default_rng(2300)
    d = helpers.make_ratings(100, seed=rng, n_items=50, min_per_user=3, mean_per_user=10)
    s = helpers.split_ratings(d.user, d.item, seed=rng)
    rng2 = np.random.default_rng(2300)
    d2 = helpers.make_ratings(100, seed=rng2, n_items=50, min_per_user=3, mean_per_user=10)
    s2 = helpers.split_ratings(d2.user, d2.item, seed=rng2)
    for x, y in zip(s, s2):
        np.testing.assert_array_equal(x, y)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"n_users": 1}, ValueError, "n_users"),
    ({"n_users": 10.5}, TypeError, "n_users"),
    ({"n_users": 10, "n_items": 5}, ValueError, "n_items"),
    ({"n_users": 10, "min_per_user": 0}, ValueError, "min_per_user"),
    ({"n_users": 10, "mean_per_user": 5}, ValueError, "mean_per_user"),
    ({"n_users": 10, "exposure_beta": -1}, ValueError, "exposure_beta"),
    ({"n_users": 10, "seed": "x"}, TypeError, "seed"),
    ({"n_users": 100_000, "n_items": 1000}, ValueError, "20,000,000"),
])
def test_make_ratings_rejects_bad_arguments(kwargs, error, match):
    kwargs = {"seed": 0, **kwargs}
    with pytest.raises(error, match=match):
        helpers.make_ratings(**kwargs)


def test_split_ratings_parts_cover_all_rows_and_keep_everyone_in_train(log):
    s = helpers.split_ratings(log.user, log.item, seed=0)
    rows = np.concatenate(s)
    np.testing.assert_array_equal(np.sort(rows), np.arange(len(log.user)))
    assert 0.05 < len(s.val) / len(log.user) < 0.15 and 0.05 < len(s.test) / len(log.user) < 0.15
    train_users, train_items = set(log.user[s.train]), set(log.item[s.train])
    for part in (s.val, s.test):
        assert set(log.user[part]) <= train_users and set(log.item[part]) <= train_items


def test_split_ratings_moves_cold_rows_to_train():
    user = np.array([0, 0, 0, 1])  # user 1 has one row: it can only be in train
    item = np.array([0, 1, 2, 0])
    for seed in range(20):
        s = helpers.split_ratings(user, item, seed=seed, val=0.4, test=0.4)
        assert 3 in s.train


def test_split_ratings_rejects_bad_arguments(log):
    with pytest.raises(ValueError, match="same length"):
        helpers.split_ratings(log.user, log.item[:-1], seed=0)
    with pytest.raises(ValueError, match="below 1"):
        helpers.split_ratings(log.user, log.item, seed=0, val=0.6, test=0.5)
    with pytest.raises(TypeError, match="integer ids"):
        helpers.split_ratings(log.user.astype(float), log.item, seed=0)
    with pytest.raises(ValueError, match="reindex"):
        helpers.split_ratings(log.user - 1, log.item, seed=0)


def test_leave_one_out_holds_out_one_row_per_user_each():
    user = np.array([0, 0, 0, 0, 1, 1, 1, 2, 2])  # user 2 has 2 rows: not evaluated
    s = helpers.leave_one_out_split(user, seed=3)
    assert list(user[s.test]) == [0, 1] and list(user[s.val]) == [0, 1]
    assert set(s.test).isdisjoint(s.val) and set(s.train).isdisjoint(np.r_[s.val, s.test])
    np.testing.assert_array_equal(np.sort(np.concatenate(s)), np.arange(len(user)))
    assert {7, 8} <= set(s.train)
    picks = {int(helpers.leave_one_out_split(user, seed=k).test[0]) for k in range(30)}
    assert picks == {0, 1, 2, 3}  # random, not always the first row


def test_interaction_matrix_counts_pairs_once():
    X = helpers.interaction_matrix(np.array([0, 0, 1]), np.array([2, 2, 0]), (2, 3))
    np.testing.assert_array_equal(X.toarray(), [[0, 0, 1], [1, 0, 0]])
    with pytest.raises(ValueError, match="out of range"):
        helpers.interaction_matrix(np.array([2]), np.array([0]), (2, 3))
    with pytest.raises(TypeError, match="shape"):
        helpers.interaction_matrix(np.array([0]), np.array([0]), [2, 3])
