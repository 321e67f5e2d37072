"""Archives through read_documents: display paths, nesting, bombs, corruption."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import tarfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from piiscan.model import ScanError
from piiscan.sources.archives import ArchiveLimits, Member, archive_kind, expand_archive
from piiscan.sources.files import Document, FileRef, Skipped, WalkOptions, read_documents

MiB = 1024 * 1024


def _read(path: Path, options: WalkOptions | None = None) -> list[Document | Skipped | ScanError]:
    return list(read_documents(FileRef(path.name, str(path)), options or WalkOptions()))


def _zip_bytes(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _tar_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _docs(items: list[Document | Skipped | ScanError]) -> dict[str, str]:
    return {item.path: item.text for item in items if isinstance(item, Document)}


def _errors(items: list[Document | Skipped | ScanError]) -> list[ScanError]:
    return [item for item in items if isinstance(item, ScanError)]


def test_gzip_member_display_path(tmp_path: Path) -> None:
    path = tmp_path / "file.log.gz"
    text = "user=张三 phone=13800138000\n"
    path.write_bytes(gzip.compress(text.encode()))
    items = _read(path)
    assert items == [Document("file.log.gz!file.log", text, "utf-8", len(text.encode()))]


def test_gzip_recognised_by_magic_without_suffix(tmp_path: Path) -> None:
    path = tmp_path / "blob"
    path.write_bytes(gzip.compress(b"hello"))
    assert _docs(_read(path)) == {"blob!blob": "hello"}


def test_multi_member_gzip(tmp_path: Path) -> None:
    path = tmp_path / "rotated.log.gz"
    path.write_bytes(gzip.compress(b"first\n") + gzip.compress(b"second\n"))
    assert _docs(_read(path)) == {"rotated.log.gz!rotated.log": "first\nsecond\n"}


@pytest.mark.parametrize(
    ("name", "compress"),
    [("notes.txt.bz2", bz2.compress), ("notes.txt.xz", lzma.compress)],
)
def test_bzip2_and_xz(tmp_path: Path, name: str, compress: object) -> None:
    path = tmp_path / name
    path.write_bytes(compress(b"mail me: a@example.com"))  # type: ignore[operator]
    assert _docs(_read(path)) == {f"{name}!notes.txt": "mail me: a@example.com"}


def test_zip_members_with_display_paths(tmp_path: Path) -> None:
    path = tmp_path / "archive.zip"
    data = _zip_bytes(
        {
            "dir/": b"",
            "dir/member.txt": b"imei 490154203237518",
            "gbk.txt": "姓名：李四，电话：13912345678。".encode("gbk"),
            "empty.txt": b"",
            "image.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        }
    )
    path.write_bytes(data)
    items = _read(path)
    assert _docs(items) == {
        "archive.zip!dir/member.txt": "imei 490154203237518",
        "archive.zip!gbk.txt": "姓名：李四，电话：13912345678。",
    }
    skipped = {(item.path, item.reason) for item in items if isinstance(item, Skipped)}
    assert skipped == {("archive.zip!empty.txt", "empty"), ("archive.zip!image.png", "binary")}
    assert not _errors(items)
    gbk = next(item for item in items if isinstance(item, Document) and item.path.endswith("gbk.txt"))
    assert gbk.encoding == "gb18030"


def test_zip_recognised_by_magic(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(_zip_bytes({"word/document.xml": b"<w:t>bob@example.com</w:t>"}))
    assert _docs(_read(path)) == {"report.docx!word/document.xml": "<w:t>bob@example.com</w:t>"}


def test_one_level_of_nesting_is_expanded_deeper_is_skipped(tmp_path: Path) -> None:
    innermost = _zip_bytes({"deep.txt": b"too deep"})
    inner = _zip_bytes({"a.txt": b"inner text", "innermost.zip": innermost})
    path = tmp_path / "outer.zip"
    path.write_bytes(_zip_bytes({"inner.zip": inner, "logs/x.log.gz": gzip.compress(b"gz in zip")}))
    items = _read(path)
    assert _docs(items) == {
        "outer.zip!inner.zip!a.txt": "inner text",
        "outer.zip!logs/x.log.gz!x.log": "gz in zip",
    }
    assert Skipped("outer.zip!inner.zip!innermost.zip", "nested_archive") in items


def test_tar_gz_members(tmp_path: Path) -> None:
    path = tmp_path / "src.tar.gz"
    path.write_bytes(gzip.compress(_tar_bytes({"src/a.txt": b"alpha", "src/b.txt": b"beta"})))
    assert _docs(_read(path)) == {
        "src.tar.gz!src.tar!src/a.txt": "alpha",
        "src.tar.gz!src.tar!src/b.txt": "beta",
    }


def test_tgz_and_plain_tar(tmp_path: Path) -> None:
    tgz = tmp_path / "bundle.tgz"
    tgz.write_bytes(gzip.compress(_tar_bytes({"a.txt": b"alpha"})))
    tar = tmp_path / "bundle.tar"
    tar.write_bytes(_tar_bytes({"b.txt": b"beta"}))
    assert _docs(_read(tgz)) == {"bundle.tgz!bundle.tar!a.txt": "alpha"}
    assert _docs(_read(tar)) == {"bundle.tar!b.txt": "beta"}


def test_zip_bomb_member_over_budget_other_members_still_scanned(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    path.write_bytes(_zip_bytes({"a.txt": b"before", "bomb.txt": b"\0" * (8 * MiB), "z.txt": b"after"}))
    items = _read(path, WalkOptions(max_archive_bytes=2 * MiB))
    assert _docs(items) == {"bomb.zip!a.txt": "before", "bomb.zip!z.txt": "after"}
    (error,) = _errors(items)
    assert error.kind == "archive_limit"
    assert error.path == "bomb.zip!bomb.txt"
    assert "decompressed size exceeds" in error.message
    assert "bomb.zip!bomb.txt" in error.message


def test_zip_bomb_caught_by_compression_ratio(tmp_path: Path) -> None:
    path = tmp_path / "ratio.zip"
    path.write_bytes(_zip_bytes({"zeros.txt": b"0" * (5 * MiB), "ok.txt": b"fine"}))
    items = _read(path)
    assert _docs(items) == {"ratio.zip!ok.txt": "fine"}
    (error,) = _errors(items)
    assert error.kind == "archive_limit"
    assert "compression ratio" in error.message


def test_zip_member_over_per_file_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.zip"
    path.write_bytes(_zip_bytes({"big.txt": b"x" * 50_000, "small.txt": b"y"}))
    assert path.stat().st_size < 1000
    items = _read(path, WalkOptions(max_file_size=100_000))
    assert len(_docs(items)) == 2
    items = _read(path, WalkOptions(max_file_size=10_000))
    assert _docs(items) == {"big.zip!small.txt": "y"}
    (error,) = _errors(items)
    assert error.kind == "archive_limit" and "per-file limit" in error.message


def test_gzip_bomb_stops_at_the_budget(tmp_path: Path) -> None:
    path = tmp_path / "bomb.log.gz"
    path.write_bytes(gzip.compress(b"a" * (20 * MiB), compresslevel=9))
    items = _read(path, WalkOptions(max_archive_bytes=3 * MiB, max_compression_ratio=1e9))
    (error,) = items
    assert isinstance(error, ScanError)
    assert error.kind == "archive_limit"
    assert "decompressed size exceeds" in error.message
    assert error.path == "bomb.log.gz!bomb.log"


def test_gzip_bomb_stops_on_ratio(tmp_path: Path) -> None:
    path = tmp_path / "bomb.gz"
    path.write_bytes(gzip.compress(b"\0" * (10 * MiB)))
    (error,) = _read(path)
    assert isinstance(error, ScanError)
    assert error.kind == "archive_limit"
    assert "compression ratio" in error.message


def test_decompression_never_exceeds_budget_by_more_than_a_chunk() -> None:
    data = gzip.compress(b"z" * (30 * MiB))
    produced = 0
    limits = ArchiveLimits(max_bytes=MiB, max_member_bytes=100 * MiB, max_ratio=1e9)
    for item in expand_archive("x.gz", data, "gzip", limits):
        assert not isinstance(item, Member)
        produced += 1
    assert produced == 1


def test_too_many_members(tmp_path: Path) -> None:
    path = tmp_path / "many.zip"
    path.write_bytes(_zip_bytes({f"f{i:02}.txt": b"text" for i in range(10)}))
    items = _read(path, WalkOptions(max_archive_members=4))
    assert len(_docs(items)) == 4
    (error,) = _errors(items)
    assert error.kind == "archive_limit" and "more than 4" in error.message


def test_corrupt_zip(tmp_path: Path) -> None:
    path = tmp_path / "broken.zip"
    path.write_bytes(b"PK\x03\x04 this is not really a zip archive at all")
    (error,) = _read(path)
    assert isinstance(error, ScanError)
    assert error.kind == "corrupt_archive"
    assert error.path == "broken.zip"
    assert "broken.zip" in error.message


def test_zip_with_a_damaged_member_keeps_the_others(tmp_path: Path) -> None:
    data = bytearray(_zip_bytes({"a.txt": b"A" * 200, "b.txt": b"second member"}, zipfile.ZIP_STORED))
    first = data.index(b"A" * 200)
    data[first : first + 10] = b"B" * 10  # CRC no longer matches
    path = tmp_path / "crc.zip"
    path.write_bytes(bytes(data))
    items = _read(path)
    assert _docs(items) == {"crc.zip!b.txt": "second member"}
    (error,) = _errors(items)
    assert error.kind == "corrupt_archive" and error.path == "crc.zip!a.txt"


def test_truncated_gzip(tmp_path: Path) -> None:
    path = tmp_path / "cut.log.gz"
    data = gzip.compress(b"some log line\n" * 1000)
    path.write_bytes(data[: len(data) // 2])
    (error,) = _read(path)
    assert isinstance(error, ScanError)
    assert error.kind == "corrupt_archive"
    assert error.path == "cut.log.gz!cut.log"


def test_gz_suffix_without_gzip_data(tmp_path: Path) -> None:
    path = tmp_path / "fake.gz"
    path.write_bytes(b"plain text pretending")
    (error,) = _read(path)
    assert isinstance(error, ScanError) and error.kind == "corrupt_archive"


def test_truncated_tar_gz(tmp_path: Path) -> None:
    path = tmp_path / "cut.tar.gz"
    data = gzip.compress(_tar_bytes({"a.txt": b"a" * 5000, "b.txt": b"b" * 5000}))
    path.write_bytes(data[: len(data) - 20])
    items = _read(path)
    assert any(isinstance(item, ScanError) and item.kind == "corrupt_archive" for item in items)


def test_encrypted_member_is_skipped(tmp_path: Path) -> None:
    data = bytearray(_zip_bytes({"secret.txt": b"pretend this is encrypted", "plain.txt": b"visible"}))
    # Set the "encrypted" flag of the first member in its local and central headers.
    data[6] |= 0x1
    central = data.index(b"PK\x01\x02")
    data[central + 8] |= 0x1
    path = tmp_path / "enc.zip"
    path.write_bytes(bytes(data))
    items = _read(path)
    assert Skipped("enc.zip!secret.txt", "encrypted") in items
    assert _docs(items) == {"enc.zip!plain.txt": "visible"}


@pytest.mark.parametrize(
    ("name", "head", "kind"),
    [
        ("a.gz", b"", "gzip"),
        ("x", b"\x1f\x8b\x08", "gzip"),
        ("x", b"PK\x03\x04", "zip"),
        ("x.ZIP", b"", "zip"),
        ("x", b"\xfd7zXZ\x00", "xz"),
        ("x", b"BZh91AY&SY", "bzip2"),
        ("BZh.txt", b"BZh9 is a fine way to start a text file", None),
        ("notes.txt", b"hello", None),
    ],
)
def test_archive_kind(name: str, head: bytes, kind: str | None) -> None:
    assert archive_kind(name, head) == kind


_SAMPLE_ZIP = _zip_bytes(
    {"a.txt": b"alpha " * 50, "d/b.txt": b"beta", "n.zip": _zip_bytes({"c.txt": b"gamma"})}
)
_SAMPLE_TGZ = gzip.compress(_tar_bytes({"a.txt": b"alpha " * 50, "b.txt": b"beta"}))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    base=st.sampled_from([_SAMPLE_ZIP, _SAMPLE_TGZ]),
    flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), max_size=8),
    cut=st.integers(min_value=0),
)
def test_damaged_archives_never_raise(base: bytes, flips: list[tuple[int, int]], cut: int) -> None:
    data = bytearray(base)
    for position, value in flips:
        data[position % len(data)] = value
    data = data[: max(1, len(data) - cut % 64)]
    kind = "zip" if base is _SAMPLE_ZIP else "gzip"
    name = "x.zip" if kind == "zip" else "x.tar.gz"
    for item in expand_archive(name, bytes(data), kind, ArchiveLimits(max_bytes=MiB)):
        assert isinstance(item, (Member, ScanError)) or item.reason in {"nested_archive", "encrypted"}


@settings(max_examples=200)
@given(data=st.binary(max_size=1024), kind=st.sampled_from(["zip", "gzip", "bzip2", "xz", "tar"]))
def test_random_bytes_as_archives_never_raise(data: bytes, kind: str) -> None:
    list(expand_archive("x", data, kind, ArchiveLimits()))
