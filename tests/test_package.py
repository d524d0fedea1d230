"""The package's own hygiene: what it exports, that it is documented, that every module is tested."""

import inspect
import pkgutil
from pathlib import Path

import helpers

ROOT = Path(__file__).resolve().parent.parent


def _public_module_names(package=helpers, prefix="") -> list[str]:
    """Dotted names of every public module under helpers, packages included (e.g. 'vision.digits')."""
    names = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_"):
            continue
        name = prefix + info.name
        names.append(name)
        if info.ispkg:
            names += _public_module_names(getattr(package, info.name), name + ".")
    return names


def test_all_is_assembled_from_the_modules_without_duplicates():
    from_modules = [name for module in helpers.MODULES for name in module.__all__]
    assert sorted(from_modules) == sorted(helpers.__all__)
    assert len(set(helpers.__all__)) == len(helpers.__all__)
    for name in helpers.__all__:
        assert hasattr(helpers, name), name


def test_every_public_helper_has_a_docstring():
    for name in helpers.__all__:
        obj = getattr(helpers, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert inspect.getdoc(obj), f"helpers.{name} has no docstring"
    for module in helpers.MODULES:
        assert inspect.getdoc(module), f"{module.__name__} has no docstring"


def test_every_public_module_has_its_own_test_file():
    modules = [n for n in _public_module_names() if not (ROOT / "helpers" / n.replace(".", "/")).is_dir()]
    missing = [n for n in modules if not (ROOT / "tests" / f"test_{n.replace('.', '_')}.py").is_file()]
    assert not missing, f"no tests/test_<module>.py for {missing}"


def test_readme_layout_lists_every_module():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout"):]
    for name in _public_module_names():
        shown = name.split(".")[-1] + ("/" if (ROOT / "helpers" / name.replace(".", "/")).is_dir() else ".py")
        assert shown in layout, f"README layout section does not list {shown}"


def test_modules_import_no_private_names_of_their_siblings():
    """Shared internals live in the private modules (_validate, _package, vision/_common) only."""
    import re

    private_modules = {"_validate", "_package", "_common"}
    for path in (ROOT / "helpers").rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            m = re.match(r"\s*from \.+([\w.]*) import (.+)", line)
            if not m:
                continue
            source = m.group(1).split(".")[-1]
            names = [n.strip().split(" as ")[0] for n in m.group(2).strip("()").split(",")]
            private = [n for n in names if n.startswith("_")]
            assert source in private_modules or not private, f"{path.name} imports {private} from {source}"
