"""The column engine: Arrow record batches in, column findings out (spec 1.5).

* :mod:`~piiscan.columns.flatten` turns a record batch into leaf columns (nested fields
  dotted: ``device.imei``, ``tags[].value``) with their values as text where that makes sense.
* :mod:`~piiscan.columns.profile` is the vectorised first stage and the validators: it folds
  batches into mergeable :class:`~piiscan.columns.stats.ColumnStats` (no I/O; runs the same in
  a Spark executor).
* :mod:`~piiscan.columns.decide` turns a table's statistics into column findings with a
  human reason.

:func:`classify_batches` is the one call that does all three.
"""

from __future__ import annotations

from piiscan.columns.classify import classify_batches

__all__ = ["classify_batches"]
