"""Unit tests for helpers.training: fit_summary and the live progress line."""

import numpy as np
import pytest

import helpers


def test_fit_summary_names_the_best_epoch_by_the_monitored_metric():
    history = {"loss": [1.0, 0.6, 0.5, 0.45], "val_loss": [1.1, 0.7, 0.72, 0.8],
               "val_accuracy": [0.5, 0.8, 0.9, 0.85]}
    assert helpers.fit_summary(history) == "ran 4 epochs; best epoch 2 (val_loss 0.7)"
    assert helpers.fit_summary(history, "val_accuracy") == "ran 4 epochs; best epoch 3 (val_accuracy 0.9)"
    assert helpers.fit_summary(history, "val_accuracy", mode="min").startswith("ran 4 epochs; best epoch 1")

    class FakeHistory:
        history = {"val_loss": [0.3, 0.2]}

    assert helpers.fit_summary(FakeHistory()) == "ran 2 epochs; best epoch 2 (val_loss 0.2)"


def test_fit_summary_rejects_bad_input():
    with pytest.raises(ValueError, match="not in history"):
        helpers.fit_summary({"loss": [1.0]})
    with pytest.raises(ValueError, match="empty"):
        helpers.fit_summary({"val_loss": []})
    with pytest.raises(ValueError, match="mode"):
        helpers.fit_summary({"val_loss": [1.0]}, mode="best")
    with pytest.raises(TypeError):
        helpers.fit_summary([1.0, 2.0])


def _tiny_fit(callback, epochs=3):
    import keras

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    x = np.zeros((8, 2), "float32")
    return model.fit(x, x[:, :1], epochs=epochs, verbose=0, callbacks=[callback])


def test_progress_prints_one_line_per_fit_outside_jupyter(capsys):
    history = _tiny_fit(helpers.progress("tiny", keys=("loss",)))
    out = capsys.readouterr().out
    final = out.split("\r")[-1]
    assert final == f"tiny: 3 epochs · loss {history.history['loss'][-1]:.4g}\n"
    assert "tiny · epoch 2/3 · loss" in out and out.count("\n") == 1


def test_progress_updates_one_display_in_a_kernel(monkeypatch):
    """In Jupyter the line is one display, updated in place, ending as the summary (no time)."""
    import IPython
    import IPython.display

    shown = []

    class Handle:
        def update(self, obj, raw=False):
            shown.append(("update", obj["text/plain"]))

    class FakeShell:
        kernel = object()

    monkeypatch.setattr(IPython, "get_ipython", lambda: FakeShell())
    monkeypatch.setattr(IPython.display, "display",
                        lambda obj, raw=False, display_id=False: shown.append(("new", obj["text/plain"])) or Handle())
    _tiny_fit(helpers.progress("tiny", every=2), epochs=4)
    assert [kind for kind, _ in shown].count("new") == 1
    assert shown[0] == ("new", "tiny · starting")
    assert shown[-1][1].startswith("tiny: 4 epochs · loss ") and " s" not in shown[-1][1]
    assert len(shown) == 1 + 2 + 1  # start, epochs 2 and 4, the summary


def test_progress_rejects_bad_input():
    with pytest.raises(ValueError, match="every"):
        helpers.progress("x", every=0)
    with pytest.raises(TypeError, match="label"):
        helpers.progress(3)
