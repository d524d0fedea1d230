"""Unit tests for helpers.vision.sr: offline images, Y channel, degradation, patches, PSNR/SSIM, the phase filter."""

import socket

import numpy as np
import pytest
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

import helpers
from helpers.vision import sr as sr_module
from conftest import digest_of


@pytest.fixture(scope="module")
def data():
    return helpers.load_sr_images()


# ---------------------------------------------------------------- images and split

def test_split_is_by_whole_image_and_covers_every_image(data):
    names = [n for split in ("train", "val", "test") for n in helpers.SR_SPLIT[split]]
    assert len(names) == len(set(names)) == len(helpers.SR_IMAGES) == 20
    assert len(helpers.SR_SPLIT["test"]) >= 5  # enough images for a bootstrap over images
    for split in ("train", "val", "test"):
        assert tuple(im.name for im in getattr(data, split)) == helpers.SR_SPLIT[split]


def test_images_load_without_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    sr_module._load_raw.cache_clear()
    sr_module._degraded.cache_clear()
    d = helpers.load_sr_images()
    assert len(d.train) + len(d.val) + len(d.test) == 20


def test_degradation_shapes_levels_and_cache(data):
    for im in data.train + data.val + data.test:
        assert im.hr.dtype == im.lr.dtype == im.bicubic.dtype == np.float32
        assert im.hr.shape[0] % 2 == 0 and im.hr.shape[1] % 2 == 0
        assert im.lr.shape == (im.hr.shape[0] // 2, im.hr.shape[1] // 2)
        assert im.bicubic.shape == im.hr.shape
        assert 16 / 255 - 1e-6 <= im.hr.min() and im.hr.max() <= 235 / 255 + 1e-6
        levels = im.lr * 255
        np.testing.assert_allclose(levels, np.round(levels), atol=1e-4)  # 8-bit levels
        assert not im.hr.flags.writeable
    assert helpers.load_sr_images().test[0].hr is helpers.load_sr_images().test[0].hr  # cached
    x3 = helpers.load_sr_images(3)
    assert x3.scale == 3 and all(im.hr.shape[0] % 3 == 0 for im in x3.test)
    assert "test 6 images" in data.summary() and data.summary().startswith("x2 bicubic")


def test_known_bicubic_psnr_pins_the_degradation(data):
    psnr = [helpers.sr_psnr(im.hr, im.bicubic, 2) for im in data.test]
    assert np.mean(psnr) == pytest.approx(30.9055, abs=2e-3)  # pins Y, modcrop, PIL bicubic, rounding


def test_load_sr_images_rejects_bad_scale():
    with pytest.raises(ValueError, match="scale"):
        helpers.load_sr_images(1)
    with pytest.raises(TypeError, match="scale"):
        helpers.load_sr_images(2.0)


# ---------------------------------------------------------------- Y channel and resizing

def test_rgb_to_y_matches_bt601():
    rgb = np.array([[[0, 0, 0], [255, 255, 255], [255, 0, 0], [0, 255, 0], [0, 0, 255]]], np.uint8)
    y = helpers.rgb_to_y(rgb)[0] * 255
    np.testing.assert_allclose(y, [16, 235, 16 + 65.481, 16 + 128.553, 16 + 24.966], atol=1e-4)
    grey = np.array([[0, 128, 255]], np.uint8)
    np.testing.assert_allclose(helpers.rgb_to_y(grey)[0] * 255, 16 + 219 * grey[0].astype(float) / 255, atol=1e-4)
    np.testing.assert_allclose(helpers.rgb_to_y(np.dstack([grey] * 3)), helpers.rgb_to_y(grey), atol=1e-6)


def test_rgb_to_y_rejects_bad_input():
    with pytest.raises(TypeError, match="uint8"):
        helpers.rgb_to_y(np.zeros((4, 4), np.float32))
    with pytest.raises(ValueError, match="channels"):
        helpers.rgb_to_y(np.zeros((4, 4, 2), np.uint8))
    with pytest.raises(ValueError, match="2-D or 3-D"):
        helpers.rgb_to_y(np.zeros(4, np.uint8))


def test_bicubic_resize_keeps_constants_and_shapes():
    flat = np.full((20, 30), 0.4, np.float32)
    small = helpers.bicubic_resize(flat, (10, 15))
    assert small.shape == (10, 15) and small.dtype == np.float32
    np.testing.assert_allclose(small, 0.4, atol=1e-6)
    np.testing.assert_allclose(helpers.bicubic_resize(small, (20, 30)), 0.4, atol=1e-6)
    with pytest.raises(TypeError, match="shape"):
        helpers.bicubic_resize(flat, 10)
    with pytest.raises(ValueError, match="height"):
        helpers.bicubic_resize(flat, (0, 5))


# ---------------------------------------------------------------- patches

def test_patches_shapes_and_determinism(data):
    p = helpers.make_sr_patches(data.train, 20, seed=1401)
    assert p.lr.shape == (240, 24, 24, 1) and p.hr.shape == (240, 48, 48, 1) and p.bicubic.shape == p.hr.shape
    assert p.lr.dtype == p.hr.dtype == p.bicubic.dtype == np.float32
    again = helpers.make_sr_patches(data.train, 20, seed=1401)
    assert digest_of(*p) == digest_of(*again)
    assert digest_of(*p) != digest_of(*helpers.make_sr_patches(data.train, 20, seed=1402))
    rng = np.random.default_rng(5)
    a = helpers.make_sr_patches(data.train[:2], 5, seed=rng)
    b = helpers.make_sr_patches(data.train[:2], 5, seed=rng)  # one stream: the next draw differs
    assert digest_of(*a) != digest_of(*b)


def _block_mean(x):
    """2x2 block means: a downscaling that commutes with flips and 90-degree rotations, like bicubic's."""
    return x.reshape(*x.shape[:-2], x.shape[-2] // 2, 2, x.shape[-1] // 2, 2).mean(axis=(-3, -1))


def test_patches_are_aligned_crops():
    hr = np.random.default_rng(0).random((40, 60)).astype(np.float32)
    im = helpers.SRImage("synthetic", hr, _block_mean(hr), hr + 1)
    p = helpers.make_sr_patches([im], 30, seed=0, size=8, candidates=1, augment=False)
    np.testing.assert_allclose(_block_mean(p.hr[..., 0]), p.lr[..., 0], atol=1e-6)
    np.testing.assert_array_equal(p.bicubic, p.hr + 1)
    q = helpers.make_sr_patches([im], 30, seed=0, size=8, candidates=1, augment=True)  # same windows, transformed
    for i in range(30):
        matches = []
        for t in range(8):
            z = np.rot90(p.hr[i], t % 4, axes=(0, 1))
            z = z[:, ::-1] if t >= 4 else z
            matches.append(np.array_equal(z, q.hr[i]))
        assert any(matches)
        np.testing.assert_allclose(_block_mean(q.hr[i, :, :, 0]), q.lr[i, :, :, 0], atol=1e-6)  # LR: same transform
        np.testing.assert_array_equal(q.bicubic[i], q.hr[i] + 1)


def test_texture_sampling_keeps_where_bicubic_errs(data):
    uniform = helpers.make_sr_patches(data.train, 50, seed=3, candidates=1)
    texture = helpers.make_sr_patches(data.train, 50, seed=3, candidates=4)
    err = lambda p: float(np.mean((p.hr - p.bicubic) ** 2))  # noqa: E731
    assert err(texture) > 1.3 * err(uniform)


def test_patches_reject_bad_arguments(data):
    with pytest.raises(TypeError, match="SRImage"):
        helpers.make_sr_patches([np.zeros((8, 8))], 5, seed=0)
    with pytest.raises(ValueError, match="n_per_image"):
        helpers.make_sr_patches(data.train, 0, seed=0)
    with pytest.raises(ValueError, match="smaller than the patch size"):
        helpers.make_sr_patches(data.train, 2, seed=0, size=400)
    with pytest.raises(TypeError, match="seed"):
        helpers.make_sr_patches(data.train, 2, seed=1.5)


# ---------------------------------------------------------------- PSNR and SSIM

def test_psnr_and_ssim_match_scikit_image(data):
    im = data.test[0]
    a, b = im.hr[2:-2, 2:-2].astype(np.float64), im.bicubic[2:-2, 2:-2].astype(np.float64)
    assert helpers.sr_psnr(im.hr, im.bicubic, 2) == pytest.approx(peak_signal_noise_ratio(a, b, data_range=1), abs=1e-9)
    ref = structural_similarity(a, b, data_range=1, gaussian_weights=True, sigma=1.5, use_sample_covariance=False)
    assert helpers.sr_ssim(im.hr, im.bicubic, 2) == pytest.approx(ref, abs=1e-9)


def test_psnr_formula_and_edge_cases():
    ref = np.zeros((10, 10))
    est = np.full((10, 10), 0.1)
    assert helpers.sr_psnr(ref, est) == pytest.approx(20.0)
    assert helpers.sr_psnr(ref, ref) == float("inf")
    assert helpers.sr_ssim(np.random.default_rng(0).random((20, 20)), np.random.default_rng(0).random((20, 20))) == pytest.approx(1.0)
    est[0, :] = 1.0  # only the border differs more
    assert helpers.sr_psnr(ref, est, border=1) == pytest.approx(20.0)
    with pytest.raises(ValueError, match="same shape"):
        helpers.sr_psnr(ref, ref[:5])
    with pytest.raises(ValueError, match="leaves nothing"):
        helpers.sr_psnr(ref, ref, border=5)
    with pytest.raises(ValueError, match="11x11"):
        helpers.sr_ssim(ref, ref, border=2)


# ---------------------------------------------------------------- phase filter

def _loop_filter(lr, kernel, bias, s):
    """Reference: the PhaseFilter formula written as loops (mirrored borders)."""
    k = kernel.shape[0]
    r = k // 2
    pad = np.pad(lr, r, mode="symmetric")
    out = np.zeros((lr.shape[0] * s, lr.shape[1] * s))
    for i in range(lr.shape[0]):
        for j in range(lr.shape[1]):
            window = pad[i:i + k, j:j + k]
            for p in range(s):
                for q in range(s):
                    out[s * i + p, s * j + q] = np.sum(window * kernel[:, :, p * s + q]) + bias[p * s + q]
    return out


def test_apply_phase_filter_matches_its_formula():
    rng = np.random.default_rng(0)
    filt = helpers.PhaseFilter(rng.normal(size=(3, 3, 4)), rng.normal(size=4), 2)
    lr = rng.random((7, 9))
    np.testing.assert_allclose(helpers.apply_phase_filter(lr, filt), _loop_filter(lr, filt.kernel, filt.bias, 2), atol=1e-5)


def test_fit_phase_filter_recovers_a_known_filter():
    rng = np.random.default_rng(1)
    true = helpers.PhaseFilter(rng.normal(size=(5, 5, 4)), rng.normal(size=4), 2)
    lr = rng.random((30, 12, 12))
    hr = np.stack([helpers.apply_phase_filter(x, true) for x in lr]).astype(np.float64)
    fit = helpers.fit_phase_filter(lr, hr, 5, ridge=0.0)
    np.testing.assert_allclose(fit.kernel, true.kernel, atol=1e-4)
    np.testing.assert_allclose(fit.bias, true.bias, atol=1e-4)
    assert fit.scale == 2 and fit.kernel.shape == (5, 5, 4)
    strided = helpers.fit_phase_filter(lr[..., None], hr[..., None], 5, ridge=0.0, stride=2, chunk=7)
    np.testing.assert_allclose(strided.kernel, true.kernel, atol=1e-4)


def test_fitted_filter_beats_bicubic_on_held_out_images(data):
    p = helpers.make_sr_patches(data.train, 100, seed=1401)
    filt = helpers.fit_phase_filter(p.lr, p.hr, 7, stride=2)
    gains = [helpers.sr_psnr(im.hr, helpers.apply_phase_filter(im.lr, filt), 2) - helpers.sr_psnr(im.hr, im.bicubic, 2)
             for im in data.val]
    assert min(gains) > 0.3


def test_fit_phase_filter_rejects_bad_arguments():
    lr, hr = np.zeros((4, 8, 8)), np.zeros((4, 16, 16))
    with pytest.raises(ValueError, match="odd"):
        helpers.fit_phase_filter(lr, hr, 4)
    with pytest.raises(ValueError, match="larger than"):
        helpers.fit_phase_filter(lr, hr, 9)
    with pytest.raises(ValueError, match="multiple"):
        helpers.fit_phase_filter(lr, np.zeros((4, 16, 15)), 3)
    with pytest.raises(ValueError, match="matching"):
        helpers.fit_phase_filter(lr, hr[:3], 3)
    with pytest.raises(TypeError, match="PhaseFilter"):
        helpers.apply_phase_filter(lr[0], (np.zeros((3, 3, 4)), np.zeros(4), 2))


# ---------------------------------------------------------------- bootstrap

def test_bootstrap_gain():
    a, b = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0]), np.array([0.5, 1.8, 2.0, 3.9, 4.0, 5.5])
    g = helpers.bootstrap_gain(a, b, seed=0)
    assert g.mean == pytest.approx(np.mean(a - b)) and g.low <= g.mean <= g.high
    assert g.low > 0 and g.wins == 6 and g.n == 6
    assert helpers.bootstrap_gain(a, b, seed=0) == g  # deterministic
    mixed = helpers.bootstrap_gain(np.array([1.0, -1.0, 0.5, -0.5]), np.zeros(4), seed=0)
    assert mixed.low < 0 < mixed.high and mixed.wins == 2
    with pytest.raises(ValueError, match="paired"):
        helpers.bootstrap_gain(a, b[:3])
    with pytest.raises(ValueError, match="level"):
        helpers.bootstrap_gain(a, b, level=1.0)


