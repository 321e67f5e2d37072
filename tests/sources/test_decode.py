"""decode_bytes: BOMs, binary detection, UTF-8, GBK/GB18030 against Latin-1, never raising."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from piiscan.sources.decode import decode_bytes, looks_binary

CHINESE = (
    "张三的手机号码是13800138000，住在北京市朝阳区建国路88号。"
    "请于2024年3月5日前联系他，邮箱是zhangsan@example.com。"
    "“身份证号码”——请勿外传……"
)
FRENCH = "Le garçon a mangé une pêche à Noël, près de l'église. Ça coûte très cher."
GERMAN = "Grüße aus München! Die Straße heißt Königsallee, Herr Müller wohnt dort."
PNG_HEADER = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61")


def test_utf8() -> None:
    assert decode_bytes("héllo wörld, 你好".encode()) == ("héllo wörld, 你好", "utf-8")


def test_ascii_is_utf8() -> None:
    assert decode_bytes(b"imei=490154203237518\n") == ("imei=490154203237518\n", "utf-8")


def test_utf8_bom_is_stripped_from_the_text() -> None:
    text, encoding = decode_bytes(codecs.BOM_UTF8 + "名字: 李四".encode()) or ("", "")
    assert (text, encoding) == ("名字: 李四", "utf-8-sig")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    data = bom + CHINESE.encode(codec)
    assert b"\x00" in data  # would look binary without the BOM
    assert decode_bytes(data) == (CHINESE, "utf-16")


def test_utf16_odd_length_does_not_fail() -> None:
    result = decode_bytes(codecs.BOM_UTF16_LE + "abc".encode("utf-16-le") + b"\x41")
    assert result is not None
    assert result[0].startswith("abc")
    assert result[1] == "utf-16"


@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
def test_chinese_legacy_encodings(codec: str) -> None:
    assert decode_bytes(CHINESE.encode(codec)) == (CHINESE, "gb18030")


def test_gb2312_is_read_as_its_superset() -> None:
    text = CHINESE.replace("——", "，")
    assert decode_bytes(text.encode("gb2312")) == (text, "gb18030")


@pytest.mark.parametrize(
    "text",
    [
        "姓名：李四\n电话：13912345678\n",
        "地址:上海市浦东新区",
        "用户ID,昵称,城市\n1001,小明,广州\n1002,小红,深圳\n",
    ],
)
def test_short_gbk_texts(text: str) -> None:
    assert decode_bytes(text.encode("gbk")) == (text, "gb18030")


def test_gb18030_four_byte_characters() -> None:
    text = "𠀀𠀁 表情 😀 中文句子"
    assert decode_bytes(text.encode("gb18030")) == (text, "gb18030")


@pytest.mark.parametrize("text", [FRENCH, GERMAN, FRENCH + "\n" + GERMAN])
def test_latin1_is_not_mistaken_for_gb18030(text: str) -> None:
    assert decode_bytes(text.encode("latin-1")) == (text, "latin-1")


def test_latin1_that_is_valid_gb18030_is_still_latin1() -> None:
    # Every accented letter here is followed by an ASCII letter, so strict GB18030
    # decoding succeeds (as nonsense ideographs): plausibility must reject it.
    text = "Müller Straßenbahn Düsseldorf Köln Grüße Fräulein informação"
    data = text.encode("latin-1")
    data.decode("gb18030")  # the trap is real
    assert decode_bytes(data) == (text, "latin-1")


def test_cp1252_specific_characters() -> None:
    text = "Preis: 5 € – „Qualität“ … ‘ok’"
    assert decode_bytes(text.encode("cp1252")) == (text, "cp1252")


def test_mostly_utf8_with_a_stray_byte_stays_utf8() -> None:
    data = ("Ünïcödé text, 中文 " * 20).encode() + b"\xff trailing"
    result = decode_bytes(data)
    assert result is not None
    text, encoding = result
    assert encoding == "utf-8"
    assert text.count("\ufffd") == 1
    assert text.startswith("Ünïcödé text, 中文 ")


@pytest.mark.parametrize(
    "data",
    [
        PNG_HEADER,
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00",
        b"text with a NUL\x00 in it",
        bytes(range(1, 32)) * 20,
    ],
)
def test_binary(data: bytes) -> None:
    assert decode_bytes(data) is None
    assert looks_binary(data)


def test_text_with_a_few_control_characters_is_text() -> None:
    data = b"8=FIX.4.2\x019=12\x0135=A\x0149=SENDER\x0156=TARGET\x0134=1\x0152=20240101\x01\n" * 10
    assert not looks_binary(data)
    result = decode_bytes(data)
    assert result is not None and result[1] == "utf-8"


def test_ansi_escapes_are_text() -> None:
    assert decode_bytes(b"\x1b[31mred\x1b[0m\n") == ("\x1b[31mred\x1b[0m\n", "utf-8")


def test_nul_after_the_sniff_window_is_not_binary_detection() -> None:
    data = b"a" * 10_000 + b"\x00"
    assert decode_bytes(data) == ("a" * 10_000 + "\x00", "utf-8")


def test_empty() -> None:
    assert decode_bytes(b"") == ("", "utf-8")
    assert not looks_binary(b"")


@settings(max_examples=500)
@given(st.binary(max_size=2048))
def test_never_raises(data: bytes) -> None:
    result = decode_bytes(data)
    if result is not None:
        text, encoding = result
        assert isinstance(text, str)
        assert encoding in {"utf-8", "utf-8-sig", "utf-16", "utf-32", "gb18030", "cp1252", "latin-1"}


@given(st.text(alphabet=st.characters(min_codepoint=0x20, blacklist_categories=("Cs", "Cc"))))
def test_utf8_text_round_trips(text: str) -> None:
    assert decode_bytes(text.encode()) == (text, "utf-8")


def test_traditional_characters_in_gbk() -> None:
    text = "這是繁體中文的測試句子，請確認電話號碼與聯絡地址。"
    assert decode_bytes(text.encode("gbk")) == (text, "gb18030")


# The 3755 level-1 (common) hanzi of GB2312: rows 0xB0-0xD7.
COMMON_HANZI = "".join(
    bytes([lead, trail]).decode("gb2312")
    for lead in range(0xB0, 0xD8)
    for trail in range(0xA1, 0xFF)
    if not (lead == 0xD7 and trail > 0xF9)
)


@given(st.text(alphabet=st.sampled_from(COMMON_HANZI + "，。、；：？！“”（）"), min_size=2))
def test_runs_of_common_hanzi_are_chinese(text: str) -> None:
    data = text.encode("gbk")
    assume(not _is_utf8(data))  # short GBK runs can be valid UTF-8 by accident; UTF-8 wins
    result = decode_bytes(data)
    assert result is not None
    assert result[0] == text


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
