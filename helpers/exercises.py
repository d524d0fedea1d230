"""Checks for the "debug this" exercises in each notebook's 自测 section.

An exercise cell holds a broken snippet and ends with ``helpers.check(...)``.
As shipped it prints "not solved yet" (never raises, so the notebook runs top
to bottom); once the reader repairs the code it prints "solved". The contract
tests run each folded solution and require ``check`` to return ``True``.
"""

from __future__ import annotations

from collections.abc import Callable

from ._validate import check_callable, check_str, strip_ansi

__all__ = ["check"]  # RESULTS stays module-level: the contract tests read it

RESULTS: dict[str, bool] = {}


def check(name: str, test: Callable[[], object]) -> None:
    """Run ``test()`` (which asserts) and print whether exercise ``name`` is solved.

    Any exception inside ``test`` counts as "not solved yet" and its message is
    shown as a hint. The outcome (``True`` = solved) is stored in
    ``RESULTS[name]``; nothing is returned, so the cell shows only the message.
    """
    check_str("name", name)
    check_callable("test", test)
    try:
        test()
    except Exception as err:  # noqa: BLE001 - any failure means "not yet"
        hint = f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
        hint = strip_ansi(hint)  # Keras bolds names with terminal escape codes
        print(f"❌ {name}: not solved yet — {hint}")
        RESULTS[name] = False
        return
    print(f"✅ {name}: solved")
    RESULTS[name] = True
