"""Run a snippet of the seed's code and show the real error it raises."""

from __future__ import annotations

import re
import textwrap
import traceback
import warnings
from typing import Any

__all__ = ["show_error"]

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


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
    ``max_chars``.

    Raises ``AssertionError`` if the code runs without error, or if ``match``
    (a regular expression) is not found in the message: either way the lesson
    would show the wrong thing. An exception that is not an instance of
    ``expect`` propagates unchanged.
    """
    if not isinstance(code, str) or not code.strip():
        raise ValueError("code must be a non-empty string of Python source")
    if namespace is None:
        namespace = {}
    if not isinstance(namespace, dict):
        raise TypeError(f"namespace must be a dict, got {type(namespace).__name__}")
    source = textwrap.dedent(code)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the error is the lesson, not the warnings
            exec(compile(source, "<seed snippet>", "exec"), namespace)
    except expect as err:  # the expected failure
        message = "".join(traceback.format_exception_only(type(err), err)).strip()
        message = _ANSI.sub("", message)  # Keras bolds names with terminal escape codes
        if len(message) > max_chars:
            message = message[: max_chars - 3] + "..."
        if match is not None and not re.search(match, message):
            raise AssertionError(f"expected an error matching {match!r}, got: {message}") from err
        print("Seed code raises →", message)
        return
    raise AssertionError("the seed snippet ran without error; the lesson expects it to fail")
