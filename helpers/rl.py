"""Reinforcement-learning plumbing for Q24: a toy-text environment's model as arrays, exact
policy evaluation on it, and many evaluation episodes of a policy run side by side.

Gymnasium's toy-text environments (FrozenLake, Taxi) publish their dynamics as
``env.unwrapped.P[s][a] = [(probability, next_state, reward, terminated), ...]``;
:func:`transition_tables` turns that into NumPy arrays, so value iteration and exact policy
evaluation are a few matrix products. :func:`run_episodes` plays one episode per environment
seed for any policy that maps a batch of observations to a batch of actions.
"""

from __future__ import annotations

from typing import Any, Callable, NamedTuple

import numpy as np

from ._validate import check_array, check_bool, check_callable, check_int, check_str

__all__ = ["TransitionTables", "policy_return", "run_episodes", "transition_tables"]


class TransitionTables(NamedTuple):
    """A finite MDP as arrays (what :func:`transition_tables` returns)."""

    P: np.ndarray  # (S, A, S) float64: P[s, a, s'] = Pr(s' | s, a)
    R: np.ndarray  # (S, A) float64: expected immediate reward of taking a in s
    done: np.ndarray  # (S, A, S) bool: the move s -a-> s' ends the episode (terminated)
    start: np.ndarray  # (S,) float64: distribution of the first state


def transition_tables(env: Any) -> TransitionTables:
    """The dynamics of a gymnasium toy-text environment (``FrozenLake-v1``, ``Taxi-v4``, ...) as arrays.

    ``env`` is the environment made by ``gymnasium.make``; its ``unwrapped.P`` dict gives, for each
    state and action, the list of ``(probability, next_state, reward, terminated)`` outcomes and its
    ``unwrapped.initial_state_distrib`` the start distribution. Raises ``TypeError`` for an
    environment without such a model (CartPole, for one).
    """
    inner = getattr(env, "unwrapped", env)
    model = getattr(inner, "P", None)
    if not isinstance(model, dict):
        raise TypeError(f"env must be a toy-text environment with a transition dict env.unwrapped.P, "
                        f"got {type(inner).__name__}")
    S, A = int(env.observation_space.n), int(env.action_space.n)
    P = np.zeros((S, A, S))
    R = np.zeros((S, A))
    done = np.zeros((S, A, S), bool)
    for s in range(S):
        for a in range(A):
            for prob, s2, reward, terminated in model[s][a]:
                P[s, a, s2] += prob
                R[s, a] += prob * reward
                if terminated:
                    done[s, a, s2] = True
    start = np.asarray(getattr(inner, "initial_state_distrib", np.eye(S)[0]), dtype=np.float64)
    return TransitionTables(P, R, done, start / start.sum())


def policy_return(tables: TransitionTables, policy, horizon: int) -> float:
    """Exact expected (undiscounted) return of a deterministic ``policy`` within ``horizon`` steps.

    ``policy`` is an ``(S,)`` array of actions; ``horizon`` is the environment's time limit (100 for
    FrozenLake, 200 for Taxi), after which an episode is cut off. A terminating move ends the episode.
    Computed by backward induction, ``V_h = R_pi + P_pi (1 - done) V_{h-1}``, from the start
    distribution: no sampling noise, so it is the yardstick Monte Carlo estimates are checked against.
    For FrozenLake (reward 1 at the goal only) it is the probability of reaching the goal.
    """
    if not isinstance(tables, TransitionTables):
        raise TypeError(f"tables must be a TransitionTables, got {type(tables).__name__}")
    S, A = tables.R.shape
    policy = check_array("policy", policy, ndim=1)
    if len(policy) != S or not np.issubdtype(policy.dtype, np.integer):
        raise ValueError(f"policy must be {S} integer actions (one per state), got {policy.dtype} shape {policy.shape}")
    if policy.min() < 0 or policy.max() >= A:
        raise ValueError(f"policy actions must be in 0..{A - 1}")
    horizon = check_int("horizon", horizon, 1)
    rows = np.arange(S)
    P_pi = tables.P[rows, policy] * ~tables.done[rows, policy]  # (S, S): moves that continue
    R_pi = tables.R[rows, policy]
    V = np.zeros(S)
    for _ in range(horizon):
        V = R_pi + P_pi @ V
    return float(tables.start @ V)


def run_episodes(env_id: str, policy: Callable[..., Any], seeds, *, with_index: bool = False,
                 **make_kwargs) -> np.ndarray:
    """Play one episode per seed with ``policy`` and return the episode returns, ``(len(seeds),)``.

    The environments (``gymnasium.make(env_id, **make_kwargs)``, with their default time limit) step
    side by side: ``policy`` gets the observations of the episodes still running as one batch,
    shape ``(n_running, *obs_shape)`` (integers for toy-text states), and returns one action per
    row, so a network evaluates a whole batch in one call. With ``with_index=True`` it is called as
    ``policy(obs, rows)``, ``rows`` the episode numbers of the batch, so that episode ``j`` can be
    played by its own policy (a population of candidates, one episode each). Episode ``j`` is reset with
    ``seed=seeds[j]``: the same seeds give the same episodes for any policy, which makes two
    policies' returns a paired comparison. BLAS runs single-threaded meanwhile (tiny matrix
    products are slower, not faster, with threads on a busy 2-core machine).
    """
    import gymnasium as gym
    from threadpoolctl import threadpool_limits

    check_str("env_id", env_id)
    check_callable("policy", policy)
    with_index = check_bool("with_index", with_index)
    seeds = check_array("seeds", seeds, ndim=1)
    if len(seeds) == 0 or not np.issubdtype(seeds.dtype, np.integer) or seeds.min() < 0:
        raise ValueError("seeds must be a non-empty 1-D array of integers >= 0")
    envs = [gym.make(env_id, **make_kwargs) for _ in seeds]
    first = [env.reset(seed=int(s))[0] for env, s in zip(envs, seeds)]
    obs = np.stack([np.asarray(o) for o in first])
    returns = np.zeros(len(seeds))
    running = np.arange(len(seeds))
    with threadpool_limits(1, "blas"):
        while len(running):
            batch = obs[running]
            actions = np.asarray(policy(batch, running) if with_index else policy(batch)).reshape(-1)
            if len(actions) != len(running):
                raise ValueError(f"policy returned {len(actions)} actions for {len(running)} observations")
            still = []
            for j, a in zip(running, actions):
                o, r, terminated, truncated, _ = envs[j].step(int(a))
                returns[j] += r
                obs[j] = o
                if not (terminated or truncated):
                    still.append(j)
            running = np.array(still, dtype=int)
    for env in envs:
        env.close()
    return returns
