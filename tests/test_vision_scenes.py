"""Unit tests for helpers.vision.scenes: detection canvases, shape masks, scenes; exact boxes and masks, speed."""

import numpy as np
import pytest

import helpers
from conftest import assert_fast, digest_of


def _bbox(mask: np.ndarray) -> list[float]:
    """Tight [x_min, y_min, x_max, y_max] of a boolean mask, pixel-edge convention."""
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    return [cols[0], rows[0], cols[-1] + 1, rows[-1] + 1]


def _dice(pred: np.ndarray, true: np.ndarray) -> float:
    return 2 * np.sum(pred & true) / (pred.sum() + true.sum())


# ---------------------------------------------------------------- make_detection_canvases

def test_detection_shapes_and_box_format():
    images, boxes, classes, instances = helpers.make_detection_canvases(300, seed=1)
    assert images.shape == (300, 64, 64) and images.dtype == np.float32
    assert images.min() >= 0 and images.max() <= 1
    assert instances.shape == (300, 64, 64) and instances.dtype == np.uint8
    assert len(boxes) == len(classes) == 300
    for b, c in zip(boxes, classes):
        assert b.dtype == np.float32 and b.ndim == 2 and b.shape[1] == 4 and 1 <= len(b) <= 4
        assert c.shape == (len(b),) and c.min() >= 0 and c.max() < len(helpers.SHAPE_CLASSES)
        assert (b[:, 0] >= 0).all() and (b[:, 2] <= 64).all() and (b[:, 2] > b[:, 0]).all()
        sides = np.maximum(b[:, 2] - b[:, 0], b[:, 3] - b[:, 1])
        assert (sides >= 8).all() and (sides <= 24).all()
    all_classes = np.concatenate(classes)
    assert set(all_classes) == set(range(len(helpers.SHAPE_CLASSES)))
    assert np.bincount(all_classes).min() > 0.15 * len(all_classes)


def test_detection_boxes_are_tight_boxes_of_the_drawn_pixels():
    det = helpers.make_detection_canvases(100, seed=2, noise=0.0, clutter=0)
    for img, b, inst in zip(det.images, det.boxes, det.instances):
        assert inst.max() == len(b)
        background = img[inst == 0]
        for i, box in enumerate(b):
            obj = inst == i + 1
            assert _bbox(obj) == list(box)
            # without noise or clutter an object is one flat value, brighter than the background
            assert np.ptp(img[obj]) == 0 and img[obj][0] > background.max()


def test_detection_objects_do_not_overlap():
    det = helpers.make_detection_canvases(200, seed=3, max_objects=6)
    for b in det.boxes:
        for i in range(len(b)):
            for j in range(i):
                w = max(0, min(b[i, 2], b[j, 2]) - max(b[i, 0], b[j, 0]))
                h = max(0, min(b[i, 3], b[j, 3]) - max(b[i, 1], b[j, 1]))
                area = lambda k: (b[k, 2] - b[k, 0]) * (b[k, 3] - b[k, 1])  # noqa: E731
                assert w * h / (area(i) + area(j) - w * h) <= 0.1 + 1e-6


def test_detection_rgb_and_determinism():
    a = helpers.make_detection_canvases(20, size=48, seed=5, rgb=True)
    b = helpers.make_detection_canvases(20, size=48, seed=5, rgb=True)
    c = helpers.make_detection_canvases(20, size=48, seed=6, rgb=True)
    assert a.images.shape == (20, 48, 48, 3)
    np.testing.assert_array_equal(a.images, b.images)
    for x, y in zip(a.boxes, b.boxes):
        np.testing.assert_array_equal(x, y)
    assert not np.array_equal(a.images, c.images)


def test_detection_rejects_bad_arguments():
    with pytest.raises(ValueError, match="max_objects"):
        helpers.make_detection_canvases(5, seed=0, max_objects=0)
    with pytest.raises(ValueError, match="max_side"):
        helpers.make_detection_canvases(5, seed=0, min_side=20, max_side=10)
    with pytest.raises(ValueError, match="max_iou"):
        helpers.make_detection_canvases(5, seed=0, max_iou=1.5)
    with pytest.raises(TypeError, match="n must be an int"):
        helpers.make_detection_canvases(True, seed=0)


# ---------------------------------------------------------------- make_shape_masks

def test_shape_masks_shapes_exactness_and_determinism():
    X, M = helpers.make_shape_masks(100, size=48, seed=4)
    assert X.shape == M.shape == (100, 48, 48) and X.dtype == np.float32 and M.dtype == np.uint8
    assert set(np.unique(M)) == {0, 1} and X.min() >= 0 and X.max() <= 1
    assert (M.reshape(100, -1).sum(axis=1) > 0).all()
    X2, M2 = helpers.make_shape_masks(100, size=48, seed=4)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(M, M2)
    assert not np.array_equal(M, helpers.make_shape_masks(100, size=48, seed=5)[1])
    # the mask is what was drawn: with no lighting and no noise, foreground is brighter on average
    X, M = helpers.make_shape_masks(50, seed=4, lighting=0.0, noise=0.0)
    for x, m in zip(X, M):
        assert x[m == 1].mean() > x[m == 0].mean() + 0.1


