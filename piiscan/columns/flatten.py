"""Record batches -> leaf columns, each with its values as text where they can hold identifiers.

Nested columns are walked down to their leaves with dotted names (``device.imei``,
``tags[].value``; a map's entries as ``attrs[].key`` / ``attrs[].value``). Text comes from
strings (large and dictionary-encoded too), integers, decimals and binary values that decode
as UTF-8. Floats are kept as numbers (only latitude/longitude columns use them); timestamps,
dates, booleans and the like cannot hold an identifier and are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

TEXT, INTEGER, DECIMAL, BINARY, FLOAT = "text", "integer", "decimal", "binary", "float"


@dataclass(frozen=True, slots=True)
class Leaf:
    """One leaf column of a batch: its dotted name, kind, Arrow type and values.

    ``values`` converts on first use (integers and decimals to text, binary decoded), so a
    column the profiler no longer needs to look at costs nothing but its null count.
    """

    name: str
    kind: str
    arrow_type: str
    raw: pa.Array
    convert: Callable[[pa.Array], pa.Array] | None = None

    @property
    def values(self) -> pa.Array:
        """StringArray for text kinds, DoubleArray for FLOAT."""
        return self.raw if self.convert is None else self.convert(self.raw)


def leaves(batch: pa.RecordBatch) -> Iterator[Leaf]:
    """Every scannable leaf of ``batch``, in schema order."""
    for name, column in zip(batch.schema.names, batch.columns, strict=True):
        yield from _walk(name, column)


def _walk(name: str, array: pa.Array) -> Iterator[Leaf]:
    kind = array.type
    if pa.types.is_dictionary(kind):
        yield from _walk(name, array.dictionary_decode())
    elif pa.types.is_struct(kind):
        for index in range(kind.num_fields):
            child = kind.field(index).name
            values = array.field(index) if array.null_count == 0 else array.flatten()[index]
            yield from _walk(f"{name}.{child}", values)
    elif pa.types.is_map(kind):  # as a list of {key, value} (MapArray.keys ignores slicing)
        entries = pa.list_(pa.struct([("key", kind.key_type), ("value", kind.item_type)]))
        yield from _walk(f"{name}[]", pc.list_flatten(array.cast(entries)))
    elif pa.types.is_list(kind) or pa.types.is_large_list(kind) or pa.types.is_fixed_size_list(kind):
        yield from _walk(f"{name}[]", pc.list_flatten(array))
    else:
        leaf = _leaf(name, array)
        if leaf is not None:
            yield leaf


def _leaf(name: str, array: pa.Array) -> Leaf | None:
    kind = array.type
    type_name = str(kind)
    if pa.types.is_string(kind):
        return Leaf(name, TEXT, type_name, array)
    if pa.types.is_null(kind):  # a column with no value at all: its name may still speak
        return Leaf(name, TEXT, type_name, pa.nulls(len(array), pa.string()))
    if pa.types.is_large_string(kind) or pa.types.is_string_view(kind):
        return Leaf(name, TEXT, type_name, array, _to_string)
    if pa.types.is_integer(kind):
        return Leaf(name, INTEGER, type_name, array, _to_string)
    if pa.types.is_decimal(kind):
        return Leaf(name, DECIMAL, type_name, array, _to_string)
    if pa.types.is_binary(kind) or pa.types.is_large_binary(kind) or pa.types.is_fixed_size_binary(kind):
        return Leaf(name, BINARY, type_name, array, _decode)
    if pa.types.is_floating(kind):
        return Leaf(name, FLOAT, type_name, array, _to_float)
    return None


def _to_string(array: pa.Array) -> pa.Array:
    return pc.cast(array, pa.string())


def _to_float(array: pa.Array) -> pa.Array:
    return pc.cast(array, pa.float64())


def _decode(array: pa.Array) -> pa.Array:
    """Binary values as UTF-8 text; values that are not valid UTF-8 become nulls."""
    binary = array if pa.types.is_binary(array.type) else array.cast(pa.binary())
    try:
        return binary.cast(pa.string())  # validates every value in C++
    except pa.ArrowInvalid:
        pass
    decoded: list[str | None] = []
    for item in binary.to_pylist():
        try:
            decoded.append(None if item is None else item.decode("utf-8"))
        except UnicodeDecodeError:
            decoded.append(None)
    return pa.array(decoded, pa.string())
