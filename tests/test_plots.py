"""Unit tests for helpers.plots: training curves, image grids, confusion matrices."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import helpers


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_plot_history_draws_train_and_validation():
    fig = helpers.plot_history({"loss": [1, 0.5], "val_loss": [1.2, 0.7], "accuracy": [0.5, 0.8]},
                               metrics=("loss", "accuracy"), title="t")
    loss_ax, acc_ax = fig.axes
    assert len(loss_ax.lines) == 2 and len(acc_ax.lines) == 1
    assert loss_ax.get_xlabel() == "epoch" and fig._suptitle.get_text() == "t"

def test_plot_history_accepts_keras_history_and_rejects_bad_input():
    class FakeHistory:
        history = {"loss": [3, 2, 1]}

    assert len(helpers.plot_history(FakeHistory(), "loss").axes) == 1
    with pytest.raises(ValueError, match="not in history"):
        helpers.plot_history({"loss": [1]}, metrics=("acc",))
    with pytest.raises(TypeError):
        helpers.plot_history([1, 2, 3])

def test_show_images_grid_and_captions():
    fig = helpers.show_images(np.zeros((12, 8, 8, 1)), labels=list(range(12)), ncols=5, title="x")
    assert len(fig.axes) == 15
    assert fig.axes[11].get_title() == "11" and not fig.axes[12].images

def test_show_images_rejects_bad_input():
    with pytest.raises(ValueError, match="shape"):
        helpers.show_images(np.zeros((8, 8)))
    with pytest.raises(ValueError, match="labels"):
        helpers.show_images(np.zeros((3, 8, 8)), labels=[1])
    with pytest.raises(ValueError, match="ncols"):
        helpers.show_images(np.zeros((3, 8, 8)), ncols=0)

def test_confusion_matrix_counts_and_normalized():
    cm = np.array([[5, 1], [2, 8]])
    fig = helpers.plot_confusion_matrix(cm, ["neg", "pos"])
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["5", "1", "2", "8"]
    fig = helpers.plot_confusion_matrix(cm, normalize=True)
    assert [t.get_text() for t in fig.axes[0].texts] == ["0.83", "0.17", "0.20", "0.80"]

def test_confusion_matrix_rejects_bad_input():
    with pytest.raises(ValueError, match="square"):
        helpers.plot_confusion_matrix(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="class names"):
        helpers.plot_confusion_matrix(np.eye(3), ["a", "b"])
    with pytest.raises(ValueError, match="non-negative"):
        helpers.plot_confusion_matrix(-np.eye(2))

def test_show_images_shared_colour_range():
    import matplotlib.pyplot as plt

    fig = helpers.show_images(np.linspace(-1, 1, 32).reshape(2, 4, 4), cmap="RdBu_r", vmin=-2, vmax=2)
    for ax in fig.axes[:2]:
        assert ax.images[0].get_clim() == (-2, 2)
    plt.close(fig)


def test_plot_history_compares_runs_with_one_colour_each():
    runs = {"Adam": {"loss": [1.0, 0.5], "val_loss": [1.1, 0.6]}, "SGD": {"loss": [1.0, 0.9]}}
    fig = helpers.plot_history(runs, "loss", title="runs")
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.lines] == ["Adam train", "Adam validation", "SGD train"]
    assert ax.lines[0].get_color() == ax.lines[1].get_color() != ax.lines[2].get_color()
    # the same run keeps its colour in the next figure, whatever else is plotted with it
    again = helpers.plot_history({"SGD": runs["SGD"]}, "loss").axes[0]
    assert again.lines[0].get_color() == ax.lines[2].get_color() == helpers.run_colour("SGD")
    with pytest.raises(ValueError, match="run 'SGD'"):
        helpers.plot_history(runs, "val_loss")
    assert helpers.plot_history(runs, "loss", logy=True).axes[0].get_yscale() == "log"
