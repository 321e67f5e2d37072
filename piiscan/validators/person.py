"""Person names and postal addresses written under a key (spec 2.21: "key-only").

Neither has a checksum, so these validators only say whether a value *looks like* a name or an
address; they rate nothing above medium and the recognizers report a value only under a key
such as ``full_name``, ``姓名``, ``shipping_address`` or ``收货地址``. Names and addresses in
running prose are the NER tier's (``--ner``).
"""

from __future__ import annotations

import re

from piiscan.validators.base import INVALID, Outcome, Verdict, verdict

_HAN_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{2,8}[·•・][\u4e00-\u9fff]{2,10}")
_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_LATIN_TOKEN = re.compile(  # Maria, O’Brien, McDonald, Mary-Jane, J., ZHANG
    rf"[{_UPPER}](?:[{_LOWER}]+|['’][{_UPPER}])?(?:[{_UPPER}]?[{_LOWER}]+)*(?:-[{_UPPER}][{_LOWER}]+)*"
    rf"|[{_UPPER}]\.|[{_UPPER}]{{2,15}}"
)
#: lower-case runs after which a name continues with a capital (McDonald, MacLeod, DeShawn, LaToya)
_CAMEL_PREFIXES = frozenset({"mc", "mac", "fitz", "de", "di", "da", "la", "le", "van", "von", "st"})
_INNER_CAPITAL = re.compile(rf"(?<=[{_LOWER}])[{_UPPER}]")
_PARTICLES = frozenset({"de", "del", "della", "der", "den", "van", "von", "da", "das", "dos", "di", "du", "la", "le",
                        "bin", "binti", "al", "el", "ter", "ten", "y"})
#: values that fill a name field without naming anybody
_NAME_PLACEHOLDERS = frozenset({
    "john doe", "jane doe", "john smith", "test user", "test", "user", "admin", "administrator", "anonymous",
    "unknown", "none", "null", "nil", "n/a", "na", "tbd", "foo", "bar", "foo bar", "example", "sample", "name",
    "first last", "firstname lastname", "your name", "customer", "guest", "root", "system", "default",
    "测试", "未知", "匿名", "用户", "管理员", "客户", "先生", "女士", "小姐", "无", "某某", "张三", "李四", "王五",
})
_NAME_WORDS = frozenset({  # capitalised words that fill name-like keys in configs, code and logs
    "true", "false", "yes", "no", "on", "off", "main", "release", "debug", "production", "staging", "android", "ios",
    "chrome", "safari", "firefox", "windows", "linux", "default", "public", "private", "string", "integer",
    "http", "https", "get", "post", "put", "patch", "delete", "head", "options", "ok", "info", "warn", "warning",
    "error", "fatal", "trace", "verbose", "null", "none", "sql", "api", "url", "json", "xml", "qa", "dev", "test",
})
#: the commonest Chinese surnames (single and compound): a 2-4 character value that starts with one is
#: a likely name; any other Han run is only name-shaped (it needs a name key, not just a nearby word)
_SURNAMES_1 = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔"
    "钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢"
    "安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游"
    "辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟"
    "应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
_SURNAMES_2 = frozenset({
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "令狐", "端木", "独孤", "南宫", "西门", "轩辕", "呼延", "万俟", "闻人", "澹台", "申屠",
})


def _is_masked(value: str) -> bool:
    return "*" in value or "＊" in value or "x" * 3 in value.lower()


def _camel_code(token: str) -> bool:
    """``MainActivity`` or ``getUserName`` (code), as opposed to ``McDonald``."""
    if token.isupper():
        return False
    return any(token[: m.start()].lower() not in _CAMEL_PREFIXES for m in _INNER_CAPITAL.finditer(token))


def person_name(value: str) -> Verdict:
    """A personal name under a name key: 2–4 Han characters (or a ``·`` minority name), or 1–4
    capitalised Latin words (particles such as ``van``/``de`` and initials allowed).

    MEDIUM at best (a name field proves the rest); placeholders such as ``John Doe``/``张三`` and
    masked values (``张*``) are not findings.
    """
    text = " ".join(value.split())
    if not 2 <= len(text) <= 64 or any(c.isdigit() for c in text):
        return INVALID
    if _is_masked(text):
        return Verdict(Outcome.INVALID, text, reason="masked")
    folded = text.casefold()
    if folded in _NAME_PLACEHOLDERS:
        return verdict(Outcome.PLACEHOLDER, folded, reason="placeholder name")
    if _HAN_NAME.fullmatch(text):
        if text[:2] in _SURNAMES_2 or (text[0] in _SURNAMES_1 and len(text) <= 3) or "·" in text:
            return verdict(Outcome.MEDIUM, text, "han", reason="surname and given name")
        return verdict(Outcome.WEAK, text, "han", reason="Han name shape, no common surname")
    tokens = text.split(" ")
    if len(tokens) > 4 or tokens[0].lower() in _PARTICLES:
        return INVALID
    capitalised = 0
    for token in tokens:
        if token.lower() in _PARTICLES:
            continue
        if not _LATIN_TOKEN.fullmatch(token) or token.lower() in _NAME_WORDS or _camel_code(token):
            return INVALID
        capitalised += 1
    if capitalised == 0 or (len(tokens) == 1 and (len(text) < 3 or text.isupper())):
        return INVALID
    return verdict(Outcome.MEDIUM, folded, "latin", reason="capitalised name words")


_HAN_ADDRESS_UNIT = re.compile(
    r"(?:省|自治区|市|区|县|旗|镇|乡|街道|村|路|街|大道|巷|弄|胡同|里|号|栋|幢|座|楼|单元|室|层|小区|花园|大厦|公寓)"
)
_STREET_WORD = re.compile(
    r"(?i)(?<![A-Za-z])(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|"
    r"terrace|parkway|pkwy|highway|hwy|square|sq|circle|cir|trail|row|crescent|close|gardens|strasse|straße|"
    r"rue|calle|via|apt|suite|unit|floor|po box|p\.o\. box)(?![A-Za-z])"
)
_PLACEHOLDER_ADDRESSES = ("123 main st", "123 fake st", "1 infinite loop", "example street", "测试地址")


def postal_address(value: str) -> Verdict:
    """A postal address under an address key: Han text with administrative or street units
    (``北京市海淀区西二旗中路33号``), or Latin text with a house number and a street word
    (``1600 Amphitheatre Pkwy, Mountain View``). MEDIUM at best; masked values are not findings.
    """
    text = " ".join(value.split()).strip(" ,;")
    if not 4 <= len(text) <= 200 or "://" in text or "@" in text:
        return INVALID
    if _is_masked(text):
        return Verdict(Outcome.INVALID, text, reason="masked")
    folded = text.casefold()
    if any(p in folded for p in _PLACEHOLDER_ADDRESSES):
        return verdict(Outcome.PLACEHOLDER, folded, reason="placeholder address")
    han = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    if han >= 4:
        units = len(_HAN_ADDRESS_UNIT.findall(text))
        if units >= 2 or (units == 1 and any(c.isdigit() for c in text)):
            return verdict(Outcome.MEDIUM, folded, "han", reason="administrative / street units")
        return INVALID
    words = re.findall(r"[A-Za-z]+", text)
    if len(words) >= 2 and any(c.isdigit() for c in text) and _STREET_WORD.search(text):
        return verdict(Outcome.MEDIUM, folded, "latin", reason="house number and street word")
    return INVALID
