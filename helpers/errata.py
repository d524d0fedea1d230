"""Run a snippet of the seed's code and show the real error, or the real warnings, it raises.

Both keep what a seed snippet raises inside the errata section: the error or warnings are
printed as one short line each, nothing reaches stderr, and the call fails loudly if the
snippet does not do what the lesson says it does.
"""

from __future__ import annotations

import re
import textwrap
import traceback
import warnings
from typing import Any

from ._validate import check_int, check_str, strip_ansi

__all__ = ["show_error", "show_warnings"]


def _prepare(code: str, namespace: dict[str, Any] | None) -> tuple[Any, dict[str, Any]]:
    """Compile ``code`` (dedented) and check the namespace."""
    check_str("code", code)
    if namespace is None:
        namespace = {}
    if not isinstance(namespace, dict):
        raise TypeError(f"namespace must be a dict, got {type(namespace).__name__}")
    return compile(textwrap.dedent(code), "<seed snippet>", "exec"), namespace


def _trim(message: str, max_chars: int) -> str:
    message = strip_ansi(message).strip()  # Keras bolds names with terminal escape codes
    return message if len(message) <= max_chars else message[: max_chars - 3] + "..."


def show_error(
    code: str,
    namespace: dict[str, Any] | None = None,
    expect: type[BaseException] | tuple[type[BaseException], ...] = Exception,
    match: str | None = None,
    max_chars: int = 600,
) -> None:
    """Execute ``code`` and print the exception it raises, short and readable.

    The seed's broken lines are meant to fail: this runs them in ``namespace``
    (a fresh dict by default, so the notebook's own names are not touched
    unless you pass ``globals()``) and prints ``TypeName: message`` trimmed to
    ``max_chars``. Warnings raised on the way are suppressed (the error is the lesson).

    Raises ``AssertionError`` if the code runs without error, or if ``match``
    (a regular expression) is not found in the message: either way the lesson
    would show the wrong thing. An exception that is not an instance of
    ``expect`` propagates unchanged.
    """
    compiled, namespace = _prepare(code, namespace)
    max_chars = check_int("max_chars", max_chars, 20)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exec(compiled, namespace)
    except expect as err:  # the expected failure
        message = _trim("".join(traceback.format_exception_only(type(err), err)), max_chars)
        if match is not None and not re.search(match, message):
            raise AssertionError(f"expected an error matching {match!r}, got: {message}") from err
        print("Seed code raises →", message)
        return
    raise AssertionError("the seed snippet ran without error; the lesson expects it to fail")


def show_warnings(
    code: str,
    namespace: dict[str, Any] | None = None,
    match: str | None = None,
    max_chars: int = 160,
) -> None:
    """Execute ``code`` and print each distinct warning it raises as ``Category: message``.

    The twin of :func:`show_error` for seed code that runs but warns (a deprecated argument,
    a non-converged fit): the warnings are caught, so nothing reaches stderr, and shown in
    the errata cell only. Names the code defines stay in ``namespace`` (pass a dict to use
    them afterwards). Raises ``AssertionError`` if no warning is raised, or if none matches
    ``match`` (a regular expression) when it is given. Errors propagate unchanged.
    """
    compiled, namespace = _prepare(code, namespace)
    max_chars = check_int("max_chars", max_chars, 20)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        exec(compiled, namespace)
    lines = list(dict.fromkeys(_trim(f"{w.category.__name__}: {w.message}", max_chars) for w in caught))
    if not lines:
        raise AssertionError("the seed snippet raised no warning; the lesson expects one")
    if match is not None and not any(re.search(match, line) for line in lines):
        raise AssertionError(f"expected a warning matching {match!r}, got: {lines}")
    for line in lines:
        print("Seed code warns →", line)
