"""Unit tests for helpers.vision.draw: boxes and masks on images."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import helpers


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_draw_boxes_draws_one_rectangle_and_caption_per_box():
    image = np.zeros((32, 32))
    boxes = np.array([[2, 3, 10, 12], [15, 15, 30, 31]], np.float32)
    fig = helpers.draw_boxes(image, boxes, labels=[0, 2], scores=[0.9, 0.45],
                             class_names=helpers.SHAPE_CLASSES, title="boxes")
    ax = fig.axes[0]
    assert len(ax.patches) == 2 and ax.get_title() == "boxes"
    assert [t.get_text() for t in ax.texts] == ["circle 0.90", "triangle 0.45"]
    rect = ax.patches[0]
    assert rect.get_xy() == (1.5, 2.5) and rect.get_width() == 8 and rect.get_height() == 9
    assert ax.patches[1].get_edgecolor() != rect.get_edgecolor()  # colour follows the class
    # no labels: plain boxes; an existing axis is reused; no boxes is fine
    fig2, axes = plt.subplots(1, 2)
    assert helpers.draw_boxes(np.zeros((8, 8, 3)), boxes, ax=axes[1]) is fig2
    assert len(axes[1].patches) == 2 and not axes[1].texts
    assert len(helpers.draw_boxes(image, np.zeros((0, 4))).axes[0].patches) == 0

def test_draw_boxes_rejects_bad_input():
    image = np.zeros((16, 16))
    with pytest.raises(ValueError, match=r"\(k, 4\)"):
        helpers.draw_boxes(image, np.zeros((2, 3)))
    with pytest.raises(ValueError, match="x_max >= x_min"):
        helpers.draw_boxes(image, [[5, 5, 1, 8]])
    with pytest.raises(ValueError, match="labels"):
        helpers.draw_boxes(image, [[0, 0, 4, 4]], labels=[0, 1])
    with pytest.raises(ValueError, match="class_names"):
        helpers.draw_boxes(image, [[0, 0, 4, 4]], labels=[5], class_names=["a", "b"])
    with pytest.raises(ValueError, match="image"):
        helpers.draw_boxes(np.zeros((4, 4, 2)), [[0, 0, 4, 4]])

def test_overlay_mask_colours_classes_consistently():
    image = np.zeros((6, 6))
    mask = np.zeros((6, 6), np.uint8)
    mask[0, 0], mask[1, 1] = 1, 2
    fig = helpers.overlay_mask(image, mask, alpha=0.5, class_names=["bg", "a", "b"], title="m")
    ax = fig.axes[0]
    rgba = ax.images[1].get_array()
    assert rgba[2, 2, 3] == 0 and rgba[0, 0, 3] == 0.5  # background stays clear
    assert tuple(rgba[0, 0, :3]) != tuple(rgba[1, 1, :3])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]
    # the same class id gets the same colour in another plot; boolean masks work
    other = helpers.overlay_mask(np.ones((6, 6, 3)), mask == 1).axes[0].images[1].get_array()
    assert tuple(other[0, 0, :3]) == tuple(rgba[0, 0, :3])

def test_overlay_mask_grey_backdrop_is_a_light_grey_copy():
    image = np.zeros((6, 6, 3))
    image[:3] = (1.0, 0.5, 0.0)  # an orange top half
    mask = np.zeros((6, 6), np.uint8)
    fig = helpers.overlay_mask(image, mask, grey=True)
    backdrop = np.asarray(fig.axes[0].images[0].get_array())
    assert backdrop.shape == (6, 6)
    np.testing.assert_allclose(backdrop[3:], 0.35)
    np.testing.assert_allclose(backdrop[:3], 0.35 + 0.65 * 0.5)
    plt.close(fig)

def test_overlay_mask_rejects_bad_input():
    with pytest.raises(ValueError, match="shape"):
        helpers.overlay_mask(np.zeros((6, 6)), np.zeros((5, 6), np.uint8))
    with pytest.raises(TypeError, match="integer"):
        helpers.overlay_mask(np.zeros((6, 6)), np.zeros((6, 6), np.float32))
    with pytest.raises(ValueError, match="alpha"):
        helpers.overlay_mask(np.zeros((6, 6)), np.zeros((6, 6), np.uint8), alpha=2)
    with pytest.raises(ValueError, match=">= 0"):
        helpers.overlay_mask(np.zeros((6, 6)), -np.ones((6, 6), np.int64))
    with pytest.raises(ValueError, match="class_names"):
        helpers.overlay_mask(np.zeros((6, 6)), np.full((6, 6), 3), class_names=["bg", "a"])
