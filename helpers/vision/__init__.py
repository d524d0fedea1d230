"""Vision data: real and synthetic digits, detection canvases, segmentation masks and scenes,
and drawing boxes and masks on images.

* :mod:`helpers.vision.digits` – ``load_digits_split``, ``make_font_digits``, ``make_stroke_digits``
* :mod:`helpers.vision.scenes` – ``make_detection_canvases``, ``make_shape_masks``,
  ``make_segmentation_scenes``
* :mod:`helpers.vision.draw` – ``draw_boxes``, ``overlay_mask``

Every public module's ``__all__`` is exported here (and from ``helpers``).
"""

from __future__ import annotations

from .._package import exported, public_modules

MODULES = public_modules(__name__, __path__)
globals().update(exported(MODULES))
__all__ = sorted(exported(MODULES))
