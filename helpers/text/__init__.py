"""Text data: real corpora that ship offline in installed packages, and generated text tasks.

Every public module's ``__all__`` is exported here (and from ``helpers``); each module's
docstring says where its data comes from and under which licence.
"""

from __future__ import annotations

from .._package import exported, public_modules

MODULES = public_modules(__name__, __path__)
globals().update(exported(MODULES))
__all__ = sorted(exported(MODULES))
