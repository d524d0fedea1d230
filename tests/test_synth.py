"""Unit tests for helpers.synth: shapes, ranges, determinism, exact boxes and masks, speed."""

import time

import numpy as np
import pytest

import helpers
from helpers import synth


def _bbox(mask: np.ndarray) -> list[float]:
    """Tight [x_min, y_min, x_max, y_max] of a boolean mask, pixel-edge convention."""
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    return [cols[0], rows[0], cols[-1] + 1, rows[-1] + 1]


def _dice(pred: np.ndarray, true: np.ndarray) -> float:
    return 2 * np.sum(pred & true) / (pred.sum() + true.sum())


# ---------------------------------------------------------------- render_font_digits

@pytest.mark.parametrize("size", [8, 28])
def test_font_digits_shapes_range_and_balance(size):
    X, y = helpers.render_font_digits(205, size=size, seed=3)
    assert X.shape == (205, size, size) and X.dtype == np.float32 and y.dtype == np.int64
    assert X.min() >= 0 and X.max() <= 1
    counts = np.bincount(y, minlength=10)
    assert counts.min() == 20 and counts.max() == 21
    # white digit on black: the border is darker than the centre, every image has ink
    assert X[:, 0, :].mean() < X[:, size // 2, :].mean()
    assert (X.reshape(len(X), -1).max(axis=1) > 0.5).all()


def test_font_digits_8x8_look_like_sklearn_digits():
    from sklearn.datasets import load_digits

    X, _ = helpers.render_font_digits(500, size=8, seed=0)
    real = load_digits().images / 16
    assert abs(X.mean() - real.mean()) < 0.08  # similar ink coverage: the digit fills the frame


def test_font_digits_deterministic_and_seed_dependent():
    a, ya = helpers.render_font_digits(50, size=16, seed=7)
    b, yb = helpers.render_font_digits(50, size=16, seed=7)
    c, _ = helpers.render_font_digits(50, size=16, seed=8)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(ya, yb)
    assert not np.array_equal(a, c)
    state = np.random.get_state()
    np.random.seed(0)  # global state must not matter
    np.testing.assert_array_equal(a, helpers.render_font_digits(50, size=16, seed=7)[0])
    np.random.set_state(state)


def test_font_digits_without_augmentation_are_clean_and_every_font_renders():
    for font in helpers.DIGIT_FONTS:
        X, y = helpers.render_font_digits(10, size=28, seed=0, fonts=(font,), augment=False)
        assert sorted(y) == list(range(10))
        assert (X.reshape(10, -1).max(axis=1) > 0.9).all(), font
        assert X[:, :3, :].max() == 0 and X[:, :, :3].max() == 0  # no noise, centred


@pytest.mark.parametrize("render", [helpers.render_font_digits, helpers.render_stroke_digits])
def test_digit_renderers_reject_bad_common_arguments(render):
    with pytest.raises(ValueError, match="n must be"):
        render(0)
    with pytest.raises(TypeError, match="n must be an int"):
        render(10.0)
    with pytest.raises(ValueError, match="size must be"):
        render(10, size=4)
    with pytest.raises(TypeError, match="seed must be an int"):
        render(10, seed="1")


def test_font_digits_reject_bad_arguments():
    with pytest.raises(ValueError, match="fonts"):
        helpers.render_font_digits(10, fonts=("Arial.ttf",))
    with pytest.raises(ValueError, match="noise"):
        helpers.render_font_digits(10, noise=-0.1)


# ---------------------------------------------------------------- render_stroke_digits

def test_stroke_digits_shapes_levels_and_balance():
    X, y = helpers.render_stroke_digits(205, seed=3)
    assert X.shape == (205, 8, 8) and X.dtype == np.float32
    assert y.shape == (205,) and y.dtype == np.int64
    assert set(np.unique(np.round(X * 16, 6))) <= set(range(17))  # counts of 16 pixels, like optdigits
    counts = np.bincount(y, minlength=10)
    assert counts.min() >= 20 and counts.max() <= 21


def test_stroke_digits_are_digitised_like_sklearn_digits():
    """Ink fills all 8 rows (height-normalised), similar ink share, and the classes are learnable."""
    from sklearn.linear_model import LogisticRegression

    X, y = helpers.render_stroke_digits(1000, seed=0)
    rows_with_ink = (X > 0).any(axis=2).sum(axis=1)
    assert np.mean(rows_with_ink == 8) > 0.95
    real = helpers.load_digits_split()
    assert abs(X.mean() - real.X_train.mean()) < 0.08
    flat = X.reshape(len(X), -1)
    clf = LogisticRegression(max_iter=500).fit(flat[:800], y[:800])
    assert clf.score(flat[800:], y[800:]) > 0.8


def test_stroke_digits_deterministic_seed_dependent_and_sizes():
    a, ya = helpers.render_stroke_digits(40, seed=7)
    b, yb = helpers.render_stroke_digits(40, seed=7)
    c, _ = helpers.render_stroke_digits(40, seed=8)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(ya, yb)
    assert not np.array_equal(a, c)
    big, _ = helpers.render_stroke_digits(12, size=16, seed=1, jitter=0.0)
    assert big.shape == (12, 16, 16)


def test_stroke_digits_reject_bad_arguments():
    with pytest.raises(ValueError, match="jitter must be"):
        helpers.render_stroke_digits(10, jitter=0.5)


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
        helpers.make_detection_canvases(5, max_objects=0)
    with pytest.raises(ValueError, match="max_side"):
        helpers.make_detection_canvases(5, min_side=20, max_side=10)
    with pytest.raises(ValueError, match="max_iou"):
        helpers.make_detection_canvases(5, max_iou=1.5)
    with pytest.raises(TypeError, match="n must be an int"):
        helpers.make_detection_canvases(True)


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
        helpers.make_shape_masks(5, lighting=2.0)
    with pytest.raises(ValueError, match="max_shapes"):
        helpers.make_shape_masks(5, max_shapes=0)
    with pytest.raises(ValueError, match="size"):
        helpers.make_shape_masks(5, size=8)


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
        helpers.make_segmentation_scenes(5, rare=-0.1)
    with pytest.raises(ValueError, match="max_objects"):
        helpers.make_segmentation_scenes(5, max_objects=1)
    with pytest.raises(TypeError, match="seed"):
        helpers.make_segmentation_scenes(5, seed=1.5)


# ---------------------------------------------------------------- speed

@pytest.mark.parametrize("make, kwargs", [
    (helpers.render_font_digits, {"size": 28}),
    (helpers.render_font_digits, {"size": 8}),
    (helpers.render_stroke_digits, {}),
    (helpers.make_detection_canvases, {}),
    (helpers.make_shape_masks, {}),
    (helpers.make_segmentation_scenes, {}),
])
def test_generators_are_fast(make, kwargs):
    make(10, **kwargs)  # warm the caches (glyphs, imports)
    start = time.perf_counter()
    make(2000, seed=1, **kwargs)
    assert time.perf_counter() - start < 5.0


def test_module_exports():
    assert set(synth.__all__) <= set(helpers.__all__)


# ---------------------------------------------------------------- sequence tasks

def _global_state_does_not_matter(make):
    """make() twice, with the global NumPy state changed in between: same result."""
    state = np.random.get_state()
    try:
        np.random.seed(0)
        a = make()
        np.random.seed(1)
        np.random.random(7)
        b = make()
    finally:
        np.random.set_state(state)
    return a, b


def test_adding_problem_shapes_dtypes_and_two_markers():
    X, y, first, second = helpers.adding_problem(500, 50, seed=3)
    assert X.shape == (500, 50, 2) and X.dtype == np.float32
    assert y.shape == (500, 1) and y.dtype == np.float32
    assert first.shape == second.shape == (500,) and first.dtype == np.int64
    values, marks = X[..., 0], X[..., 1]
    assert values.min() >= 0 and values.max() < 1
    assert set(np.unique(marks)) == {0.0, 1.0}
    np.testing.assert_array_equal(marks.sum(axis=1), 2)  # exactly two markers
    rows = np.arange(500)
    assert (marks[rows, first] == 1).all() and (marks[rows, second] == 1).all()
    assert (first < 25).all() and (second >= 25).all() and (second < 50).all()  # one per half
    assert 0 <= y.min() and y.max() < 2


def test_adding_problem_target_is_the_sum_of_the_marked_values():
    X, y, _, _ = helpers.adding_problem(300, 20, seed=0)
    np.testing.assert_allclose(y[:, 0], (X[..., 0] * X[..., 1]).sum(axis=1), rtol=1e-6)
    # the constant 1.0 has MSE ~ Var(v1 + v2) = 1/6
    X, y, _, _ = helpers.adding_problem(20_000, 10, seed=1)
    assert abs(np.mean((y - 1.0) ** 2) - 1 / 6) < 0.01


def test_adding_problem_deterministic_and_per_length():
    a, b = _global_state_does_not_matter(lambda: helpers.adding_problem(50, 20, seed=7))
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    assert not np.array_equal(a.X, helpers.adding_problem(50, 20, seed=8).X)
    # seeded with [seed, T]: the same first draws as a Generator seeded that way
    np.testing.assert_array_equal(a.X[..., 0], np.random.default_rng([7, 20]).random((50, 20)).astype("float32"))


def test_adding_problem_rejects_bad_arguments():
    with pytest.raises(ValueError, match="T must be"):
        helpers.adding_problem(5, 1)
    with pytest.raises(ValueError, match="n must be"):
        helpers.adding_problem(0, 10)
    with pytest.raises(TypeError, match="seed"):
        helpers.adding_problem(5, 10, seed=1.5)
    with pytest.raises(TypeError, match="T must be an int"):
        helpers.adding_problem(5, 10.0)


def test_reversal_task_shapes_padding_and_target():
    train, val, test = helpers.reversal_task(2000, 500, 500, seed=1)
    for part in (train, val, test):
        X, Y, L = part
        assert X.shape == Y.shape == (len(L), 10) and X.dtype == Y.dtype == np.int32 and L.dtype == np.int64
        assert L.min() >= 4 and L.max() <= 10 and X.min() >= 0 and X.max() <= 10
        slots = np.arange(10)[None, :]
        assert (X[slots < L[:, None]] >= 1).all()  # digits in the first L slots
        assert (X[slots >= L[:, None]] == 0).all()  # PAD after them (right padding)
        np.testing.assert_array_equal(Y, X[:, ::-1])  # target = the sequence reversed
        for x, yy, n in zip(X[:20], Y[:20], L[:20]):  # reversed digits, right-aligned
            np.testing.assert_array_equal(yy[10 - n:], x[:n][::-1])
    assert len(train.X) == 2000 and set(np.unique(train.L)) == set(range(4, 11))
    assert 400 < len(val.X) <= 500 and 400 < len(test.X) <= 500


def test_reversal_task_held_out_parts_never_repeat_earlier_ones():
    train, val, test = helpers.reversal_task(5000, 2000, 2000, seed=2, min_length=2, length=4, vocab=4)
    seen = {tuple(r) for r in train.X}
    assert not {tuple(r) for r in val.X} & seen
    assert not {tuple(r) for r in test.X} & (seen | {tuple(r) for r in val.X})
    assert len(val.X) < 2000  # a tiny vocabulary forces repeats, which were dropped


def test_reversal_task_deterministic_and_rejects_bad_arguments():
    a, b = _global_state_does_not_matter(lambda: helpers.reversal_task(100, 50, 50, seed=5))
    for p, q in zip(a, b):
        for u, v in zip(p, q):
            np.testing.assert_array_equal(u, v)
    assert not np.array_equal(a[0].X, helpers.reversal_task(100, 50, 50, seed=6)[0].X)
    with pytest.raises(ValueError, match="min_length"):
        helpers.reversal_task(10, 5, 5, min_length=11)
    with pytest.raises(ValueError, match="n_val"):
        helpers.reversal_task(10, 0, 5)
    with pytest.raises(ValueError, match="vocab"):
        helpers.reversal_task(10, 5, 5, vocab=1)
    with pytest.raises(TypeError, match="seed"):
        helpers.reversal_task(10, 5, 5, seed="1")


def test_noisy_periodic_series_shapes_and_noise_floor():
    X, y, clean, period = helpers.noisy_periodic_series(2000, length=40, seed=0)
    assert X.shape == (2000, 40, 1) and X.dtype == np.float32 and y.shape == (2000,) and y.dtype == np.float32
    assert clean.shape == period.shape == (2000,) and clean.dtype == np.float64
    assert 8 <= period.min() and period.max() <= 30
    assert np.abs(clean).max() <= 1.5 * 1.3  # amplitude a <= 1.5, harmonic 0.3 a
    assert abs(np.std(y - clean) - 0.1) < 0.01  # the noise std sigma: the floor of any forecast
    X0, y0, clean0, _ = helpers.noisy_periodic_series(10, length=15, seed=0, sigma=0.0)
    np.testing.assert_allclose(y0, clean0, rtol=1e-6)
    assert X0.shape == (10, 15, 1)


def test_noisy_periodic_series_is_periodic():
    # without noise the signal repeats after one period: x(t + P) = x(t)
    X, y, _, period = helpers.noisy_periodic_series(200, length=80, seed=4, sigma=0.0)
    whole = np.concatenate([X[..., 0], y[:, None]], axis=1).astype(np.float64)  # steps 0..80
    rng = np.random.default_rng(4)
    p, phase, amp = (rng.uniform(lo, hi, (200, 1)) for lo, hi in ((8, 30), (0, 2 * np.pi), (0.5, 1.5)))
    t = np.arange(81)[None, :]
    expected = amp * np.sin(2 * np.pi * t / p + phase) + 0.3 * amp * np.sin(4 * np.pi * t / p + 2 * phase)
    np.testing.assert_allclose(whole, expected, atol=1e-6)
    np.testing.assert_array_equal(period, p[:, 0])


def test_noisy_periodic_splits_follow_one_generator_and_are_deterministic():
    train, val, test = helpers.noisy_periodic_splits(300, 60, 70, length=20, seed=9)
    assert len(train.X) == 300 and len(val.X) == 60 and len(test.X) == 70
    for u, v in zip(train, helpers.noisy_periodic_series(300, length=20, seed=9)):
        np.testing.assert_array_equal(u, v)  # the training part comes first
    assert not np.array_equal(val.X[:10], train.X[:10])
    a, b = _global_state_does_not_matter(lambda: helpers.noisy_periodic_splits(30, 10, 10, seed=1))
    for p, q in zip(a, b):
        for u, v in zip(p, q):
            np.testing.assert_array_equal(u, v)


def test_noisy_periodic_rejects_bad_arguments():
    with pytest.raises(ValueError, match="length"):
        helpers.noisy_periodic_series(5, length=0)
    with pytest.raises(ValueError, match="sigma"):
        helpers.noisy_periodic_series(5, sigma=-1)
    with pytest.raises(TypeError, match="n must be an int"):
        helpers.noisy_periodic_series(5.0)
    with pytest.raises(ValueError, match="n_test"):
        helpers.noisy_periodic_splits(5, 5, 0)