# ---------------------------------------------------------------- Keras helpers

def _identity_on_bicubic():
    import keras

    x = keras.Input((None, None, 1))
    return keras.Model(x, keras.layers.Lambda(lambda t: t * 1.0)(x))


def test_sr_predict_runs_whole_images_of_any_size(data):
    import keras

    preds = helpers.sr_predict(_identity_on_bicubic(), data.val, inputs="bicubic")
    assert [p.shape for p in preds] == [im.hr.shape for im in data.val] and preds[0].dtype == np.float32
    np.testing.assert_allclose(preds[1], data.val[1].bicubic, atol=1e-6)
    lr_in, bic_in = keras.Input((None, None, 1)), keras.Input((None, None, 1))
    two = keras.Model([lr_in, bic_in], keras.layers.Add()([keras.layers.UpSampling2D(2)(lr_in), bic_in * 0.0]))
    np.testing.assert_allclose(helpers.sr_predict(two, data.val[:1], "lr+bicubic")[0],
                               np.kron(data.val[0].lr, np.ones((2, 2))), atol=1e-6)
    x = keras.Input((None, None, 1))
    same_size = keras.Model(x, x * 1.0)
    with pytest.raises(ValueError, match="expected the HR shape"):
        helpers.sr_predict(same_size, data.val[:1], "lr")
    with pytest.raises(ValueError, match="inputs"):
        helpers.sr_predict(same_size, data.val[:1], "rgb")
    with pytest.raises(TypeError, match="SRImage"):
        helpers.sr_predict(same_size, [data.val[0].hr], "lr")