def test_shape_masks_otsu_dice_is_imperfect_as_documented():
    from skimage.filters import threshold_otsu

    X, M = helpers.make_shape_masks(500, seed=0)
    dice = np.array([_dice(x > threshold_otsu(x), m == 1) for x, m in zip(X, M)])
    assert 0.6 <= dice.mean() <= 0.85, dice.mean()  # docstring: mean ~0.70-0.75
    X, M = helpers.make_shape_masks(200, seed=0, lighting=0.0)
    flat = np.mean([_dice(x > threshold_otsu(x), m == 1) for x, m in zip(X, M)])
    assert flat > dice.mean() + 0.05  # the uneven lighting is what breaks the global threshold


def test_shape_masks_reject_bad_arguments():
    with pytest.raises(ValueError, match="lighting"):
        helpers.make_shape_masks(5, seed=0, lighting=2.0)
    with pytest.raises(ValueError, match="max_shapes"):
        helpers.make_shape_masks(5, seed=0, max_shapes=0)
    with pytest.raises(ValueError, match="size"):
        helpers.make_shape_masks(5, seed=0, size=8)


# ---------------------------------------------------------------- make_segmentation_scenes

def test_scenes_shapes_classes_and_imbalance():
    X, L = helpers.make_segmentation_scenes(300, seed=0)
    assert X.shape == (300, 64, 64, 3) and X.dtype == np.float32 and X.min() >= 0 and X.max() <= 1
    assert L.shape == (300, 64, 64) and L.dtype == np.uint8
    freq = np.bincount(L.ravel(), minlength=len(helpers.SCENE_CLASSES)) / L.size
    assert len(freq) == len(helpers.SCENE_CLASSES) == 4
    assert freq[0] > 0.6 and freq[0] == freq.max()  # background majority
    assert 0.005 < freq[3] < 0.5 * min(freq[1], freq[2])  # triangles are rare, but present


def test_scenes_colour_alone_does_not_separate_ellipses_from_rectangles():
    X, L = helpers.make_segmentation_scenes(200, seed=1, noise=0.0)
    ellipse, rect = X[L == 1], X[L == 2]
    # the same colour range: each class's mean colour lies inside the other's spread
    assert np.all(np.abs(ellipse.mean(axis=0) - rect.mean(axis=0)) < 0.5 * rect.std(axis=0))
    # triangles differ in colour (cool), which is not the whole story (they are also striped)
    assert X[L == 3][:, 2].mean() > X[L == 1][:, 2].mean() + 0.3


def test_scenes_labels_match_visible_pixels():
    X, L = helpers.make_segmentation_scenes(50, seed=2, noise=0.0)
    # warm objects: red channel high, blue low; background is grey-ish and never that saturated
    warm = (X[..., 0] - X[..., 2]) > 0.4
    np.testing.assert_array_equal(warm, np.isin(L, (1, 2)))


def test_scenes_deterministic_and_reject_bad_arguments():
    a = helpers.make_segmentation_scenes(10, seed=3)
    b = helpers.make_segmentation_scenes(10, seed=3)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[1], helpers.make_segmentation_scenes(10, seed=4)[1])
    with pytest.raises(ValueError, match="rare"):
        helpers.make_segmentation_scenes(5, seed=0, rare=-0.1)
    with pytest.raises(ValueError, match="max_objects"):
        helpers.make_segmentation_scenes(5, seed=0, max_objects=1)
    with pytest.raises(TypeError, match="seed"):
        helpers.make_segmentation_scenes(5, seed=1.5)


# ---------------------------------------------------------------- speed

@pytest.mark.parametrize("make, kwargs", [
    (helpers.make_detection_canvases, {}),
    (helpers.make_shape_masks, {}),
    (helpers.make_segmentation_scenes, {}),
])
def test_generators_are_fast(make, kwargs):
    assert_fast(make, **kwargs)


def test_scene_generators_return_named_tuples():
    assert isinstance(helpers.make_detection_canvases(2, seed=0), helpers.Detections)
    masks = helpers.make_shape_masks(2, seed=np.int64(0), size=np.int32(32))
    assert isinstance(masks, helpers.ShapeMasks) and masks._fields == ("images", "masks")
    scenes = helpers.make_segmentation_scenes(2, seed=0, size=32)
    assert isinstance(scenes, helpers.Scenes) and scenes._fields == ("images", "labels")
    with pytest.raises(TypeError, match="seed"):
        helpers.make_shape_masks(2)  # the data seed is required: helpers.data_seed(...)


def test_scene_generators_are_bit_identical_to_before_the_move():
    """sha256 of a few samples, recorded from helpers.synth before it was split up."""
    d = helpers.make_detection_canvases(6, seed=2601)
    assert digest_of(d.images, d.instances, *d.boxes, *d.classes) == "be2d4d056a22d1f0"
    d = helpers.make_detection_canvases(4, seed=5, rgb=True)
    assert digest_of(d.images, d.instances, *d.boxes, *d.classes) == "a8b93aa7092b166f"
    assert digest_of(*helpers.make_shape_masks(6, seed=2701)) == "cf0c67389dae39a6"
    assert digest_of(*helpers.make_segmentation_scenes(6, size=48, seed=2901)) == "a01b8bf79dc09bfd"
