"""Leaves of Arrow batches: dotted names, text from every type that can hold an identifier."""

from __future__ import annotations

from decimal import Decimal

import pyarrow as pa
import pytest

from piiscan.columns.flatten import BINARY, DECIMAL, FLOAT, INTEGER, TEXT, leaves


def _leaves(batch: pa.RecordBatch) -> dict[str, tuple[str, list[object]]]:
    return {leaf.name: (leaf.kind, leaf.values.to_pylist()) for leaf in leaves(batch)}


@pytest.mark.parametrize(
    ("array", "kind", "values"),
    [
        (pa.array(["a", None]), TEXT, ["a", None]),
        (pa.array(["a", None], pa.large_string()), TEXT, ["a", None]),
        (pa.array(["x", "y", "x"]).dictionary_encode(), TEXT, ["x", "y", "x"]),
        (pa.array([13263001234565, None], pa.int64()), INTEGER, ["13263001234565", None]),
        (pa.array([Decimal("12.50")], pa.decimal128(10, 2)), DECIMAL, ["12.50"]),
        (pa.array([b"490154203237518", b"\xff\xfe", None], pa.binary()), BINARY, [None, None, None]),
        (pa.array([b"490154203237518", None], pa.binary()), BINARY, ["490154203237518", None]),
        (pa.array([39.9, None], pa.float32()), FLOAT, [pytest.approx(39.9), None]),
    ],
)
def test_leaf_kinds(array: pa.Array, kind: str, values: list[object]) -> None:
    found = _leaves(pa.RecordBatch.from_arrays([array], names=["c"]))
    assert found["c"][0] == kind
    if kind == BINARY and len(values) == 3:  # invalid UTF-8 becomes null, the valid value stays
        assert found["c"][1] == ["490154203237518", None, None]
    else:
        assert found["c"][1] == values


def test_an_all_null_column_is_a_text_leaf() -> None:
    found = _leaves(pa.RecordBatch.from_pydict({"imei": pa.nulls(3)}))
    assert found["imei"] == (TEXT, [None, None, None])


def test_timestamps_and_booleans_are_not_leaves() -> None:
    batch = pa.RecordBatch.from_arrays(
        [pa.array([1, 2], pa.timestamp("ms")), pa.array([True, False]), pa.array(["a", "b"])], names=["t", "b", "s"]
    )
    assert list(_leaves(batch)) == ["s"]


def test_nested_columns_get_dotted_names() -> None:
    device = pa.array([{"imei": "490154203237518", "info": {"os": "14"}}, None])
    tags = pa.array([[{"key": "mail", "value": "a@b.cn"}], [], None])
    attrs = pa.array([[("ip", "36.112.10.5")], None], type=pa.map_(pa.string(), pa.string()))
    ids = pa.array([["x", "y"], None])
    batch = pa.RecordBatch.from_pydict(
        {"device": device, "tags": tags.slice(0, 2), "attrs": attrs, "ids": ids}
    )
    found = _leaves(batch)
    assert found["device.imei"] == (TEXT, ["490154203237518", None])  # the parent's null applies
    assert found["device.info.os"][1] == ["14", None]
    assert found["tags[].value"][1] == ["a@b.cn"]
    assert found["attrs[].key"][1] == ["ip"]
    assert found["attrs[].value"][1] == ["36.112.10.5"]
    assert found["ids[]"][1] == ["x", "y"]


def test_sliced_maps_keep_only_their_rows() -> None:
    attrs = pa.array([[("a", "1")], [("b", "2")], [("c", "3")]], type=pa.map_(pa.string(), pa.string()))
    batch = pa.RecordBatch.from_arrays([attrs.slice(1, 1)], names=["m"])
    assert _leaves(batch)["m[].key"][1] == ["b"]