def test_sr_val_checkpoint_records_and_restores_the_best_epoch(data):
    import keras

    keras.utils.set_random_seed(0)
    x = keras.Input((None, None, 1))
    model = keras.Model(x, keras.layers.Add()([x, keras.layers.Conv2D(1, 3, padding="same")(x)]))
    model.compile(keras.optimizers.SGD(0.5), "mse")  # a large step: the PSNR moves between epochs
    p = helpers.make_sr_patches(data.train[:2], 16, seed=0)
    cp = helpers.sr_val_checkpoint(data.val, inputs="bicubic")
    model.fit(p.bicubic, p.hr, epochs=3, batch_size=8, verbose=0, callbacks=[cp])
    assert len(cp.val_psnr) == len(cp.seconds) == 3
    assert all(b > a for a, b in zip(cp.seconds, cp.seconds[1:]))
    assert cp.best_epoch == int(np.argmax(cp.val_psnr)) + 1
    after = np.mean([helpers.sr_psnr(im.hr, pr, 2) for im, pr in zip(data.val, helpers.sr_predict(model, data.val, "bicubic"))])
    assert after == pytest.approx(max(cp.val_psnr), abs=1e-4)  # the best epoch's weights are back
    with pytest.raises(ValueError, match="inputs"):
        helpers.sr_val_checkpoint(data.val, inputs="hr")
