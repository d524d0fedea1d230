"""Generated ratings for the recommender notebook (Q23), and the splits recommenders are judged on.

:func:`make_ratings` draws users and items from *known* latent factors, so a notebook can compare
what a model learns with the truth. Two things make the data behave like a real ratings log:

* **popularity skew**: item exposure weights follow a Zipf law (a few blockbusters, a long tail),
  and users' activity is lognormal (a few heavy users, many light ones);
* **missing not at random (MNAR)**: each user rates the items they were likely to pick, and they
  pick what they expect to like (the exposure logit adds the rating score), so observed ratings are
  higher than the ratings of random user-item pairs would be.

Only ``numpy.random`` is used: the same arguments give identical arrays on every machine.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validate import check_array, check_float, check_int, check_same_length, rng_from

__all__ = ["Ratings", "RatingsSplit", "interaction_matrix", "leave_one_out_split", "make_ratings",
           "split_ratings"]


class Ratings(NamedTuple):
    """What :func:`make_ratings` returns: the observed log plus the truth it was drawn from."""

    user: np.ndarray  # (n,) int32 user ids 0..n_users-1
    item: np.ndarray  # (n,) int32 item ids 0..n_items-1
    rating: np.ndarray  # (n,) float32 stars 1..5
    mu: float  # global offset of the true score
    user_bias: np.ndarray  # (n_users,) float64 true b_u
    item_bias: np.ndarray  # (n_items,) float64 true b_i
    user_factors: np.ndarray  # (n_users, rank) float64 true p_u
    item_factors: np.ndarray  # (n_items, rank) float64 true q_i
    popularity: np.ndarray  # (n_items,) float64 exposure weights, sum 1
    exposure_beta: float  # how strongly the expected rating drives what a user rates

    @property
    def n_users(self) -> int:
        """Number of users (ids run 0..n_users-1)."""
        return len(self.user_bias)

    @property
    def n_items(self) -> int:
        """Number of items (ids run 0..n_items-1)."""
        return len(self.item_bias)

    def true_score(self, user, item) -> np.ndarray:
        """The noise-free score ``mu + b_u + b_i + p_u . q_i`` (before noise, rounding, clipping)."""
        user = np.asarray(user)
        item = np.asarray(item)
        return (self.mu + self.user_bias[user] + self.item_bias[item]
                + np.sum(self.user_factors[user] * self.item_factors[item], axis=-1))

    def exposure_logits(self) -> np.ndarray:
        """(n_users, n_items) logits of which items a user rates: ``log popularity + beta * score``.

        Ranking a user's unseen items by these is the best any recommender could do on
        held-out interactions (an oracle), since the log was drawn from them."""
        score = (self.mu + self.user_bias[:, None] + self.item_bias[None, :]
                 + self.user_factors @ self.item_factors.T)
        return np.log(self.popularity)[None, :] + self.exposure_beta * score

    def summary(self) -> str:
        """One line: sizes, density, mean rating, the share of the top tenth of items."""
        n = len(self.rating)
        counts = np.sort(np.bincount(self.item, minlength=self.n_items))[::-1]
        top = counts[: max(1, self.n_items // 10)].sum() / n
        return (f"{n:,} ratings by {self.n_users:,} users of {self.n_items:,} items "
                f"(density {n / (self.n_users * self.n_items):.1%}), mean rating {self.rating.mean():.2f}, "
                f"top 10% of items get {top:.0%} of the ratings")


def make_ratings(
    n_users: int,
    *,
    seed: int | np.random.Generator,
    n_items: int = 1000,
    rank: int = 6,
    mean_per_user: float = 60.0,
    min_per_user: int = 10,
    zipf: float = 0.7,
    exposure_beta: float = 2.0,
    interaction_sd: float = 0.8,
    noise: float = 0.6,
    user_bias_sd: float = 0.35,
    item_bias_sd: float = 0.45,
    mu: float = 2.5,
) -> Ratings:
    """A ratings log drawn from known latent factors, with popularity skew and MNAR exposure.

    The true score is ``s_ui = mu + b_u + b_i + p_u . q_i`` with ``b_u ~ N(0, user_bias_sd^2)``,
    ``b_i ~ N(0, item_bias_sd^2)`` and factor entries ``N(0, interaction_sd / sqrt(rank))``, so that
    ``p_u . q_i`` has standard deviation ``interaction_sd``. A rating is
    ``clip(round(s_ui + eps), 1, 5)`` with ``eps ~ N(0, noise^2)``.

    Which items a user rates: item ``i`` has popularity ``pi_i`` proportional to ``rank_i^-zipf``
    (ranks follow item quality plus noise, so popular items are somewhat better), user ``u`` rates
    ``n_u`` items (lognormal with mean about ``mean_per_user``, at least ``min_per_user``, at most half
    the catalogue), drawn without replacement with probabilities proportional to
    ``pi_i * exp(exposure_beta * s_ui)`` (Gumbel top-k). ``exposure_beta = 0`` gives ratings missing
    at random given popularity. Rows come shuffled. Returns :class:`Ratings`.
    """
    n_users = check_int("n_users", n_users, 2)
    n_items = check_int("n_items", n_items, 10)
    if n_users * n_items > 20_000_000:
        raise ValueError(f"n_users * n_items must be at most 20,000,000 (a dense score matrix), got {n_users * n_items:,}")
    rank = check_int("rank", rank, 1, 1000)
    min_per_user = check_int("min_per_user", min_per_user, 1, n_items // 2)
    mean_per_user = check_float("mean_per_user", mean_per_user, float(min_per_user), n_items / 2)
    zipf = check_float("zipf", zipf, 0.0, 5.0)
    exposure_beta = check_float("exposure_beta", exposure_beta, 0.0, 20.0)
    interaction_sd = check_float("interaction_sd", interaction_sd, 0.0, 10.0)
    noise = check_float("noise", noise, 0.0, 10.0)
    user_bias_sd = check_float("user_bias_sd", user_bias_sd, 0.0, 10.0)
    item_bias_sd = check_float("item_bias_sd", item_bias_sd, 0.0, 10.0)
    mu = check_float("mu", mu, -10.0, 10.0)
    rng = rng_from(seed)

    sd = np.sqrt(interaction_sd / np.sqrt(rank))  # var(p . q) = rank * sd^4 = interaction_sd^2
    P = rng.normal(0.0, sd, (n_users, rank))
    Q = rng.normal(0.0, sd, (n_items, rank))
    bu = rng.normal(0.0, user_bias_sd, n_users)
    bi = rng.normal(0.0, item_bias_sd, n_items)
    ranks = np.empty(n_items)
    ranks[np.argsort(-(bi + rng.normal(0.0, 0.5, n_items)))] = np.arange(1, n_items + 1)
    pop = ranks ** -zipf
    pop /= pop.sum()
    activity = rng.lognormal(0.0, 0.8, n_users)
    activity = activity / activity.mean() * (mean_per_user - min_per_user) + min_per_user
    n_u = np.clip(np.round(activity), min_per_user, n_items // 2).astype(np.int64)

    score = mu + bu[:, None] + bi[None, :] + P @ Q.T  # (n_users, n_items)
    keys = np.log(pop)[None, :] + exposure_beta * score + rng.gumbel(size=score.shape)
    users, items = [], []
    for u in range(n_users):  # the n_u largest keys = n_u draws without replacement
        chosen = np.argpartition(-keys[u], n_u[u] - 1)[: n_u[u]]
        users.append(np.full(n_u[u], u))
        items.append(np.sort(chosen))
    user = np.concatenate(users).astype(np.int32)
    item = np.concatenate(items).astype(np.int32)
    rating = np.clip(np.round(score[user, item] + rng.normal(0.0, noise, len(user))), 1, 5).astype(np.float32)
    order = rng.permutation(len(user))
    return Ratings(user[order], item[order], rating[order], mu, bu, bi, P, Q, pop, exposure_beta)


class RatingsSplit(NamedTuple):
    """Row indices of the training, validation and test parts of a ratings log."""

    train: np.ndarray  # int64 row indices
    val: np.ndarray
    test: np.ndarray


def _ids(name: str, values) -> np.ndarray:
    ids = check_array(name, values, ndim=1)
    if not np.issubdtype(ids.dtype, np.integer):
        raise TypeError(f"{name} must hold integer ids, got dtype {ids.dtype}")
    if len(ids) and ids.min() < 0:
        raise ValueError(f"{name} must be ids >= 0 (reindex raw ids to 0..n-1 first), got {ids.min()}")
    return ids


def split_ratings(user, item, *, seed: int | np.random.Generator, val: float = 0.1,
                  test: float = 0.1) -> RatingsSplit:
    """A random split of the rows (explicit feedback), with no user or item missing from training.

    Each row goes to validation with probability ``val``, to test with probability ``test``, else to
    training. A validation or test row whose user or item then has no training row is moved to
    training (repeated until none is left), so every evaluated user and item has been seen: cold
    start is a different problem. Returns :class:`RatingsSplit` of sorted row indices.
    """
    user = _ids("user", user)
    item = _ids("item", item)
    n = check_same_length(user=user, item=item)
    val = check_float("val", val, 0.0, 1.0, strict=True)
    test = check_float("test", test, 0.0, 1.0, strict=True)
    if val + test >= 1:
        raise ValueError(f"val + test must be below 1, got {val + test}")
    rng = rng_from(seed)
    part = rng.choice(3, size=n, p=[1 - val - test, val, test])
    while True:
        train = part == 0
        seen_user = np.zeros(user.max() + 1 if n else 0, bool)
        seen_item = np.zeros(item.max() + 1 if n else 0, bool)
        seen_user[user[train]] = True
        seen_item[item[train]] = True
        cold = ~train & ~(seen_user[user] & seen_item[item])
        if not cold.any():
            break
        part[cold] = 0
    return RatingsSplit(*(np.flatnonzero(part == k) for k in range(3)))


def leave_one_out_split(user, *, seed: int | np.random.Generator) -> RatingsSplit:
    """Leave-one-out for implicit feedback: per user one random row to test, another to validation.

    The rest of each user's rows stay in training. Users with fewer than 3 rows keep them all in
    training (and are not evaluated). Returns :class:`RatingsSplit`; ``val`` and ``test`` hold at
    most one row per user, sorted by user id.
    """
    user = _ids("user", user)
    rng = rng_from(seed)
    order = rng.permutation(len(user))
    by_user = order[np.argsort(user[order], kind="stable")]  # rows grouped by user, shuffled within
    sorted_users = user[by_user]
    starts = np.flatnonzero(np.r_[True, sorted_users[1:] != sorted_users[:-1]]) if len(user) else np.array([], int)
    counts = np.diff(np.r_[starts, len(user)])
    ok = starts[counts >= 3]
    test = by_user[ok]
    val = by_user[ok + 1]
    held = np.zeros(len(user), bool)
    held[test] = held[val] = True
    return RatingsSplit(np.flatnonzero(~held), val, test)


def interaction_matrix(user, item, shape: tuple[int, int]):
    """A ``scipy.sparse`` CSR matrix of shape ``(n_users, n_items)`` with 1.0 where a user met an item.

    Repeated (user, item) pairs count once."""
    import scipy.sparse as sp

    user = _ids("user", user)
    item = _ids("item", item)
    check_same_length(user=user, item=item)
    if not (isinstance(shape, tuple) and len(shape) == 2):
        raise TypeError(f"shape must be a tuple (n_users, n_items), got {shape!r}")
    n_users = check_int("shape[0]", shape[0], 1)
    n_items = check_int("shape[1]", shape[1], 1)
    if len(user) and (user.max() >= n_users or item.max() >= n_items):
        raise ValueError(f"ids out of range for shape {shape}: max user {user.max()}, max item {item.max()}")
    X = sp.csr_matrix((np.ones(len(user)), (user, item)), shape=(n_users, n_items))
    X.data[:] = 1.0  # duplicates were summed: count them once
    return X
