"""Unit tests for helpers.rl: toy-text transition tables, exact policy evaluation, side-by-side episodes."""

import gymnasium as gym
import numpy as np
import pytest

import helpers


@pytest.fixture(scope="module")
def lake():
    return helpers.transition_tables(gym.make("FrozenLake-v1", is_slippery=True))


def test_frozenlake_tables(lake):
    P, R, done, start = lake
    assert P.shape == (16, 4, 16) and R.shape == (16, 4) and done.shape == (16, 4, 16)
    np.testing.assert_allclose(P.sum(axis=2), 1.0)  # each (s, a) is a distribution
    np.testing.assert_allclose(start, np.eye(16)[0])  # always starts top left
    # slippery: the intended move with probability 1/3; from state 14 'right' reaches the goal (15)
    np.testing.assert_allclose(P[14, 2, 15], 1 / 3)
    np.testing.assert_allclose(R[14, 2], 1 / 3)
    assert done[14, 2, 15] and not done[0, 1, 4]  # reaching the goal ends it; 4 is frozen ice
    assert done[1, 1, 5]  # 5 is a hole: terminated, no reward
    np.testing.assert_allclose(R[1, 1], 0.0)


def test_taxi_tables_are_deterministic_with_many_starts():
    P, R, done, start = helpers.transition_tables(gym.make("Taxi-v4"))
    assert P.shape == (500, 6, 500)
    assert set(np.unique(P)) == {0.0, 1.0}
    assert (start > 0).sum() == 300 and np.isclose(start.sum(), 1)  # 25 cells x 4 passenger spots x 3 other goals
    assert R.min() == -10 and R.max() == 20


def test_transition_tables_rejects_an_env_without_a_model():
    with pytest.raises(TypeError, match="toy-text"):
        helpers.transition_tables(gym.make("CartPole-v1"))


def test_policy_return_known_values(lake):
    always_left = np.zeros(16, dtype=int)
    # 'left' from the start: slides left (stay), up (stay) or down; can it ever reach the goal?
    assert 0 <= helpers.policy_return(lake, always_left, 100) < 0.05
    assert helpers.policy_return(lake, always_left, 1) == 0.0  # the goal is 6 moves away at least
    # the optimal FrozenLake 4x4 policy (gymnasium documents its success rate as 0.74)
    optimal = np.array([0, 3, 3, 3, 0, 0, 0, 0, 3, 1, 0, 0, 0, 2, 1, 0])
    assert abs(helpers.policy_return(lake, optimal, 100) - 0.74) < 0.005


def test_policy_return_matches_monte_carlo(lake):
    optimal = np.array([0, 3, 3, 3, 0, 0, 0, 0, 3, 1, 0, 0, 0, 2, 1, 0])
    exact = helpers.policy_return(lake, optimal, 100)
    returns = helpers.run_episodes("FrozenLake-v1", lambda s: optimal[s], np.arange(2000), is_slippery=True)
    se = np.sqrt(exact * (1 - exact) / 2000)
    assert abs(returns.mean() - exact) < 4 * se


def test_policy_return_rejects_bad_arguments(lake):
    with pytest.raises(ValueError, match="16 integer actions"):
        helpers.policy_return(lake, np.zeros(15, dtype=int), 100)
    with pytest.raises(ValueError, match="0..3"):
        helpers.policy_return(lake, np.full(16, 4), 100)
    with pytest.raises(TypeError, match="TransitionTables"):
        helpers.policy_return((1, 2, 3, 4), np.zeros(16, dtype=int), 100)
    with pytest.raises(ValueError, match="horizon"):
        helpers.policy_return(lake, np.zeros(16, dtype=int), 0)


def test_run_episodes_batches_and_pairs_seeds():
    seen = []

    def policy(obs):
        seen.append(obs.shape)
        return (obs[:, 2] > 0).astype(int)  # push towards the side the pole leans to

    seeds = np.arange(5)
    a = helpers.run_episodes("CartPole-v1", policy, seeds)
    b = helpers.run_episodes("CartPole-v1", policy, seeds)
    np.testing.assert_array_equal(a, b)  # same seeds, same episodes
    assert a.shape == (5,) and (a >= 1).all() and (a <= 500).all()
    assert seen[0] == (5, 4) and min(s[0] for s in seen) >= 1  # finished episodes leave the batch
    rng = np.random.default_rng(0)
    rand = helpers.run_episodes("CartPole-v1", lambda o: rng.integers(0, 2, len(o)), np.arange(30))
    assert a.mean() > rand.mean()  # the lean-following policy beats random (about 22 steps)


def test_run_episodes_with_index_gives_each_episode_its_own_policy():
    W = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 0.0, -1.0, -1.0], [0.0, 0.0, 1.0, 1.0]])  # good, bad, good
    got = helpers.run_episodes("CartPole-v1", lambda o, rows: (np.sum(o * W[rows], 1) > 0).astype(int),
                               np.array([3, 3, 4]), with_index=True)
    good = helpers.run_episodes("CartPole-v1", lambda o: (o @ W[0] > 0).astype(int), np.array([3, 4]))
    np.testing.assert_array_equal(got[[0, 2]], good)  # the same policy on the same seeds, alone or in a population
    assert got[1] < got[0]
    with pytest.raises(TypeError, match="with_index"):
        helpers.run_episodes("CartPole-v1", lambda o: np.zeros(len(o), int), np.arange(2), with_index=1)


def test_run_episodes_rejects_bad_arguments():
    with pytest.raises(ValueError, match="seeds"):
        helpers.run_episodes("CartPole-v1", lambda o: np.zeros(len(o), int), np.array([], int))
    with pytest.raises(TypeError, match="callable"):
        helpers.run_episodes("CartPole-v1", 3, np.arange(2))
    with pytest.raises(ValueError, match="2 observations"):
        helpers.run_episodes("CartPole-v1", lambda o: np.zeros(1, int), np.arange(2))
