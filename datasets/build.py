"""Build the course's generated data files and record them in MANIFEST.json.

    python datasets/build.py --list          # what can be built
    python datasets/build.py NAME [NAME ...] # (re)build files, update their manifest entries
    python datasets/build.py --check         # verify every file against the manifest

A builder is a function ``build(path: Path, seed: int) -> None`` that writes one
file (``.npz`` arrays; never pickles) deterministically. Register it in
BUILDERS with its source and licence. Data that is fast to generate
exactly belongs in a ``helpers`` generator instead, built inside the notebook.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tools"))
from light_helpers import light_import  # noqa: E402

(files,) = light_import("files")  # the manifest functions, without importing TensorFlow
load_manifest, record_dataset, verify_dataset = files.load_manifest, files.record_dataset, files.verify_dataset

BUILD_SEED = 0  # data files never depend on COURSE_SEED


class Builder:
    """A registered data file: how to build it, where it comes from, its licence."""

    def __init__(self, build: Callable[[Path, int], None], source: str, licence: str):
        self.build, self.source, self.licence = build, source, licence


# file name -> Builder; later issues add theirs here.
BUILDERS: dict[str, Builder] = {}

sys.path.insert(0, str(HERE))
import build_speech  # noqa: E402  (Q21, Q22; needs espeakng-loader only when building)

BUILDERS["spoken_digits.npz"] = Builder(build_speech.build_spoken_digits, build_speech.SOURCE, build_speech.LICENCE)
BUILDERS["tts_digits.npz"] = Builder(build_speech.build_tts_digits, build_speech.SOURCE, build_speech.LICENCE)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="files to build")
    parser.add_argument("--list", action="store_true", help="list the registered builders")
    parser.add_argument("--check", action="store_true", help="verify every file in the manifest")
    args = parser.parse_args(argv)
    if args.list:
        for name, builder in sorted(BUILDERS.items()):
            print(f"{name}: {builder.source} ({builder.licence})")
        if not BUILDERS:
            print("no builders registered yet")
        return 0
    if args.check:
        names = sorted(load_manifest(HERE))
        for name in names:
            verify_dataset(name, HERE)
            print(f"ok {name}")
        print(f"{len(names)} file(s) verified")
        return 0
    unknown = [n for n in args.names if n not in BUILDERS]
    if unknown or not args.names:
        parser.error(f"unknown or missing names {unknown}; known: {sorted(BUILDERS)}")
    for name in args.names:
        builder = BUILDERS[name]
        path = HERE / name
        builder.build(path, BUILD_SEED)
        entry = record_dataset(path, builder.source, builder.licence,
                               rebuild=f"python datasets/build.py {name}", root=HERE)
        print(f"built {name}: {entry['size']} bytes, sha256 {entry['sha256'][:12]}…")
    return 0


if __name__ == "__main__":
    sys.exit(main())
