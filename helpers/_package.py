"""How a helpers package exports its modules (private: used by ``helpers`` and its sub-packages)."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def public_modules(package: str, path: list[str]) -> tuple[ModuleType, ...]:
    """Import every public module (name without a leading underscore) of a package, sorted by name."""
    names = sorted(m.name for m in pkgutil.iter_modules(path) if not m.name.startswith("_"))
    return tuple(importlib.import_module(f"{package}.{name}") for name in names)


def exported(modules: tuple[ModuleType, ...]) -> dict[str, object]:
    """``{name: object}`` for every name in the modules' ``__all__``; a name exported twice is an error."""
    out: dict[str, object] = {}
    for module in modules:
        for name in module.__all__:
            if name in out:
                raise ImportError(f"{name!r} is exported by two helpers modules ({module.__name__} and another)")
            out[name] = getattr(module, name)
    return out
