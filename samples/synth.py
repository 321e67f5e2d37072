"""Synthetic personal data for piiscan samples and benchmarks: value generators and labeled documents.

Nothing here describes a real person or device. Every value is drawn from a seeded
``random.Random`` instance (never the global generator, never the clock), so the same seed
gives byte-identical output on every run and machine.

Two layers:

* :class:`Synth` draws single identifiers that pass the validators of the spec
  (Luhn, allocated IMEI reporting bodies, MCC 460 with a known MNC, MOD 11-2, mod-97 ...)
  and are not on the spec's placeholder lists; it also draws the look-alikes that a scanner
  must *not* report (span ids, digests, request-id UUIDs, order numbers, versions ...).
* Document templates (``logcat_doc``, ``analytics_doc`` ... ``build_repo``) write realistic
  files piece by piece through :class:`Doc`, which records the character offsets of every
  labeled value as it is appended (labels are never found by searching afterwards).

Labeling rules (what ``labels.jsonl`` calls ground truth):

* a label covers the identifier only, without quotes or keys; a ``lat,lon`` pair printed as one
  token is one ``GEO_COORDINATE`` span, separate ``lat``/``lng`` values are one span each;
  an FCM token is one span (its FID/IID prefix is not labeled again); ``imsi-<digits>`` is one span;
* placeholders, masked values, resolver IPs and every look-alike are left unlabeled;
* person names and street addresses appear but are not labeled (``PERSON``/``LOCATION`` are out of
  scope of these samples).
"""

from __future__ import annotations

import base64
import calendar
import ipaddress
import json
import random
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from piiscan.validators.checksums import luhn_check_digit, mod11_2_check

T = TypeVar("T")

HEX = "0123456789abcdef"
B64URL = string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_"
UPPER_NO_IO = "ABCDEFGHJKLMNPQRSTUVWXYZ"
ALNUM_UPPER = string.ascii_uppercase + string.digits

#: epoch milliseconds of 2024-11-29 16:00:00 +08:00 (the day all samples are "recorded")
BASE_EPOCH_MS = 1732867200000

# --- values the spec lists as placeholders / test values (never labeled, never drawn) ---------------

ZERO_UUID = "00000000-0000-0000-0000-000000000000"
IMEI_PLACEHOLDERS = frozenset({
    "000000000000000", "004999010640000", "012345678912345", "012345678901237", "111111111111111",
    "123456789012345", "358673013795895", "352005048247251", "355195000000017", "001068000000006",
    "862280010599525", "004400152020000", "356591000000222", "345630000000115", "111111111111119",
    "113456798945455", "012379000772883",
})
TEST_PANS = frozenset({
    "4111111111111111", "4012888888881881", "4242424242424242", "5555555555554444", "5105105105105100",
    "378282246310005", "371449635398431", "6011111111111117", "3530111333300000", "6200000000000005",
    "6216261000000000018", "6221558812340000",
})
ANDROID_ID_PLACEHOLDERS = frozenset({"9774d56d682e549c", "0000000000000000", "e21833235b6eef10",
                                     "0123456789abcdef"})
CN_MOBILE_PLACEHOLDERS = frozenset({"13800138000", "13800000000", "13888888888", "18888888888"})
RIC_PLACEHOLDERS = frozenset({"11010519491231002X", "341126197709218366"})
SSN_PLACEHOLDERS = frozenset({"078-05-1120", "219-09-9999", "123-45-6789"})
RESOLVER_IPS = frozenset({"8.8.8.8", "8.8.4.4", "1.1.1.1", "114.114.114.114", "223.5.5.5", "223.6.6.6",
                          "119.29.29.29", "180.76.76.76"})


# --- documents with labels --------------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    """One labeled span: ``text[start:end] == value`` in the file ``path`` (relative, forward slashes)."""

    path: str
    entity: str
    start: int
    end: int
    value: str

    def to_json(self) -> str:
        """One line of ``labels.jsonl``."""
        record = {"path": self.path, "entity": self.entity, "start": self.start, "end": self.end,
                  "value": self.value}
        return json.dumps(record, ensure_ascii=False)


class P(NamedTuple):
    """A labeled piece of text: the value is written verbatim and recorded as ``entity``."""

    entity: str
    value: str


class Raw(NamedTuple):
    """Literal JSON text (a number written exactly as given)."""

    text: str


class PN(NamedTuple):
    """A labeled literal JSON number (for example a latitude or a cell id)."""

    entity: str
    value: str


Piece = str | P


class Doc:
    """A text file under construction; labels are recorded while pieces are appended."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._parts: list[str] = []
        self._pos = 0
        self.labels: list[Label] = []

    def put(self, *pieces: Piece) -> Doc:
        """Append text pieces; :class:`P` pieces are labeled."""
        for piece in pieces:
            if isinstance(piece, P):
                start = self._pos
                self._write(piece.value)
                self.labels.append(Label(self.path, piece.entity, start, self._pos, piece.value))
            else:
                self._write(piece)
        return self

    def line(self, *pieces: Piece) -> Doc:
        """Append pieces and a newline."""
        return self.put(*pieces, "\n")

    def _write(self, text: str) -> None:
        self._parts.append(text)
        self._pos += len(text)

    @property
    def size(self) -> int:
        """Characters written so far."""
        return self._pos

    @property
    def text(self) -> str:
        """The whole text."""
        return "".join(self._parts)


def put_json(doc: Doc, value: Any, indent: int | None = None, level: int = 0) -> None:
    """Serialise ``value`` like ``json.dumps`` (compact, or with ``indent``) and label P/PN leaves.

    Dicts keep insertion order; strings are written with ``ensure_ascii=False``; :class:`Raw` and
    :class:`PN` are written unquoted; :class:`P` values are quoted and the label covers the text
    between the quotes.
    """
    if isinstance(value, P):
        doc.put('"', value, '"')
    elif isinstance(value, PN):
        doc.put(P(value.entity, value.value))
    elif isinstance(value, Raw):
        doc.put(value.text)
    elif isinstance(value, dict):
        _put_container(doc, "{", "}", list(value.items()), indent, level)
    elif isinstance(value, list):
        _put_container(doc, "[", "]", [(None, item) for item in value], indent, level)
    else:
        doc.put(json.dumps(value, ensure_ascii=False))


def _put_container(doc: Doc, open_: str, close: str, items: list[tuple[str | None, Any]],
                   indent: int | None, level: int) -> None:
    if not items:
        doc.put(open_ + close)
        return
    doc.put(open_)
    for i, (key, item) in enumerate(items):
        if i:
            doc.put(",")
        if indent is not None:
            doc.put("\n" + " " * (indent * (level + 1)))
        if key is not None:
            doc.put(json.dumps(key, ensure_ascii=False), ": " if indent is not None else ":")
        put_json(doc, item, indent, level + 1)
    if indent is not None:
        doc.put("\n" + " " * (indent * level))
    doc.put(close)


def fullwidth(text: str) -> str:
    """Full-width variant of printable ASCII (``4901`` -> ``４９０１``), as typed with Chinese IMEs."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


# --- reference data ---------------------------------------------------------------------------------


class City(NamedTuple):
    """A city centre (WGS-84) and resident-ID area codes of some of its districts."""

    en: str
    zh: str
    lat: float
    lng: float
    areas: tuple[str, ...]


CN_CITIES = (
    City("Beijing", "北京", 39.9042, 116.4074, ("110101", "110102", "110105", "110106", "110108")),
    City("Shanghai", "上海", 31.2304, 121.4737, ("310101", "310104", "310105", "310115")),
    City("Guangzhou", "广州", 23.1291, 113.2644, ("440103", "440104", "440106")),
    City("Shenzhen", "深圳", 22.5431, 114.0579, ("440303", "440304", "440305")),
    City("Hangzhou", "杭州", 30.2741, 120.1551, ("330102", "330106", "330108")),
    City("Chengdu", "成都", 30.5728, 104.0668, ("510104", "510105", "510107")),
    City("Wuhan", "武汉", 30.5928, 114.3055, ("420102", "420106")),
    City("Xi'an", "西安", 34.3416, 108.9398, ("610102", "610113")),
    City("Nanjing", "南京", 32.0603, 118.7969, ("320102", "320104")),
    City("Chongqing", "重庆", 29.5630, 106.5516, ("500103", "500105")),
)
INTL_CITIES = {
    "US": (City("San Francisco", "旧金山", 37.7749, -122.4194, ()),
           City("New York", "纽约", 40.7128, -74.0060, ())),
    "GB": (City("London", "伦敦", 51.5074, -0.1278, ()),
           City("Manchester", "曼彻斯特", 53.4808, -2.2426, ())),
    "DE": (City("Berlin", "柏林", 52.5200, 13.4050, ()), City("Munich", "慕尼黑", 48.1351, 11.5820, ())),
    "FR": (City("Paris", "巴黎", 48.8566, 2.3522, ()), City("Lyon", "里昂", 45.7640, 4.8357, ())),
}

ZH_SURNAMES = (("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"),
               ("黄", "huang"), ("赵", "zhao"), ("周", "zhou"), ("吴", "wu"), ("徐", "xu"), ("孙", "sun"),
               ("胡", "hu"), ("朱", "zhu"), ("高", "gao"), ("林", "lin"), ("何", "he"), ("郭", "guo"),
               ("马", "ma"), ("罗", "luo"))
ZH_GIVEN = (("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"),
            ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"), ("勇", "yong"), ("艳", "yan"),
            ("杰", "jie"), ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("霞", "xia"), ("平", "ping"),
            ("刚", "gang"), ("英", "ying"), ("华", "hua"), ("欣", "xin"), ("宇", "yu"), ("浩", "hao"),
            ("晨", "chen"), ("思", "si"), ("佳", "jia"), ("子", "zi"), ("萱", "xuan"), ("睿", "rui"),
            ("琪", "qi"), ("怡", "yi"), ("博", "bo"), ("文", "wen"), ("婷", "ting"), ("鹏", "peng"))
EN_FIRST = ("James", "Olivia", "Michael", "Emma", "David", "Sophia", "Daniel", "Ava", "Ethan", "Mia",
            "Lucas", "Chloe", "Ryan", "Grace", "Nathan", "Hannah", "Lena", "Jonas", "Claire", "Hugo")
EN_LAST = ("Miller", "Carter", "Bennett", "Hughes", "Foster", "Reed", "Brooks", "Sullivan", "Walsh",
           "Becker", "Hoffmann", "Schneider", "Turner", "Parker", "Morgan", "Dubois", "Laurent", "Fischer")

#: CN mobile prefixes that libphonenumber accepts as mobile
CN_MOBILE_PREFIXES = ("130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "147", "150",
                      "151", "152", "153", "155", "156", "157", "158", "159", "166", "173", "176", "177",
                      "178", "180", "181", "182", "183", "185", "186", "187", "188", "189", "191", "195",
                      "198", "199")

#: MNC -> (ICCID issuer prefix, carrier names)
CN_MNC = {
    "00": ("898600", "CHINA MOBILE", "中国移动"), "02": ("898602", "CHINA MOBILE", "中国移动"),
    "07": ("898607", "CHINA MOBILE", "中国移动"), "01": ("898601", "CHN-UNICOM", "中国联通"),
    "06": ("898606", "CHN-UNICOM", "中国联通"), "09": ("898609", "CHN-UNICOM", "中国联通"),
    "03": ("898603", "CHN-CT", "中国电信"), "11": ("898611", "CHN-CT", "中国电信"),
    "15": ("898615", "CBN", "中国广电"),
}

UNIONPAY_BINS = (("622202", 19), ("622848", 19), ("621700", 19), ("621483", 16), ("622588", 16),
                 ("621226", 19), ("622609", 16), ("625807", 16))

GB_BANKS = ("NWBK", "BARC", "LOYD", "MIDL", "HBUK")


class Vendor(NamedTuple):
    """Handset maker: OUIs, model names, IMEI reporting body, OAID shape, serial style."""

    name: str
    brand_zh: str
    ouis: tuple[str, ...]
    models: tuple[tuple[str, str], ...]  # (marketing name, model code)
    rbi: str
    oaid_shape: str  # uuid | hex16 | hex32 | hex64 | HEX64 | none
    serial_style: str
    os: str = "android"


VENDORS = (
    Vendor("HUAWEI", "华为", ("00E0FC", "483C0C", "C894BB"),
           (("Mate 60 Pro", "ALN-AL00"), ("nova 12", "BLK-AL00")), "86", "uuid", "huawei"),
    Vendor("HONOR", "荣耀", ("047975", "0884FB"), (("Magic6", "BVL-AN00"), ("X50", "ALI-AN00")), "86", "uuid",
           "huawei"),
    Vendor("Xiaomi", "小米", ("286C07", "640980", "A45046", "F460E2"),
           (("Xiaomi 14", "23127PN0CC"), ("Redmi K70", "23113RKC6C")), "86", "hex16", "xiaomi"),
    Vendor("vivo", "vivo", ("009CC0", "1CDA27"), (("X100", "V2309A"), ("iQOO 12", "V2307A")), "86", "hex64",
           "oem16"),
    Vendor("OPPO", "OPPO", ("E8BBA8", "1C77F6"), (("Find X7", "PHZ110"), ("Reno11", "PJH110")), "86", "HEX64",
           "oem16"),
    Vendor("OnePlus", "一加", ("2CA7EF", "94652D"), (("OnePlus 12", "PJD110"),), "86", "HEX64", "oem16"),
    Vendor("samsung", "三星", ("0012FB", "8C7712", "BC765E"),
           (("Galaxy S23", "SM-S9110"), ("Galaxy A54", "SM-A5460")), "35", "hex64", "samsung"),
    Vendor("Meizu", "魅族", ("38BC1A", "683E34"), (("Meizu 21", "M461Q"),), "86", "hex32", "oem16"),
    Vendor("Google", "谷歌", ("3C5AB4", "F4F5D8"), (("Pixel 8", "GKWS6"), ("Pixel 7a", "GWKK3")), "35",
           "none", "pixel"),
    Vendor("Apple", "苹果", ("3C22FB", "ACBC32", "F01898"),
           (("iPhone 15", "iPhone15,4"), ("iPhone 14 Pro", "iPhone15,2")), "35", "none", "apple", "ios"),
)
ROUTER_OUIS = ("14CC20", "50C7BF", "D4EE07", "2C4D54", "00E0FC", "5CE883")


@dataclass
class Device:
    """One synthetic handset and the SIM in it."""

    vendor: Vendor
    model: str
    model_code: str
    os_version: str
    build_id: str
    imei: str
    imei2: str
    svn: str
    meid: str
    imsi: str
    mnc: str
    iccid: str
    wifi_mac: str
    bt_mac: str
    android_id: str
    gaid: str
    idfa: str
    oaid: str
    serial: str
    fid: str
    fcm_token: str
    iid: str
    legacy_token: str

    @property
    def is_ios(self) -> bool:
        return self.vendor.os == "ios"

    @property
    def carrier(self) -> tuple[str, str]:
        _, en, zh = CN_MNC[self.mnc]
        return en, zh

    @property
    def ua(self) -> str:
        if self.is_ios:
            return f"AcmeTracker/4.2.6 (iPhone; iOS {self.os_version}; Scale/3.00)"
        return f"Dalvik/2.1.0 (Linux; U; Android {self.os_version}; {self.model_code} Build/{self.build_id})"


@dataclass
class Person:
    """One synthetic user; ``phone`` is the E.164-less national form for CN and E.164 otherwise."""

    locale: str  # zh | en
    country: str  # CN | US | GB | DE | FR
    name: str
    given: str
    surname: str
    email: str
    phone: str
    user_id: int
    city: City
    latin: str = ""
    id_card: str = ""
    passport: str = ""
    bank_card: str = ""
    ssn: str = ""
    iban: str = ""
    devices: list[Device] = field(default_factory=list)


# --- value generators -------------------------------------------------------------------------------


class Synth:
    """Draws identifiers and look-alikes from one seeded ``random.Random``."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    # primitives
    def pick(self, seq: Sequence[T]) -> T:
        return seq[self.rng.randrange(len(seq))]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def digits(self, n: int, first_nonzero: bool = False) -> str:
        out = [str(self.rng.randrange(10)) for _ in range(n)]
        if first_nonzero and out and out[0] == "0":
            out[0] = str(self.rng.randrange(1, 10))
        return "".join(out)

    def hex(self, n: int, upper: bool = False) -> str:
        text = "".join(HEX[self.rng.randrange(16)] for _ in range(n))
        return text.upper() if upper else text

    def chars(self, alphabet: str, n: int) -> str:
        return "".join(alphabet[self.rng.randrange(len(alphabet))] for _ in range(n))

    def _varied(self, text: str, distinct: int = 3) -> bool:
        return len(set(text)) >= distinct

    # device identifiers
    def tac(self, rbi: str) -> str:
        return rbi + self.digits(6)

    def imei(self, tac: str) -> str:
        while True:
            snr = self.digits(6)
            if not self._varied(snr, 4):
                continue
            body = tac + snr
            value = body + luhn_check_digit(body)
            if value not in IMEI_PLACEHOLDERS:
                return value

    def bad_imei(self, tac: str) -> str:
        """Same shape as an IMEI but the check digit is wrong (and not the network spare digit 0)."""
        body = tac + self.digits(6)
        good = luhn_check_digit(body)
        return body + self.pick([d for d in "123456789" if d != good])

    def svn(self, imei: str) -> str:
        while True:
            svn = f"{self.rng.randrange(1, 99):02d}"
            value = imei[:14] + svn
            if luhn_check_digit(value[:-1]) != value[-1]:  # never a Luhn-valid 16-digit (card-like)
                return svn

    def meid(self, check_digit: bool) -> str:
        body = f"{self.rng.randrange(0xA0, 0x100):02X}" + self.hex(12, upper=True)
        return body + luhn_check_digit(body, "0123456789ABCDEF") if check_digit else body

    def imsi(self, mnc: str) -> str:
        while True:
            msin = self.digits(10, first_nonzero=True)
            if self._varied(msin, 5) and "123456" not in msin:
                return "460" + mnc + msin

    def iccid(self, mnc: str, length: int = 20) -> str:
        prefix = CN_MNC[mnc][0]
        body = prefix + self.digits(length - 1 - len(prefix))
        return body + luhn_check_digit(body)

    def mac_bytes(self, oui: str | None) -> str:
        """12 upper-case hex digits: UAA with ``oui``, or a locally administered random address."""
        if oui is None:
            first = (self.rng.randrange(256) & 0xFC) | 0x02
            return f"{first:02X}" + self.hex(10, upper=True)
        while True:
            tail = self.hex(6, upper=True)
            if self._varied(tail, 3):
                return oui + tail

    def android_id(self) -> str:
        while True:
            value = self.hex(16)
            if (any(c.isalpha() for c in value) and any(c.isdigit() for c in value)
                    and value not in ANDROID_ID_PLACEHOLDERS):
                return value

    def uuid4(self, upper: bool = False) -> str:
        h = list(self.hex(32))
        h[12] = "4"
        h[16] = self.pick("89ab")
        text = "".join(h)
        out = f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
        return out.upper() if upper else out

    def oaid(self, shape: str) -> str:
        if shape == "uuid":
            return self.uuid4()
        if shape == "hex16":
            return self.android_id()
        if shape == "hex32":
            return self.hex(32)
        if shape == "hex64":
            return self.hex(64)
        if shape == "HEX64":
            return self.hex(64, upper=True)
        return ""

    def serial(self, style: str) -> str:
        while True:
            if style == "samsung":
                value = "R5" + self.pick("8CG") + self.pick("MNRT") + self.chars(ALNUM_UPPER, 7)
            elif style == "pixel":
                value = (self.chars(UPPER_NO_IO, 2) + self.digits(1) + self.chars(UPPER_NO_IO, 2)
                         + self.digits(7))
            elif style == "apple":
                if self.chance(0.5):
                    value = "C02" + self.chars(UPPER_NO_IO + string.digits, 9)
                else:
                    value = self.chars(UPPER_NO_IO + "123456789", 10)
            elif style == "huawei":
                value = (self.chars(ALNUM_UPPER, 4) + self.digits(2) + self.chars(UPPER_NO_IO, 1)
                         + self.digits(9))
            elif style == "xiaomi":
                value = self.digits(5, first_nonzero=True) + "/" + self.chars(UPPER_NO_IO, 2) + self.digits(7)
                value = value.replace("/", "")
            else:
                value = self.chars(ALNUM_UPPER, 16)
            if any(c.isalpha() for c in value) and any(c.isdigit() for c in value):
                return value

    def _b64_id(self, nbytes: int, length: int) -> str:
        raw = bytearray(self.rng.getrandbits(8) for _ in range(nbytes))
        raw[0] = 0x70 | (raw[0] & 0x0F)  # prefix nibble 0111, as the Firebase SDK does
        return base64.urlsafe_b64encode(bytes(raw)).decode("ascii")[:length]

    def fid(self) -> str:
        while True:
            value = self._b64_id(16, 22)
            if (any(c.isdigit() for c in value) and any(c.isupper() for c in value)
                    and any(c.islower() for c in value)):
                return value

    def iid(self) -> str:
        while True:
            value = self._b64_id(8, 11)
            if any(c.isdigit() for c in value) or any(c.isupper() for c in value[1:]):
                return value

    def fcm_token(self, prefix: str) -> str:
        return f"{prefix}:APA91b{self.chars(B64URL, 134)}"

    # location, network
    def latlng(self, city: City, spread: float = 0.12) -> tuple[str, str]:
        while True:
            lat = city.lat + self.rng.uniform(-spread, spread)
            lng = city.lng + self.rng.uniform(-spread, spread)
            a, b = f"{lat:.6f}", f"{lng:.6f}"
            if not (a.endswith("0") or b.endswith("0")):  # keep 6 significant decimals when re-printed
                return a, b

    def cell(self, lte: bool) -> tuple[tuple[str, int], tuple[str, int]]:
        if lte:
            return ("tac", self.rng.randrange(4096, 60000)), ("eci", self.rng.randrange(2**20, 2**28 - 1))
        return ("lac", self.rng.randrange(1024, 65000)), ("cid", self.rng.randrange(1024, 65000))

    def _ipv4_in(self, prefixes: Sequence[str]) -> str:
        while True:
            parts = self.pick(prefixes).split(".")
            while len(parts) < 4:
                parts.append(str(self.rng.randrange(1, 255)))
            value = ".".join(parts)
            if ipaddress.ip_address(value).is_global and value not in RESOLVER_IPS:
                return value

    def ipv4_public(self, country: str = "CN") -> str:
        prefixes = {
            "CN": ("36.112", "58.246", "117.136", "223.104", "112.96", "183.192", "124.64", "114.242",
                   "101.86", "39.144", "120.244", "222.128"),
            "US": ("73.162", "98.207", "24.130", "67.180"),
            "GB": ("86.12", "81.98", "90.214"),
            "DE": ("91.64", "84.150", "79.203"),
            "FR": ("90.45", "86.246", "78.112"),
        }[country]
        return self._ipv4_in(prefixes)

    def ipv4_private(self) -> str:
        kind = self.rng.randrange(3)
        if kind == 0:
            return f"10.{self.rng.randrange(0, 64)}.{self.rng.randrange(0, 255)}.{self.rng.randrange(2, 254)}"
        if kind == 1:
            return f"192.168.{self.pick((0, 1, 3, 31, 50))}.{self.rng.randrange(2, 254)}"
        return f"172.{self.rng.randrange(16, 32)}.{self.rng.randrange(0, 255)}.{self.rng.randrange(2, 254)}"

    def ipv6_public(self, country: str = "CN") -> str:
        head = self.pick({"CN": ("240e", "2408", "2409"), "US": ("2601", "2600"), "GB": ("2a00",),
                          "DE": ("2003",), "FR": ("2a01",)}[country])
        groups = [head] + [f"{self.rng.randrange(1, 0xFFFF):x}" for _ in range(3)]
        if self.chance(0.5):
            groups += ["", f"{self.rng.randrange(1, 0xFFF):x}"]
        else:
            groups += [f"{self.rng.randrange(0, 0xFFFF):x}" for _ in range(4)]
        return ipaddress.IPv6Address(":".join(groups)).compressed

    # contact, identity, finance
    def cn_mobile(self) -> str:
        while True:
            rest = self.digits(8)
            value = self.pick(CN_MOBILE_PREFIXES) + rest
            if self._varied(rest, 4) and value not in CN_MOBILE_PLACEHOLDERS and "1234" not in rest:
                return value

    def intl_phone(self, country: str) -> str:
        """E.164 (no separators) in ranges that libphonenumber accepts."""
        if country == "US":  # avoid 555 and N11 exchanges (fictional / service numbers)
            area = self.pick(("415", "212", "646", "312", "206", "617"))
            while True:
                exchange = f"{self.rng.randrange(2, 10)}{self.digits(2)}"
                if exchange != "555" and exchange[1:] != "11":
                    return f"+1{area}{exchange}{self.digits(4)}"
        if country == "GB":  # mobile 07xxx, outside the Ofcom drama range 07700 900xxx
            return "+447" + self.pick("45789") + self.digits(8)
        if country == "DE":
            return "+49" + self.pick(("151", "160", "170", "176")) + self.digits(8, first_nonzero=True)
        return "+336" + self.pick("01245678") + self.digits(7)

    def cn_resident_id(self, city: City, years: tuple[int, int] = (1962, 2004)) -> str:
        while True:
            year = self.rng.randrange(years[0], years[1] + 1)
            month = self.rng.randrange(1, 13)
            day = self.rng.randrange(1, calendar.monthrange(year, month)[1] + 1)
            seq = f"{self.rng.randrange(1, 1000):03d}"
            body = f"{self.pick(city.areas)}{year}{month:02d}{day:02d}{seq}"
            value = body + mod11_2_check(body)
            if value not in RIC_PLACEHOLDERS:
                return value

    def cn_passport(self) -> str:
        if self.chance(0.4):
            return "E" + self.digits(8, first_nonzero=True)
        return "E" + self.pick(UPPER_NO_IO) + self.digits(7, first_nonzero=True)

    def _pan(self, prefix: str, length: int) -> str:
        while True:
            body = prefix + self.digits(length - 1 - len(prefix))
            value = body + luhn_check_digit(body)
            if value not in TEST_PANS and self._varied(value[len(prefix):], 5):
                return value

    def card(self, network: str) -> str:
        if network == "unionpay":
            prefix, length = self.pick(UNIONPAY_BINS)
            return self._pan(prefix, length)
        if network == "visa":
            return self._pan("4" + self.digits(5), 16)
        if network == "mastercard":
            if self.chance(0.3):
                return self._pan(str(self.rng.randrange(2221, 2721)), 16)
            return self._pan("5" + str(self.rng.randrange(1, 6)), 16)
        return self._pan(self.pick(("34", "37")), 15)  # amex

    def iban(self, country: str) -> str:
        if country == "DE":
            bban = self.digits(8, first_nonzero=True) + self.digits(10, first_nonzero=True)
        elif country == "GB":
            bban = self.pick(GB_BANKS) + self.digits(6, first_nonzero=True) + self.digits(8)
        else:  # FR: bank, branch, account, RIB key
            bank, branch, account = self.digits(5, True), self.digits(5, True), self.digits(11)
            key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
            bban = f"{bank}{branch}{account}{key:02d}"
        numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
        return f"{country}{98 - int(numeric) % 97:02d}{bban}"

    def ssn(self) -> str:
        while True:
            area = self.rng.randrange(1, 900)
            if area == 666:
                continue
            value = f"{area:03d}-{self.rng.randrange(1, 100):02d}-{self.rng.randrange(1, 10000):04d}"
            if value not in SSN_PLACEHOLDERS:
                return value

    # look-alikes (never labeled)
    def span_id(self) -> str:
        return self.hex(16)

    def trace_id(self) -> str:
        return self.hex(32)

    def traceparent(self) -> str:
        return f"00-{self.trace_id()}-{self.span_id()}-01"

    def sha256(self) -> str:
        return self.hex(64)

    def git_sha(self) -> str:
        return self.hex(40)

    def order_no(self) -> str:
        return "202411" + f"{self.rng.randrange(1, 30):02d}" + self.digits(11)

    def ts_ms(self, spread_s: int = 3600 * 6) -> int:
        return BASE_EPOCH_MS + self.rng.randrange(spread_s * 1000)

    def amount(self) -> str:
        return f"{self.rng.randrange(100, 99999) / 100:.2f}"


# --- phone / card / IBAN presentation ---------------------------------------------------------------


def format_cn_mobile(number: str, style: str) -> str:
    """Print an 11-digit CN mobile number in one of the common styles."""
    a, b, c = number[:3], number[3:7], number[7:]
    return {
        "bare": number,
        "344": f"{a} {b} {c}",
        "dash": f"{a}-{b}-{c}",
        "plus": f"+86{number}",
        "plus344": f"+86 {a} {b} {c}",
        "plusdash": f"+86-{a}-{b}-{c}",
        "0086": f"0086{number}",
    }[style]


def format_intl_phone(e164: str, grouped: bool = True) -> str:
    """Print an E.164 number (+1/+44/+49/+33) the way people write it."""
    if not grouped:
        return e164
    if e164.startswith("+1"):
        n = e164[2:]
        return f"+1 {n[:3]}-{n[3:6]}-{n[6:]}"
    if e164.startswith("+44"):
        n = e164[3:]
        return f"+44 {n[:4]} {n[4:]}"
    if e164.startswith("+49"):
        n = e164[3:]
        return f"+49 {n[:3]} {n[3:]}"
    n = e164[3:]
    return "+33 " + n[0] + " " + " ".join(n[i:i + 2] for i in range(1, 9, 2))


def person_phone(person: Person, style: str) -> str:
    """A person's phone number printed in ``style`` (CN styles; ``intl``/``e164`` for others)."""
    if person.country == "CN":
        return format_cn_mobile(person.phone, style if style in {"bare", "344", "dash", "plus", "plus344",
                                                                 "plusdash", "0086"} else "plus344")
    return format_intl_phone(person.phone, grouped=style != "e164")


def group4(text: str, sep: str = " ") -> str:
    """``6222021234567890123`` -> ``6222 0212 3456 7890 123``."""
    return sep.join(text[i:i + 4] for i in range(0, len(text), 4))


def format_card(pan: str, style: str) -> str:
    """Bare, space-grouped or dash-grouped card number (AmEx as 4-6-5)."""
    if style == "bare":
        return pan
    sep = " " if style == "space" else "-"
    if len(pan) == 15:
        return sep.join((pan[:4], pan[4:10], pan[10:]))
    return group4(pan, sep)


def mask_cn_mobile(number: str) -> str:
    return number[:3] + "****" + number[7:]


def format_mac(hex12: str, style: str) -> str:
    """``00E0FC123456`` in colon/dash/Cisco-dot/bare notation."""
    pairs = [hex12[i:i + 2] for i in range(0, 12, 2)]
    if style == "colon":
        return ":".join(pairs).lower()
    if style == "COLON":
        return ":".join(pairs)
    if style == "DASH":
        return "-".join(pairs)
    if style == "cisco":
        low = hex12.lower()
        return f"{low[:4]}.{low[4:8]}.{low[8:]}"
    if style == "bare":
        return hex12.lower()
    return hex12


def format_imei(imei: str, style: str) -> str:
    """Bare, GSMA 2-6-6-1 (dash or space) or 8-6-1."""
    if style == "2661":
        return f"{imei[:2]}-{imei[2:8]}-{imei[8:14]}-{imei[14:]}"
    if style == "2661s":
        return f"{imei[:2]} {imei[2:8]} {imei[8:14]} {imei[14:]}"
    if style == "861":
        return f"{imei[:8]}-{imei[8:14]}-{imei[14:]}"
    return imei


# --- a synthetic world: devices and people shared by all documents of one repository ---------------


class World:
    """Devices and people drawn once per seed, so that one user's identifiers recur across files."""

    def __init__(self, seed: str, n_zh: int = 48, n_en: int = 24) -> None:
        self.seed = seed
        self.sy = Synth(random.Random(f"world/{seed}"))
        sy = self.sy
        self.tacs = {v.name: [sy.tac(self._rbi(v)) for _ in range(len(v.models))] for v in VENDORS}
        self.people: list[Person] = []
        uid = 100000 + sy.rng.randrange(1000, 90000)
        for i in range(n_zh + n_en):
            uid += sy.rng.randrange(3, 400)
            person = self._person(i < n_zh, uid)
            for _ in range(1 if sy.chance(0.8) else 2):
                person.devices.append(self._device(person))
            self.people.append(person)
        self.zh = [p for p in self.people if p.locale == "zh"]
        self.en = [p for p in self.people if p.locale == "en"]
        self.devices = [d for p in self.people for d in p.devices]
        self.android = [d for d in self.devices if not d.is_ios]
        self.ios = [d for d in self.devices if d.is_ios]

    def _rbi(self, vendor: Vendor) -> str:
        if vendor.name == "Apple":
            return self.sy.pick(("35", "01"))
        if vendor.name == "HUAWEI":
            return self.sy.pick(("86", "99"))
        return vendor.rbi

    def _person(self, chinese: bool, uid: int) -> Person:
        sy = self.sy
        if chinese:
            (sur, sur_py) = sy.pick(ZH_SURNAMES)
            given_parts = [sy.pick(ZH_GIVEN) for _ in range(1 if sy.chance(0.35) else 2)]
            given = "".join(c for c, _ in given_parts)
            given_py = "".join(py for _, py in given_parts)
            city = sy.pick(CN_CITIES)
            year = sy.rng.randrange(1965, 2005)
            email = sy.pick((
                f"{sur_py}{given_py}{year % 100:02d}@163.com",
                f"{given_py}.{sur_py}@126.com",
                f"{sy.digits(sy.rng.randrange(8, 11), first_nonzero=True)}@qq.com",
                f"{sur_py}_{given_py}{sy.digits(3)}@qq.com",
                f"{given_py}{sur_py}{sy.digits(2)}@foxmail.com",
                f"{sur_py}.{given_py}{year}@sina.com",
            ))
            person = Person("zh", "CN", sur + given, given, sur, email, sy.cn_mobile(), uid, city,
                            latin=f"{given_py.capitalize()} {sur_py.capitalize()}",
                            id_card=sy.cn_resident_id(city, (year, year)),
                            passport=sy.cn_passport() if sy.chance(0.6) else "",
                            bank_card=sy.card("unionpay" if sy.chance(0.8)
                                              else sy.pick(("visa", "mastercard"))))
            return person
        country = sy.pick(("US", "US", "GB", "DE", "FR"))
        first, last = sy.pick(EN_FIRST), sy.pick(EN_LAST)
        city = sy.pick(INTL_CITIES[country])
        email = sy.pick((
            f"{first.lower()}.{last.lower()}{sy.rng.randrange(70, 100)}@gmail.com",
            f"{first[0].lower()}{last.lower()}@outlook.com",
            f"{first.lower()}{last[0].lower()}{sy.digits(3)}@gmail.com",
            f"{last.lower()}.{first.lower()}@hotmail.com",
            f"{first.lower()}_{last.lower()}@yahoo.com",
        ))
        network = sy.pick(("visa", "visa", "mastercard", "amex"))
        return Person("en", country, f"{first} {last}", first, last, email, sy.intl_phone(country), uid, city,
                      latin=f"{first} {last}", bank_card=sy.card(network),
                      ssn=sy.ssn() if country == "US" else "",
                      iban=sy.iban(country) if country in {"GB", "DE", "FR"} else "")

    def _device(self, person: Person) -> Device:
        sy = self.sy
        if person.locale == "en":
            vendor = sy.pick([v for v in VENDORS if v.name in {"Apple", "Google", "samsung", "Xiaomi"}])
        else:
            vendor = sy.pick([v for v in VENDORS if v.name != "Google"])
        index = sy.rng.randrange(len(vendor.models))
        model, code = vendor.models[index]
        tac = self.tacs[vendor.name][index]
        imei = sy.imei(tac)
        mnc = sy.pick(tuple(CN_MNC))
        fid = sy.fid()
        iid = sy.iid()
        ios = vendor.os == "ios"
        return Device(
            vendor=vendor, model=model, model_code=code,
            os_version=sy.pick(("17.5.1", "18.1")) if ios else sy.pick(("12", "13", "14")),
            build_id="" if ios else sy.pick(("UKQ1.230804.001", "TKQ1.221114.001", "UP1A.231005.007",
                                              "SP1A.210812.016")),
            imei=imei, imei2=sy.imei(tac) if sy.chance(0.6) else "", svn=sy.svn(imei),
            meid=sy.meid(sy.chance(0.5)) if mnc in {"03", "11"} and not ios else "",
            imsi=sy.imsi(mnc), mnc=mnc, iccid=sy.iccid(mnc, 20 if sy.chance(0.85) else 19),
            wifi_mac=sy.mac_bytes(sy.pick(vendor.ouis)), bt_mac=sy.mac_bytes(sy.pick(vendor.ouis)),
            android_id="" if ios else sy.android_id(),
            gaid="" if ios else sy.uuid4(), idfa=sy.uuid4(upper=True) if ios else "",
            oaid=sy.oaid(vendor.oaid_shape), serial=sy.serial(vendor.serial_style),
            fid=fid, fcm_token=sy.fcm_token(fid if sy.chance(0.75) else iid), iid=iid,
            legacy_token=sy.fcm_token(iid),
        )


# --- shared snippets --------------------------------------------------------------------------------

APP_PKG = "com.acme.tracker"
APP_VERSION = "4.2.6"
SDK_VERSION = "4.2.6.2"
VERSION_CODE = "40206"
API_HOST = "api.acme-tracker.cn"
AD_HOST = "ad.acme-tracker.cn"


def oaid_vendor_key(device: Device) -> str:
    return {"uuid": "HUAWEI", "hex16": "XIAOMI", "hex32": "MEIZU", "hex64": "VIVO", "HEX64": "OPPO"}.get(
        device.vendor.oaid_shape, "UNSUPPORTED")


def ad_id_piece(device: Device) -> tuple[str, P]:
    """The advertising id key and labeled value of a device (``gaid`` on Android, ``idfa`` on iOS)."""
    if device.is_ios:
        return "idfa", P("ADVERTISING_ID", device.idfa)
    return "gaid", P("ADVERTISING_ID", device.gaid)


# --- logcat -----------------------------------------------------------------------------------------


class Logcat:
    """Writes ``adb logcat -v threadtime`` lines with an advancing clock."""

    def __init__(self, doc: Doc, sy: Synth, start_s: int) -> None:
        self.doc = doc
        self.sy = sy
        self.ms = start_s * 1000 + sy.rng.randrange(1000)
        self.app_pid = sy.rng.randrange(8000, 31000)
        self.app_tids = [self.app_pid] + [self.app_pid + sy.rng.randrange(8, 120) for _ in range(5)]
        self.system_pid = sy.rng.randrange(900, 2000)
        self.radio_pid = sy.rng.randrange(2000, 4000)

    def log(self, level: str, tag: str, *pieces: Piece, who: str = "app") -> None:
        self.ms += self.sy.rng.randrange(2, 900) if self.sy.chance(0.9) else self.sy.rng.randrange(900, 9000)
        total = self.ms % (24 * 3600 * 1000)
        h, rest = divmod(total, 3600 * 1000)
        m, rest = divmod(rest, 60 * 1000)
        s, ms = divmod(rest, 1000)
        if who == "app":
            pid, tid = self.app_pid, self.sy.pick(self.app_tids)
        elif who == "radio":
            pid, tid = self.radio_pid, self.radio_pid + 17
        else:
            pid, tid = self.system_pid, self.system_pid + self.sy.rng.randrange(10, 400)
        self.doc.line(f"11-29 {h:02d}:{m:02d}:{s:02d}.{ms:03d} {pid:>5} {tid:>5} {level} {tag}: ", *pieces)


def _logcat_scenes(lc: Logcat, sy: Synth, world: World, dev: Device, user: Person) -> list[
        tuple[int, Callable[[], None]]]:
    """(weight, writer) pairs for one device's logcat."""
    city = user.city if user.country == "CN" else CN_CITIES[0]

    def device_info() -> None:
        pieces: list[Piece] = ["imei=", P("IMEI", dev.imei)]
        if dev.imei2:
            pieces += [" imei2=", P("IMEI", dev.imei2)]
        if dev.meid:
            pieces += [" meid=", P("MEID", dev.meid)]
        lc.log("I", "DeviceInfo", *pieces)
        lc.log("I", "DeviceInfo", "android_id=", P("ANDROID_ID", dev.android_id),
               f" model={dev.model_code} sdk={SDK_VERSION}")
        if sy.chance(0.3):
            lc.log("I", "SettingsAbout", "IMEI (sim slot 1): ", P("IMEI", format_imei(dev.imei, "2661s")),
                   f", IMEI SV: {dev.svn}", who="system")
        if sy.chance(0.5):
            lc.log("D", "DeviceInfo", "Build.SERIAL=", P("DEVICE_SERIAL", dev.serial),
                   f" ro.build.id={dev.build_id}")

    def telephony_dump() -> None:
        en, _ = dev.carrier
        lc.log("I", "TelephonyDump", "getDeviceId()=", P("IMEI", dev.imei), who="radio")
        if sy.chance(0.5):
            lc.log("I", "TelephonyDump", "getDeviceSoftwareVersion()=", dev.svn, " imeisv=",
                   P("IMEI", dev.imei[:14] + dev.svn), who="radio")
        lc.log("I", "TelephonyDump", "getSubscriberId()=", P("IMSI", dev.imsi), who="radio")
        lc.log("I", "TelephonyDump", "getSimSerialNumber()=", P("ICCID", dev.iccid), who="radio")
        line1 = format_cn_mobile(user.phone, "plus") if user.country == "CN" else user.phone
        lc.log("I", "TelephonyDump", "getLine1Number()=", P("PHONE_NUMBER", line1), who="radio")
        lc.log("I", "TelephonyDump", f"getSimOperator()=460{dev.mnc} getSimOperatorName()={en} "
               "getSimCountryIso()=cn", who="radio")
        cell_info()

    def cell_info() -> None:
        (k1, v1), (_, v2) = sy.cell(lte=sy.chance(0.6))
        if k1 == "tac":
            lc.log("D", "TelephonyDump", "mCellIdentity=CellIdentityLte:{ mCi=", P("CELL_ID", str(v2)),
                   f" mPci={sy.rng.randrange(0, 504)} mTac=", P("CELL_ID", str(v1)),
                   f" mEarfcn={sy.pick((100, 1825, 3590, 38950))} mBandwidth=20000 mMcc=460 mMnc={dev.mnc}"
                   f" mAlphaLong={dev.carrier[0]} }}", who="radio")
        else:
            lc.log("D", "TelephonyDump", "mCellIdentity=CellIdentityGsm:{ mLac=", P("CELL_ID", str(v1)),
                   " mCid=", P("CELL_ID", str(v2)), f" mArfcn={sy.rng.randrange(1, 124)}"
                   f" mBsic={sy.rng.randrange(0, 64)} mMcc=460 mMnc={dev.mnc} }}", who="radio")
        if sy.chance(0.3):
            lc.log("D", "TelephonyDump", "CellSignalStrength: rsrp=-", str(sy.rng.randrange(70, 120)),
                   " ci=2147483647 (unavailable)", who="radio")

    def wifi_scan() -> None:
        lc.log("D", "WifiScanner", f"onResults: {sy.rng.randrange(3, 6)} results", who="system")
        for _ in range(sy.rng.randrange(2, 5)):
            ssid = sy.pick(("ChinaNet-", "CMCC-", "TP-LINK_", "MERCURY_", "Xiaomi_", "HUAWEI-")) + sy.chars(
                ALNUM_UPPER, 4)
            bssid = format_mac(sy.mac_bytes(sy.pick(ROUTER_OUIS)), "colon")
            lc.log("D", "WifiScanner", f'  SSID="{ssid}", bssid=', P("MAC_ADDRESS", bssid),
                   f", level=-{sy.rng.randrange(40, 90)}, freq={sy.pick((2412, 2437, 2462, 5180, 5745))}",
                   who="system")
        if sy.chance(0.4):
            lc.log("I", "wpa_supplicant", "wlan0: CTRL-EVENT-CONNECTED - Connection to ",
                   P("MAC_ADDRESS", format_mac(sy.mac_bytes(sy.pick(ROUTER_OUIS)),
                                              sy.pick(("colon", "COLON")))),
                   " completed [id=0 id_str=]", who="system")

    def wifi_info() -> None:
        if sy.chance(0.5):
            lc.log("I", "WifiInfo", "wlan0 MAC: ", P("MAC_ADDRESS", format_mac(dev.wifi_mac, "colon")),
                   " (factory)", who="system")
        else:
            lc.log("W", "WifiInfo", "getMacAddress() returned 02:00:00:00:00:00 (restricted since API 23)")
        if sy.chance(0.3):
            lc.log("D", "BluetoothAdapter", "local address ",
                   P("MAC_ADDRESS", format_mac(dev.bt_mac, "COLON")), who="system")

    def location_fix() -> None:
        lat, lng = sy.latlng(city)
        acc = sy.rng.randrange(3, 40)
        if sy.chance(0.7):
            lc.log("D", "LocationManager", "Location[fused ", P("GEO_COORDINATE", f"{lat},{lng}"),
                   f" hAcc={acc} et=+{sy.rng.randrange(1, 9)}d{sy.rng.randrange(0, 24)}h"
                   f" alt={sy.rng.randrange(5, 90)}.0"
                   f" vAcc={sy.rng.randrange(2, 30)} {{Bundle[mParcelledData.dataSize=96]}}]", who="system")
        else:
            lc.log("I", "AMapLocation", "onLocationChanged lon,lat=", P("GEO_COORDINATE", f"{lng},{lat}"),
                   f" accuracy={acc}.0 adcode={sy.pick(city.areas)} provider=lbs")

    def http_request() -> None:
        rid = sy.uuid4()
        key, ad = ad_id_piece(dev)
        oaid: list[Piece] = ["&oaid=", P("OAID", dev.oaid)] if dev.oaid else []
        lat, lng = sy.latlng(city)
        lc.log("D", "OkHttp", f"--> GET https://{AD_HOST}/v1/ad/fetch?slot=splash&{key}=", ad, *oaid,
               "&android_id=", P("ANDROID_ID", dev.android_id), "&lat=", P("GEO_COORDINATE", lat), "&lng=",
               P("GEO_COORDINATE", lng), f"&ts={sy.ts_ms()}&sdk_ver={SDK_VERSION} HTTP/1.1")
        lc.log("D", "OkHttp", f"X-Request-Id: {rid}")
        lc.log("D", "OkHttp", f"traceparent: {sy.traceparent()}")
        lc.log("D", "OkHttp", f"User-Agent: {dev.ua}")
        lc.log("D", "OkHttp", "--> END GET")
        lc.log("D", "OkHttp", f"<-- 200 OK https://{AD_HOST}/v1/ad/fetch ({sy.rng.randrange(40, 900)}ms)")
        lc.log("D", "OkHttp", '{"code":0,"request_id":"', rid, '","client_ip":"',
               P("IP_ADDRESS", sy.ipv4_public()), f'","ads":[],"ttl":{sy.rng.randrange(60, 900)}}}')

    def http_login() -> None:
        lc.log("D", "OkHttp", f"--> POST https://{API_HOST}/v2/account/login")
        lc.log("D", "OkHttp", "Content-Type: application/json; charset=utf-8")
        phone = format_cn_mobile(user.phone, "bare") if user.country == "CN" else user.phone
        lc.log("D", "OkHttp", '{"mobile":"', P("PHONE_NUMBER", phone), '","sms_code":"',
               sy.digits(6), '","imei":"', P("IMEI", dev.imei), '","oaid":"', P("OAID", dev.oaid) if dev.oaid
               else "", '"}')
        lc.log("D", "OkHttp", f"<-- 200 OK https://{API_HOST}/v2/account/login "
               f"({sy.rng.randrange(80, 600)}ms)")
        lc.log("D", "OkHttp", '{"uid":', str(user.user_id), ',"email":"', P("EMAIL_ADDRESS", user.email),
               '","mobile":"', mask_cn_mobile(user.phone) if user.country == "CN" else "***",
               '","login_ip":"', P("IP_ADDRESS", sy.ipv4_public()), '"}')

    def ad_ids() -> None:
        if dev.gaid:
            lc.log("I", "AdvertisingIdClient", "gaid=", P("ADVERTISING_ID", dev.gaid),
                   " limitAdTracking=false")
        if dev.oaid:
            lc.log("I", "MsaSdk", "OAID=", P("OAID", dev.oaid),
                   f" isSupported=true vendor={oaid_vendor_key(dev)}")
        elif sy.chance(0.5):
            lc.log("W", "MsaSdk", f"OAID not supported on {dev.vendor.name}, code=1008612")

    def firebase() -> None:
        if sy.chance(0.5):
            lc.log("D", "FirebaseInstallations", "Installation ID (FID) created: ", P("FIREBASE_ID", dev.fid))
        lc.log("D", "FirebaseMessaging", "FCM token refreshed: ", P("FCM_TOKEN", dev.fcm_token))
        if sy.chance(0.4):
            lc.log("I", "PushRegistrar", "registration_token=", P("FCM_TOKEN", dev.fcm_token),
                   f" sender=48{sy.digits(8)}")
        if sy.chance(0.3):
            lc.log("W", "FirebaseInstanceId", "legacy instance_id=", P("FIREBASE_ID", dev.iid),
                   " migrated to Firebase Installations")

    def network() -> None:
        private = sy.ipv4_private()
        v6 = sy.ipv6_public()
        lc.log("D", "ConnectivityService", "LinkProperties{InterfaceName: wlan0 LinkAddresses: [ ",
               P("IP_ADDRESS", private), "/24,", P("IP_ADDRESS", v6),
               "/64 ] DnsAddresses: [ /114.114.114.114,/223.5.5.5 ] Domains: null MTU: 1500}", who="system")

    def placeholders() -> None:
        choice = sy.rng.randrange(5)
        if choice == 0:
            lc.log("W", "DeviceInfo", "getImei() returned 004999010640000, running on emulator?")
        elif choice == 1:
            lc.log("W", "DeviceInfo", "android_id=9774d56d682e549c is a known duplicate, regenerating")
        elif choice == 2:
            lc.log("I", "AdvertisingIdClient", f"limitAdTracking=true gaid={ZERO_UUID}")
        elif choice == 3:
            lc.log("W", "DeviceInfo", f"rejecting imei={sy.bad_imei(dev.imei[:8])}: bad check digit")
        else:
            lc.log("D", "LoginActivity", f"prefill mobile={mask_cn_mobile(sy.cn_mobile())}")

    def noise() -> None:
        kind = sy.rng.randrange(14)
        if kind == 0:
            lc.log("I", "ActivityManager", f"Start proc {lc.app_pid}:{APP_PKG}"
                   f"/u0a{sy.rng.randrange(100, 400)} for activity {{{APP_PKG}/.MainActivity}}", who="system")
        elif kind == 1:
            lc.log("I", "Choreographer", f"Skipped {sy.rng.randrange(30, 90)} frames!  The application may be"
                   " doing too much work on its main thread.")
        elif kind == 2:
            lc.log("I", APP_PKG, f"Background concurrent copying GC freed {sy.rng.randrange(10000, 90000)}"
                   f"({sy.rng.randrange(1, 9)}MB) AllocSpace objects, {sy.rng.randrange(0, 40)}"
                   f"({sy.rng.randrange(1, 9)}MB) LOS objects, 49% free, {sy.rng.randrange(10, 60)}MB/"
                   f"{sy.rng.randrange(60, 120)}MB, paused {sy.rng.randrange(50, 900)}us total "
                   f"{sy.rng.randrange(10, 300)}.{sy.digits(3)}ms")
        elif kind == 3:
            lc.log("D", "OpenTelemetry", f"span ended name=HTTP GET trace_id={sy.trace_id()}"
                   f" span_id={sy.span_id()} parent_span_id={sy.span_id()}"
                   f" duration_ms={sy.rng.randrange(5, 900)}")
        elif kind == 4:
            lc.log("I", "PackageManager", f"Verified {APP_PKG} apk sha256={sy.sha256()}", who="system")
        elif kind == 5:
            lc.log("I", "AppStartup", f"{APP_PKG} version {SDK_VERSION} (build {VERSION_CODE}) cold start "
                   f"{sy.rng.randrange(300, 2500)}ms")
        elif kind == 6:
            lc.log("D", "OrderService", f"order_id={sy.order_no()} status=PAID amount={sy.amount()}"
                   " currency=CNY")
        elif kind == 7:
            lc.log("D", "Analytics", f"flush {sy.rng.randrange(1, 40)} events request_id={sy.uuid4()} "
                   f"ts={sy.ts_ms()}")
        elif kind == 8:
            lc.log("I", "chatty", f"uid={sy.rng.randrange(10100, 10400)}({APP_PKG}) RenderThread identical "
                   f"{sy.rng.randrange(2, 12)} lines")
        elif kind == 9:
            lc.log("W", "System.err", "java.net.SocketTimeoutException: timeout")
            lc.log("W", "System.err", "\tat okhttp3.internal.http2.Http2Stream$StreamTimeout"
                   ".newTimeoutException(Http2Stream.kt:675)")
        elif kind == 10:
            lc.log("D", "Glide", f"Loaded image from cache key={sy.git_sha()}"
                   f" size={sy.rng.randrange(20, 900)}KB")
        elif kind == 11:
            lc.log("I", "BatteryService", f"level={sy.rng.randrange(5, 100)}"
                   f" temp={sy.rng.randrange(250, 420)} voltage={sy.rng.randrange(3600, 4400)} status=2",
                   who="system")
        elif kind == 12:
            if sy.chance(0.5):
                lc.log("D", "WorkManager", f"Work [ id={sy.uuid4()}, tags={{ SyncWorker }} ] succeeded")
            else:
                lc.log("D", "PluginLoader", "loaded plugin analytics-bridge version 1.0.0.1 "
                       f"(build {sy.rng.randrange(100, 999)}, sha256:{sy.sha256()[:12]})")
        else:
            lc.log("I", "Firebase", f"Firebase Analytics version 21.5.0 build {sy.rng.randrange(1000, 9999)} "
                   f"session_id={sy.ts_ms() // 1000}")

    return [(2, device_info), (2, telephony_dump), (4, cell_info), (6, wifi_scan), (3, wifi_info),
            (8, location_fix), (4, http_request), (2, http_login), (3, ad_ids), (3, firebase), (3, network),
            (3, placeholders), (40, noise)]


def logcat_doc(path: str, sy: Synth, world: World, dev: Device, user: Person, target_chars: int) -> Doc:
    """An Android logcat capture of one device (threadtime format)."""
    doc = Doc(path)
    doc.line("--------- beginning of main")
    lc = Logcat(doc, sy, start_s=16 * 3600 + sy.rng.randrange(0, 600))
    scenes = _logcat_scenes(lc, sy, world, dev, user)
    weights = [w for w, _ in scenes]
    writers = [f for _, f in scenes]
    writers[0]()
    while doc.size < target_chars:
        sy.rng.choices(writers, weights)[0]()
    return doc


# --- nginx access log ---------------------------------------------------------------------------------


def access_log_doc(path: str, sy: Synth, world: World, target_chars: int) -> Doc:
    """An nginx combined access log of the ad/collector endpoints."""
    doc = Doc(path)
    sec = 16 * 3600
    while doc.size < target_chars:
        sec += sy.rng.randrange(0, 20)
        person = sy.pick(world.people)
        dev = sy.pick(person.devices)
        ip = sy.ipv4_public(person.country) if sy.chance(0.85) else sy.ipv6_public(person.country)
        stamp = f"[29/Nov/2024:{sec // 3600:02d}:{sec // 60 % 60:02d}:{sec % 60:02d} +0800]"
        kind = sy.rng.randrange(4)
        query: list[Piece]
        if kind == 0:
            key, ad = ad_id_piece(dev)
            query = [f"/v1/ad/click?campaign={sy.rng.randrange(10000, 99999)}&{key}=", ad]
            if dev.oaid:
                query += ["&oaid=", P("OAID", dev.oaid)]
            if not dev.is_ios:
                query += ["&imei=", P("IMEI", dev.imei)]
        elif kind == 1:
            query = [f"/v2/config?app={APP_PKG}&ver={SDK_VERSION}&build={VERSION_CODE}&rid={sy.uuid4()}"]
        elif kind == 2:
            lat, lng = sy.latlng(person.city)
            query = ["/v2/geo/report?loc=", P("GEO_COORDINATE", f"{lat},{lng}"), f"&ts={sy.ts_ms()}"]
        else:
            query = [f"/static/app-{APP_VERSION}.{sy.rng.randrange(1, 9)}.js?v={sy.hex(8)}"]
        status = sy.pick((200, 200, 200, 204, 302, 404))
        doc.line(P("IP_ADDRESS", ip), f" - - {stamp} \"GET ", *query,
                 f' HTTP/1.1" {status} {sy.rng.randrange(0, 9000)} "-" "{dev.ua}"',
                 f" rt={sy.rng.randrange(1, 900) / 1000:.3f} trace={sy.trace_id()}")
    return doc


# --- analytics events (JSON lines) --------------------------------------------------------------------


def _device_obj(sy: Synth, dev: Device, full: bool) -> dict[str, Any]:
    obj: dict[str, Any] = {"os": "ios" if dev.is_ios else "android", "os_version": dev.os_version,
                           "brand": dev.vendor.name, "model": dev.model_code}
    if dev.is_ios:
        obj["idfa"] = P("ADVERTISING_ID", dev.idfa) if sy.chance(0.8) else ZERO_UUID
        if full:
            obj["serial"] = P("DEVICE_SERIAL", dev.serial)
        return obj
    obj["android_id"] = P("ANDROID_ID", dev.android_id)
    if dev.oaid:
        obj["oaid"] = P("OAID", dev.oaid)
    obj["gaid"] = P("ADVERTISING_ID", dev.gaid) if sy.chance(0.85) else ZERO_UUID
    if full:
        obj["imei"] = P("IMEI", dev.imei)
        if dev.imei2 and sy.chance(0.5):
            obj["imei2"] = P("IMEI", dev.imei2)
        if dev.meid:
            obj["meid"] = P("MEID", dev.meid)
        obj["mac"] = P("MAC_ADDRESS", format_mac(dev.wifi_mac, "colon"))
        obj["serial"] = P("DEVICE_SERIAL", dev.serial)
        obj["imsi"] = P("IMSI", dev.imsi)
        obj["iccid"] = P("ICCID", dev.iccid)
    return obj


def analytics_doc(path: str, sy: Synth, world: World, target_chars: int) -> Doc:
    """Minified JSON events, one per line, from many devices."""
    doc = Doc(path)
    ts = BASE_EPOCH_MS + sy.rng.randrange(0, 60000)
    while doc.size < target_chars:
        person = sy.pick(world.people)
        dev = sy.pick(person.devices)
        ts += sy.rng.randrange(50, 20000)
        event = sy.pick(("app_start", "page_view", "location_update", "push_register", "login", "ad_click",
                         "order_paid", "page_view", "page_view", "app_start"))
        if sy.chance(0.06):
            event, person = "kyc_submit", sy.pick(world.zh)
            dev = person.devices[0]
        obj: dict[str, Any] = {"event": event, "event_id": sy.uuid4(), "request_id": sy.uuid4(), "ts": ts,
                               "app": {"pkg": APP_PKG, "version": APP_VERSION, "sdk_version": SDK_VERSION,
                                       "build": int(VERSION_CODE)}}
        obj["device"] = _device_obj(sy, dev, full=event in {"app_start", "ad_click"} or sy.chance(0.15))
        home = person.city
        if event in {"app_start", "location_update", "login"} or sy.chance(0.2):
            lat, lng = sy.latlng(home)
            obj["geo"] = {"lat": PN("GEO_COORDINATE", lat), "lng": PN("GEO_COORDINATE", lng),
                          "accuracy": Raw(f"{sy.rng.randrange(3, 60)}.0"),
                          "provider": sy.pick(("gps", "network"))}
        if event == "location_update" and not dev.is_ios and person.country == "CN":
            (k1, v1), (k2, v2) = sy.cell(lte=sy.chance(0.6))
            obj["cell"] = {"mcc": "460", "mnc": dev.mnc, k1: PN("CELL_ID", str(v1)),
                           k2: PN("CELL_ID", str(v2))}
            obj["wifi"] = [
                {"bssid": P("MAC_ADDRESS", format_mac(sy.mac_bytes(sy.pick(ROUTER_OUIS)), "colon")),
                 "rssi": -sy.rng.randrange(40, 90)}
                for _ in range(sy.rng.randrange(1, 4))]
        if sy.chance(0.9):
            obj["ip"] = P("IP_ADDRESS", sy.ipv4_public(person.country) if sy.chance(0.8)
                          else sy.ipv6_public(person.country))
        if event in {"login", "order_paid"} or sy.chance(0.1):
            style = sy.pick(("bare", "plus", "bare")) if person.country == "CN" else "e164"
            phone = person_phone(person, style)
            obj["user"] = {"uid": person.user_id, "phone": P("PHONE_NUMBER", phone),
                           "email": P("EMAIL_ADDRESS", person.email)}
        if event == "push_register":
            obj["push"] = {"fid": P("FIREBASE_ID", dev.fid), "push_token": P("FCM_TOKEN", dev.fcm_token),
                           "provider": "fcm"}
        if event == "kyc_submit":
            if person.passport and sy.chance(0.7):
                obj["kyc"] = {"doc_type": "passport", "real_name": person.name,
                              "passport_no": P("CN_PASSPORT", person.passport), "nationality": "CHN"}
            else:
                obj["kyc"] = {"doc_type": "id_card", "real_name": person.name,
                              "id_no": P("CN_RESIDENT_ID", person.id_card)}
            obj["kyc"]["status"] = sy.pick(("pending", "approved"))
        if event == "order_paid":
            obj["order"] = {"order_id": sy.order_no(), "amount": Raw(sy.amount()), "currency": "CNY",
                            "pay_channel": sy.pick(("alipay", "wechat", "unionpay"))}
        obj["trace"] = {"trace_id": sy.trace_id(), "span_id": sy.span_id()}
        if sy.chance(0.3):
            obj["checksum"] = sy.sha256()
        put_json(doc, obj)
        doc.put("\n")
    return doc


# --- CSV exports --------------------------------------------------------------------------------------


def users_csv_doc(path: str, sy: Synth, world: World, rows: int) -> Doc:
    """A user export with contact, ID, card, IP and last-location columns."""
    doc = Doc(path)
    doc.line("user_id,name,mobile,email,id_card,bank_card,register_ip,last_lat,last_lng,created_at,order_no")
    for _ in range(rows):
        p = sy.pick(world.people)
        if p.country == "CN":
            roll = sy.rng.random()
            mobile: Piece = (mask_cn_mobile(p.phone) if roll < 0.08
                             else P("PHONE_NUMBER", person_phone(p, sy.pick(("plus344", "dash", "0086"))))
                             if roll < 0.2 else P("PHONE_NUMBER", p.phone))
        else:
            mobile = P("PHONE_NUMBER", p.phone)
        id_card: Piece = P("CN_RESIDENT_ID", p.id_card) if p.id_card else ""
        lat, lng = sy.latlng(p.city)
        created = (f"2024-{sy.rng.randrange(1, 12):02d}-{sy.rng.randrange(1, 29):02d} "
                   f"{sy.rng.randrange(0, 24):02d}:{sy.rng.randrange(0, 60):02d}:"
                   f"{sy.rng.randrange(0, 60):02d}")
        ip = sy.ipv4_public(p.country)
        doc.line(str(p.user_id), ",", p.name, ",", mobile, ",", P("EMAIL_ADDRESS", p.email), ",", id_card,
                 ",", P("CREDIT_CARD", p.bank_card), ",", P("IP_ADDRESS", ip), ",",
                 P("GEO_COORDINATE", lat), ",", P("GEO_COORDINATE", lng), ",", created, ",",
                 sy.order_no() if sy.chance(0.7) else "")
    return doc


def devices_csv_doc(path: str, sy: Synth, world: World, rows: int) -> Doc:
    """A device registry export (one row per device; ids in typed columns)."""
    doc = Doc(path)
    doc.line("device_pk,user_id,brand,model,imei,android_id,oaid,wifi_mac,imsi,iccid,app_instance,"
             "sdk_version,last_seen_ms,fw_sha256")
    for _ in range(rows):
        p = sy.pick(world.people)
        dev = sy.pick(p.devices)
        if dev.is_ios:
            continue
        doc.line(str(sy.rng.randrange(1000000, 9999999)), ",", str(p.user_id), ",", dev.vendor.name, ",",
                 dev.model_code, ",", P("IMEI", dev.imei), ",", P("ANDROID_ID", dev.android_id), ",",
                 P("OAID", dev.oaid) if dev.oaid else "", ",",
                 P("MAC_ADDRESS", format_mac(dev.wifi_mac, "COLON")), ",", P("IMSI", dev.imsi), ",",
                 P("ICCID", dev.iccid), ",", sy.uuid4(), ",", SDK_VERSION, ",",
                 str(sy.ts_ms()), ",", sy.sha256())
    return doc


def payouts_csv_doc(path: str, sy: Synth, world: World, rows: int) -> Doc:
    """Monthly payouts to overseas partners: SSN as US tax id, IBAN for European payees."""
    doc = Doc(path)
    doc.line("payee_id,name,country,email,phone,tax_id,iban,card,amount,currency,period,reference")
    for _ in range(rows):
        p = sy.pick(world.en)
        tax: Piece = P("US_SSN", p.ssn) if p.ssn else ""
        iban: Piece = P("IBAN_CODE", p.iban) if p.iban else ""
        currency = "USD" if p.country == "US" else "GBP" if p.country == "GB" else "EUR"
        doc.line(f"P{p.user_id}", ",", p.name, ",", p.country, ",", P("EMAIL_ADDRESS", p.email), ",",
                 P("PHONE_NUMBER", p.phone), ",", tax, ",", iban, ",", f"**** {p.bank_card[-4:]}", ",",
                 sy.amount(), ",", currency, ",2024-11,", sy.order_no())
    return doc


# --- configuration ------------------------------------------------------------------------------------


def app_yaml_doc(path: str, sy: Synth, world: World) -> Doc:
    """Application QA configuration: endpoints, push test tokens, test devices."""
    doc = Doc(path)
    devs = [sy.pick(world.android) for _ in range(3)] + [sy.pick(world.ios)]
    collector = sy.ipv4_private()
    doc.line("# Acme Tracker - QA environment configuration")
    doc.line("# Values below belong to lab devices and test accounts; rotate before sharing outside QA.")
    doc.line("app:")
    doc.line(f"  package: {APP_PKG}")
    doc.line(f"  version: {APP_VERSION}")
    doc.line(f"  version_code: {VERSION_CODE}")
    doc.line(f'  sdk_version: "{SDK_VERSION}"')
    doc.line("  min_supported: 1.0.0.1")
    doc.line("endpoints:")
    doc.line(f"  api: https://{API_HOST}/v2")
    doc.line("  collector: http://", P("IP_ADDRESS", collector), ":8080/collect")
    doc.line("  fallback_ip: ", P("IP_ADDRESS", sy.ipv4_public()))
    doc.line("  fallback_ipv6: \"", P("IP_ADDRESS", sy.ipv6_public()), '"')
    doc.line("  dns: [114.114.114.114, 223.5.5.5]")
    doc.line("push:")
    doc.line(f'  fcm_sender_id: "48{sy.digits(8)}"')
    doc.line("  firebase_installation_id: ", P("FIREBASE_ID", devs[0].fid))
    doc.line("  instance_id: ", P("FIREBASE_ID", devs[1].iid))
    doc.line("  test_tokens:")
    doc.line("    - ", P("FCM_TOKEN", devs[0].fcm_token))
    doc.line("    - ", P("FCM_TOKEN", devs[1].legacy_token))
    doc.line("test_devices:")
    for dev in devs:
        owner = next(p for p in world.people if dev in p.devices)
        doc.line(f"  - name: {dev.model} QA")
        if dev.is_ios:
            doc.line("    idfa: ", P("ADVERTISING_ID", dev.idfa))
            doc.line("    serial: ", P("DEVICE_SERIAL", dev.serial))
            doc.line("    phone: \"", P("PHONE_NUMBER", person_phone(owner, "plus344")), '"')
            continue
        doc.line('    imei: "', P("IMEI", dev.imei), '"')
        if dev.imei2:
            doc.line('    imei2: "', P("IMEI", dev.imei2), '"')
        doc.line('    imsi: "', P("IMSI", dev.imsi), '"')
        doc.line('    iccid: "', P("ICCID", dev.iccid), '"')
        doc.line("    android_id: ", P("ANDROID_ID", dev.android_id))
        if dev.oaid:
            doc.line("    oaid: ", P("OAID", dev.oaid))
        doc.line("    gaid: ", P("ADVERTISING_ID", dev.gaid))
        doc.line('    wifi_mac: "', P("MAC_ADDRESS", format_mac(dev.wifi_mac, "colon")), '"')
        doc.line("    serial: ", P("DEVICE_SERIAL", dev.serial))
        doc.line('    phone: "', P("PHONE_NUMBER", person_phone(owner, "plus344")), '"')
    doc.line("ads:")
    doc.line(f'  limit_ad_tracking_gaid: "{ZERO_UUID}"   # what opted-out devices send')
    doc.line("  fake_mac: \"02:00:00:00:00:00\"")
    doc.line("tracing:")
    doc.line("  sample_rate: 0.25")
    doc.line(f"  debug_trace_id: {sy.trace_id()}")
    doc.line("geo:")
    doc.line("  default_center: [39.9, 116.4]   # city level only")
    lat, lng = sy.latlng(CN_CITIES[1])
    doc.line('  geofence_office: "', P("GEO_COORDINATE", f"{lat},{lng}"), '"')
    doc.line("  geofence_radius_m: 300")
    doc.line("support:")
    doc.line("  notify: noreply@example.com")
    doc.line("  oncall: ", P("EMAIL_ADDRESS", sy.pick(world.zh).email))
    doc.line("release:")
    doc.line(f"  artifact: app-release-{SDK_VERSION}.apk")
    doc.line(f"  checksum: sha256:{sy.sha256()}")
    doc.line(f"  build: 20241129.{sy.rng.randrange(1000, 2400)}")
    doc.line(f"  commit: {sy.git_sha()}")
    return doc


def device_properties_doc(path: str, sy: Synth, world: World) -> Doc:
    """A Java .properties test-device profile (with the usual Android system property names)."""
    doc = Doc(path)
    dev = sy.pick([d for d in world.android if d.meid] or world.android)
    owner = next(p for p in world.people if dev in p.devices)
    lat, lng = sy.latlng(owner.city)
    (k1, v1), (k2, v2) = sy.cell(lte=False)
    slot = sy.rng.randrange(1, 24)
    doc.line(f"# Test device profile: {dev.vendor.name} {dev.model} (lab rack B, slot {slot})")
    doc.line(f"ro.product.brand={dev.vendor.name}")
    doc.line(f"ro.product.model={dev.model_code}")
    doc.line("ro.serialno=", P("DEVICE_SERIAL", dev.serial))
    doc.line(f"ro.build.fingerprint={dev.vendor.name}/{dev.model_code.lower()}/{dev.model_code.lower()}:"
             f"{dev.os_version}/{dev.build_id}/V816.0.{sy.rng.randrange(1, 9)}.0:user/release-keys")
    doc.line(f"ro.build.version.incremental=V816.0.{sy.rng.randrange(1, 9)}.0.UNCCNXM")
    doc.line("persist.radio.imei=", P("IMEI", dev.imei))
    if dev.imei2:
        doc.line("persist.radio.imei2=", P("IMEI", dev.imei2))
    doc.line("persist.radio.imeisv=", P("IMEI", dev.imei[:14] + dev.svn))
    if dev.meid:
        doc.line("persist.radio.meid=", P("MEID", dev.meid))
    doc.line("gsm.sim.imsi=", P("IMSI", dev.imsi))
    doc.line("gsm.sim.iccid=", P("ICCID", dev.iccid))
    doc.line(f"gsm.sim.operator.numeric=460{dev.mnc}")
    doc.line("gsm.line1.number=", P("PHONE_NUMBER", person_phone(owner, "plus")))
    doc.line("wifi.mac=", P("MAC_ADDRESS", format_mac(dev.wifi_mac, "bare")))
    doc.line("bt.mac=", P("MAC_ADDRESS", format_mac(dev.bt_mac, "COLON")))
    doc.line("settings.secure.android_id=", P("ANDROID_ID", dev.android_id))
    if dev.oaid:
        doc.line("msa.oaid=", P("OAID", dev.oaid))
    doc.line("ads.gaid=", P("ADVERTISING_ID", dev.gaid))
    doc.line("push.fcm_token=", P("FCM_TOKEN", dev.fcm_token))
    doc.line("gps.last_fix=", P("GEO_COORDINATE", f"{lat},{lng}"))
    doc.line(f"cell.{k1}=", P("CELL_ID", str(v1)))
    doc.line(f"cell.{k2}=", P("CELL_ID", str(v2)))
    doc.line("net.wlan0.ip=", P("IP_ADDRESS", sy.ipv4_private()))
    doc.line("debug.fake_mac=02:00:00:00:00:00")
    doc.line("debug.emulator_imei=004999010640000")
    doc.line(f"sdk.version={SDK_VERSION}")
    doc.line(f"sdk.build={VERSION_CODE}")
    return doc


# --- source code with fixtures ------------------------------------------------------------------------


def kotlin_fixtures_doc(path: str, sy: Synth, world: World) -> Doc:
    """Kotlin test fixtures with identifiers in string literals."""
    doc = Doc(path)
    dev = sy.pick([d for d in world.android if d.oaid])
    dev2 = sy.pick([d for d in world.android if d.vendor.oaid_shape in {"hex64", "HEX64"}] or world.android)
    owner = sy.pick(world.zh)
    lat, lng = sy.latlng(owner.city)
    doc.line("package com.acme.tracker.fixtures")
    doc.line("")
    doc.line("/**")
    doc.line(" * Device fixtures captured from the QA rack. Keep them in sync with config/device.properties.")
    doc.line(" */")
    doc.line("object DeviceFixtures {")
    doc.line('    const val TEST_IMEI = "', P("IMEI", dev.imei), '"')
    doc.line('    const val TEST_IMEI_PRINTED = "', P("IMEI", format_imei(dev2.imei, "2661")),
             '"  // as shown in *#06#')
    doc.line('    const val TEST_IMEISV = "', P("IMEI", dev.imei[:14] + dev.svn), '"')
    doc.line('    const val TEST_IMSI = "', P("IMSI", dev.imsi), '"')
    doc.line('    const val TEST_SUPI = "', P("IMSI", "imsi-" + dev2.imsi), '"')
    doc.line('    const val TEST_ICCID = "', P("ICCID", dev.iccid), '"')
    doc.line('    const val TEST_ANDROID_ID = "', P("ANDROID_ID", dev.android_id), '"')
    doc.line('    const val TEST_GAID = "', P("ADVERTISING_ID", dev.gaid), '"')
    doc.line('    const val TEST_OAID = "', P("OAID", dev.oaid), '"')
    doc.line('    const val TEST_OAID_LONG = "', P("OAID", dev2.oaid), '"')
    doc.line('    const val TEST_WIFI_MAC = "', P("MAC_ADDRESS", format_mac(dev.wifi_mac, "COLON")), '"')
    doc.line('    const val TEST_SERIAL = "', P("DEVICE_SERIAL", dev.serial), '"')
    doc.line('    const val TEST_FID = "', P("FIREBASE_ID", dev.fid), '"')
    doc.line('    const val TEST_FCM_TOKEN =')
    doc.line('        "', P("FCM_TOKEN", dev.fcm_token), '"')
    doc.line('    const val TEST_MOBILE = "', P("PHONE_NUMBER", format_cn_mobile(owner.phone, "plus")), '"')
    doc.line('    val TEST_LOCATION = "', P("GEO_COORDINATE", f"{lat},{lng}"), '"')
    doc.line("")
    doc.line("    // Values the SDK must treat as 'no identifier'")
    doc.line('    const val EMULATOR_IMEI = "004999010640000"')
    doc.line('    const val ZERO_GAID = "00000000-0000-0000-0000-000000000000"')
    doc.line('    const val FAKE_MAC = "02:00:00:00:00:00"')
    doc.line('    const val LEGACY_ANDROID_ID = "9774d56d682e549c"')
    doc.line(f'    const val BAD_CHECKSUM_IMEI = "{sy.bad_imei(dev.imei[:8])}"')
    doc.line("")
    doc.line("    // Look-alikes that are not device identifiers")
    doc.line(f'    const val SAMPLE_SPAN_ID = "{sy.span_id()}"')
    doc.line(f'    const val SAMPLE_TRACE_ID = "{sy.trace_id()}"')
    doc.line(f'    const val APK_SHA256 = "{sy.sha256()}"')
    doc.line(f'    const val SDK_VERSION = "{SDK_VERSION}"')
    doc.line(f"    const val BUILD_TIME_MS = {sy.ts_ms()}L")
    doc.line("}")
    doc.line("")
    doc.line("class DeviceInfoTest {")
    doc.line("    @Test")
    doc.line("    fun imeiPassesLuhn() {")
    doc.line("        assertTrue(Luhn.isValid(DeviceFixtures.TEST_IMEI))")
    doc.line("        assertFalse(Luhn.isValid(DeviceFixtures.BAD_CHECKSUM_IMEI))")
    doc.line("    }")
    doc.line("")
    doc.line("    @Test")
    doc.line("    fun zeroAdIdIsTreatedAsOptOut() {")
    doc.line("        assertNull(AdIds.normalise(DeviceFixtures.ZERO_GAID))")
    doc.line("        assertEquals(DeviceFixtures.TEST_GAID, AdIds.normalise(DeviceFixtures.TEST_GAID))")
    doc.line("    }")
    doc.line("}")
    return doc


def java_push_test_doc(path: str, sy: Synth, world: World) -> Doc:
    """A JUnit test of push registration with tokens, cell ids and phone numbers."""
    doc = Doc(path)
    devs = [sy.pick(world.android) for _ in range(2)]
    cn = sy.pick(world.zh)
    en = sy.pick(world.en)
    (k1, v1), (k2, v2) = sy.cell(lte=True)
    doc.line("package com.acme.tracker.push;")
    doc.line("")
    doc.line("import static org.junit.Assert.assertEquals;")
    doc.line("import static org.junit.Assert.assertTrue;")
    doc.line("")
    doc.line("import java.util.Map;")
    doc.line("import org.junit.Test;")
    doc.line("")
    doc.line("public class PushRegistrationTest {")
    doc.line('    private static final String FID = "', P("FIREBASE_ID", devs[0].fid), '";')
    doc.line('    private static final String INSTANCE_ID = "', P("FIREBASE_ID", devs[1].iid), '";')
    doc.line('    private static final String TOKEN = "', P("FCM_TOKEN", devs[0].fcm_token), '";')
    doc.line('    private static final String LEGACY_TOKEN =')
    doc.line('            "', P("FCM_TOKEN", devs[1].legacy_token), '";')
    doc.line(f'    private static final String REQUEST_ID = "{sy.uuid4()}";')
    doc.line("")
    doc.line("    @Test")
    doc.line("    public void registrationPayloadCarriesDeviceContext() {")
    doc.line("        Map<String, Object> payload = Map.of(")
    doc.line('                "registration_token", TOKEN,')
    doc.line('                "android_id", "', P("ANDROID_ID", devs[0].android_id), '",')
    doc.line(f'                "{k1}", ', P("CELL_ID", str(v1)), ",")
    doc.line(f'                "{k2}", ', P("CELL_ID", str(v2)), "L,")
    doc.line('                "phone", "', P("PHONE_NUMBER", format_cn_mobile(cn.phone, "plus344")), '",')
    doc.line('                "backup_phone", "', P("PHONE_NUMBER", format_intl_phone(en.phone)), '",')
    doc.line('                "client_ip", "', P("IP_ADDRESS", sy.ipv6_public()), '",')
    doc.line('                "request_id", REQUEST_ID);')
    doc.line("        PushRegistration reg = PushRegistration.fromMap(payload);")
    doc.line("        assertEquals(FID, reg.installationIdFromToken(TOKEN));")
    doc.line("        assertTrue(reg.isLegacy(LEGACY_TOKEN));")
    doc.line("    }")
    doc.line("")
    doc.line("    @Test")
    doc.line("    public void rejectsPlaceholderMsisdn() {")
    doc.line('        assertTrue(PushRegistration.isPlaceholderPhone("13800138000"));')
    doc.line(f'        assertTrue(PushRegistration.isMasked("{mask_cn_mobile(cn.phone)}"));')
    doc.line("    }")
    doc.line("}")
    return doc


def gradle_doc(path: str, sy: Synth) -> Doc:
    """The Android module build script (versions and build numbers only: look-alikes)."""
    doc = Doc(path)
    doc.line("plugins {")
    doc.line('    id("com.android.application")')
    doc.line('    id("org.jetbrains.kotlin.android")')
    doc.line('    id("com.google.gms.google-services")')
    doc.line("}")
    doc.line("")
    doc.line("android {")
    doc.line(f'    namespace = "{APP_PKG}"')
    doc.line("    compileSdk = 34")
    doc.line("    defaultConfig {")
    doc.line(f'        applicationId = "{APP_PKG}"')
    doc.line("        minSdk = 24")
    doc.line(f"        versionCode = {VERSION_CODE}")
    doc.line(f'        versionName = "{SDK_VERSION}"')
    build = f"20241129.{sy.rng.randrange(1000, 2400)}"
    doc.line(f'        buildConfigField("String", "BUILD_ID", "\\"{build}\\"")')
    doc.line("    }")
    doc.line("}")
    doc.line("")
    doc.line("dependencies {")
    doc.line('    implementation("com.squareup.okhttp3:okhttp:4.12.0")')
    doc.line('    implementation("com.google.firebase:firebase-messaging:23.4.1")')
    doc.line('    implementation("com.google.android.gms:play-services-ads-identifier:18.0.1")')
    doc.line('    implementation(files("libs/oaid_sdk_1.0.25.aar"))')
    doc.line('    testImplementation("junit:junit:4.13.2")')
    doc.line("}")
    return doc


def python_fixture_json_doc(path: str, sy: Synth, world: World) -> tuple[Doc, Person]:
    """A pretty-printed JSON event fixture (input of the Python unittest)."""
    doc = Doc(path)
    person = sy.pick([p for p in world.zh if any(not d.is_ios for d in p.devices)])
    dev = next(d for d in person.devices if not d.is_ios)
    lat, lng = sy.latlng(person.city)
    (k1, v1), (k2, v2) = sy.cell(lte=False)
    obj: dict[str, Any] = {
        "event": "app_start",
        "request_id": sy.uuid4(),
        "ts": sy.ts_ms(),
        "device": _device_obj(sy, dev, full=True),
        "geo": {"lat": PN("GEO_COORDINATE", lat), "lng": PN("GEO_COORDINATE", lng)},
        "cell": {"mcc": "460", "mnc": dev.mnc, k1: PN("CELL_ID", str(v1)), k2: PN("CELL_ID", str(v2))},
        "ip": P("IP_ADDRESS", sy.ipv4_public()),
        "user": {"uid": person.user_id, "phone": P("PHONE_NUMBER", person.phone),
                 "email": P("EMAIL_ADDRESS", person.email)},
        "push": {"fid": P("FIREBASE_ID", dev.fid), "push_token": P("FCM_TOKEN", dev.fcm_token)},
        "trace": {"trace_id": sy.trace_id(), "span_id": sy.span_id()},
        "sdk_version": SDK_VERSION,
    }
    put_json(doc, obj, indent=2)
    doc.put("\n")
    return doc, person


def python_unittest_doc(path: str, sy: Synth, world: World, fixture_name: str, person: Person) -> Doc:
    """A Python unittest with identifiers in constants, reading the JSON fixture."""
    doc = Doc(path)
    other = sy.pick(world.zh)
    en = sy.pick([p for p in world.en if p.ssn] or world.en)
    doc.line('"""Tests for the event ingestion normaliser (fixtures are lab data)."""')
    doc.line("")
    doc.line("import json")
    doc.line("import pathlib")
    doc.line("import unittest")
    doc.line("")
    doc.line("from ingest import normalise_event, mask_phone, is_placeholder")
    doc.line("")
    doc.line(f'FIXTURE = pathlib.Path(__file__).parent / "fixtures" / "{fixture_name}"')
    doc.line("")
    doc.line('USER_PHONE = "', P("PHONE_NUMBER", format_cn_mobile(other.phone, "344")), '"  # 手机号')
    doc.line('USER_ID_CARD = "', P("CN_RESIDENT_ID", other.id_card), '"  # 身份证号')
    doc.line('USER_BANK_CARD = "', P("CREDIT_CARD", other.bank_card), '"')
    if other.passport:
        doc.line('USER_PASSPORT = "', P("CN_PASSPORT", other.passport), '"  # passport / 护照')
    doc.line('US_SSN = "', P("US_SSN", en.ssn or sy.ssn()), '"')
    doc.line('SUPPORT_EMAIL = "', P("EMAIL_ADDRESS", other.email), '"')
    doc.line("")
    doc.line('PLACEHOLDER_ID_CARD = "11010519491231002X"  # GB 11643 textbook sample')
    doc.line('TEST_CARD = "4111111111111111"')
    doc.line('PLACEHOLDER_PHONE = "13800138000"')
    doc.line(f'ORDER_NO = "{sy.order_no()}"')
    doc.line(f'SDK_VERSION = "{SDK_VERSION}"')
    doc.line("")
    doc.line("")
    doc.line("class NormaliseEventTest(unittest.TestCase):")
    doc.line("    def setUp(self):")
    doc.line('        self.event = json.loads(FIXTURE.read_text(encoding="utf-8"))')
    doc.line("")
    doc.line("    def test_phone_is_masked(self):")
    doc.line("        out = normalise_event(self.event)")
    doc.line(f'        self.assertEqual(out["user"]["phone"], "{mask_cn_mobile(person.phone)}")')
    doc.line("")
    doc.line("    def test_mask_phone(self):")
    doc.line(f'        self.assertEqual(mask_phone(USER_PHONE), "{mask_cn_mobile(other.phone)}")')
    doc.line("")
    doc.line("    def test_placeholders(self):")
    doc.line("        self.assertTrue(is_placeholder(PLACEHOLDER_ID_CARD))")
    doc.line("        self.assertTrue(is_placeholder(TEST_CARD))")
    doc.line("        self.assertFalse(is_placeholder(USER_ID_CARD))")
    doc.line("")
    doc.line("    def test_imei_from_fixture(self):")
    imei = next(d for d in person.devices if not d.is_ios).imei
    doc.line('        self.assertEqual(self.event["device"]["imei"], "', P("IMEI", imei), '")')
    doc.line("")
    doc.line("")
    doc.line('if __name__ == "__main__":')
    doc.line("    unittest.main()")
    return doc


def python_ingest_doc(path: str, sy: Synth) -> Doc:
    """Server-side helper module: placeholder lists, masking, internal addresses."""
    doc = Doc(path)
    doc.line('"""Event ingestion: normalise device payloads before they reach the warehouse."""')
    doc.line("")
    doc.line("import re")
    doc.line("")
    doc.line('COLLECTOR_HOST = "', P("IP_ADDRESS", sy.ipv4_private()), '"')
    doc.line('COLLECTOR_HOST_V6 = "', P("IP_ADDRESS", sy.ipv6_public()), '"')
    doc.line("")
    doc.line("PLACEHOLDERS = {")
    doc.line('    "004999010640000",  # emulator IMEI')
    doc.line('    "00000000-0000-0000-0000-000000000000",  # limit-ad-tracking GAID')
    doc.line('    "02:00:00:00:00:00",  # Android fake MAC')
    doc.line('    "9774d56d682e549c",  # duplicate Android ID')
    doc.line('    "11010519491231002X",')
    doc.line('    "4111111111111111",')
    doc.line('    "13800138000",')
    doc.line("}")
    doc.line("")
    doc.line('_PHONE = re.compile(r"(1[3-9][0-9])[0-9]{4}([0-9]{4})")')
    doc.line("")
    doc.line("")
    doc.line("def is_placeholder(value):")
    doc.line("    return value in PLACEHOLDERS")
    doc.line("")
    doc.line("")
    doc.line("def mask_phone(value):")
    doc.line('    digits = value.replace(" ", "").replace("-", "")')
    doc.line('    return _PHONE.sub(r"\\1****\\2", digits)')
    doc.line("")
    doc.line("")
    doc.line("def normalise_event(event):")
    doc.line("    out = dict(event)")
    doc.line('    user = dict(out.get("user") or {})')
    doc.line('    if "phone" in user:')
    doc.line('        user["phone"] = mask_phone(user["phone"])')
    doc.line('    out["user"] = user')
    doc.line(f'    out["schema"] = "{SDK_VERSION}"')
    doc.line("    return out")
    return doc


# --- support notes (EN / ZH) ----------------------------------------------------------------------------

EN_TITLES = {"charge": "duplicate charge", "device": "device transfer", "refund": "refund to bank account",
             "location": "wrong city in trip history", "login": "account takeover report",
             "push": "no push notifications", "kyc": "identity verification (traveller from China)",
             "sim": "SMS codes not arriving"}
ZH_TITLES = {"stolen": "账号被盗申诉", "device": "更换设备解绑", "refund": "退款到银行卡",
             "location": "行程轨迹异常", "passport": "境外实名认证", "sim": "换卡后无法登录",
             "push": "收不到推送", "fullwidth": "身份核验（用户手输全角）",
             "minor": "监护人申请注销未成年人账号", "hotel": "合作酒店入住登记回传"}


EN_FILLER = (
    "Customer was polite but frustrated; this is the second contact about the same issue.",
    "Reproduced on staging with a lab device; the bug is tracked in MOB-{n}.",
    "Escalated to tier 3 because the logs show a timeout in the payment gateway (build {build}).",
    "Sent the standard apology macro and a 10% voucher; no further action needed.",
    "The user had notifications disabled in system settings; walked them through re-enabling.",
    "Waiting for the customer to confirm; auto-close in 72 hours if there is no reply.",
    "Checked the fraud dashboard: risk score {score}/100, below the manual-review threshold.",
    "Linked to incident INC-{n}; the fix ships with app version 4.2.7.",
    "Cleared the app cache remotely (feature flag ops.cache_reset) and asked the user to retry.",
    "Agent note: please stop pasting full card numbers into tickets, use the last four digits only.",
)
ZH_FILLER = (
    "用户情绪较为激动，已安抚并承诺48小时内回复。",
    "已在测试环境复现，问题单号 MOB-{n}，预计随 4.2.7 版本修复。",
    "按流程核验了注册时间和最近一笔订单金额，核验通过。",
    "已发送标准致歉话术并补偿优惠券一张，用户表示满意。",
    "风控评分 {score}/100，低于人工审核阈值，无需进一步处理。",
    "用户未开启通知权限，已指导其在系统设置中开启。",
    "提醒：工单中不要粘贴完整银行卡号和身份证号，只保留后四位。",
    "已关联故障单 INC-{n}，等待研发确认根因。",
    "等待用户补充材料，72小时未回复将自动关闭工单。",
)


def _filler(doc: Doc, sy: Synth, pool: Sequence[str]) -> None:
    for sentence in sy.rng.sample(list(pool), sy.rng.randrange(1, 4)):
        doc.line(sentence.format(n=sy.rng.randrange(1000, 9999), score=sy.rng.randrange(3, 60),
                                      build=f"20241129.{sy.rng.randrange(1000, 2400)}"))


def _en_ticket(doc: Doc, sy: Synth, world: World, kind: str) -> None:
    p = sy.pick(world.en)
    dev = p.devices[0]
    doc.line(f"## Ticket #{sy.rng.randrange(40000, 49999)} - {EN_TITLES[kind]}")
    doc.line("")
    if kind == "charge":
        doc.line(f"Customer {p.name} wrote from ", P("EMAIL_ADDRESS", p.email),
                 f" on 2024-11-29 about a double charge of ${sy.amount()}. Card ending {p.bank_card[-4:]};",
                 " the full number ", P("CREDIT_CARD", format_card(p.bank_card, sy.pick(("space", "dash")))),
                 " was pasted into the chat, so the transcript must be purged.")
        doc.line(f"Order {sy.order_no()} shows two captures. Call-back number: ",
                 P("PHONE_NUMBER", format_intl_phone(p.phone)), ".")
    elif kind == "device":
        doc.line(f"{p.given} moved to a new phone and wants the old one unlinked. Old device IMEI ",
                 P("IMEI", format_imei(dev.imei, sy.pick(("2661", "bare", "2661s")))),
                 f" ({dev.vendor.name} {dev.model}), serial number ", P("DEVICE_SERIAL", dev.serial), ".")
        if dev.is_ios:
            doc.line("Advertising identifier (IDFA) from the MDM export: ", P("ADVERTISING_ID", dev.idfa),
                     ".")
        else:
            doc.line("Advertising ID (GAID) from the debug screen: ", P("ADVERTISING_ID", dev.gaid),
                     "; Android ID ", P("ANDROID_ID", dev.android_id), ".")
        if sy.chance(0.6):
            doc.line("Their router's DHCP table lists the phone's Wi-Fi MAC as ",
                     P("MAC_ADDRESS", format_mac(dev.wifi_mac, "cisco")), " (Cisco notation).")
        doc.line(f"App version {SDK_VERSION}, build {VERSION_CODE}. Request id for the unlink call:"
                 f" {sy.uuid4()}.")
    elif kind == "refund":
        iban = p.iban or sy.iban(sy.pick(("DE", "GB", "FR")))
        doc.line("Refund requested to IBAN ", P("IBAN_CODE", group4(iban) if sy.chance(0.7) else iban),
                 f" (account holder {p.name}).")
        if p.ssn:
            doc.line("The customer also sent their SSN ", P("US_SSN", p.ssn),
                     ' "for verification" - we never ask for it; deleted from the ticket body,',
                     " keep this note private.")
        else:
            doc.line("Customer confirmed by e-mail (", P("EMAIL_ADDRESS", p.email), ") and phone ",
                     P("PHONE_NUMBER", format_intl_phone(p.phone)), ".")
        doc.line(f"Finance reference: {sy.order_no()}; use the test card 4111111111111111 for the"
                 " dry-run only.")
    elif kind == "location":
        lat, lng = sy.latlng(p.city)
        doc.line(f"Trip history shows {p.city.en} but the user says they were elsewhere. Last fix reported",
                 " by the app: ", P("GEO_COORDINATE", f"{lat}, {lng}"),
                 f" (accuracy {sy.rng.randrange(5, 40)} m), client IP ",
                 P("IP_ADDRESS", sy.ipv4_public(p.country)), ".")
        doc.line("Map tiles are requested at zoom 12.5 around 39.9,116.4 by default - not the user's"
                 " location.")
    elif kind == "login":
        doc.line(f"Account {p.user_id} (", P("EMAIL_ADDRESS", p.email), ") reports logins they did not make.",
                 " Sessions came from ", P("IP_ADDRESS", sy.ipv4_public(sy.pick(("CN", "US")))), " and ",
                 P("IP_ADDRESS", sy.ipv6_public(p.country)), ".")
        doc.line(f"Trace for the suspicious session: traceparent {sy.traceparent()}.",
                 " Password reset link sent to ", P("EMAIL_ADDRESS", p.email), ".")
        if p.ssn:
            doc.line(f"Identity check passed with the last four of the SSN only (***-**-{p.ssn[-4:]}).")
    elif kind == "push":
        doc.line(f"No push notifications on the {dev.model}. FCM registration token from the debug log:")
        doc.line("")
        doc.line("    ", P("FCM_TOKEN", dev.fcm_token))
        doc.line("")
        doc.line("Installation ID ", P("FIREBASE_ID", dev.fid), f"; token refreshed at {sy.ts_ms()}",
                 " (ms since epoch). Ask the user to re-open the app once.")
    elif kind == "kyc":
        q = sy.pick([x for x in world.zh if x.passport] or world.zh)
        passport = q.passport or sy.cn_passport()
        doc.line(f"{q.latin} is travelling in {p.city.en} and re-verified the account with a PRC passport,",
                 " passport no. ", P("CN_PASSPORT", passport), ".")
        doc.line("Home mobile ", P("PHONE_NUMBER", format_cn_mobile(q.phone, sy.pick(("plus344", "0086")))),
                 ", UnionPay card on file ", P("CREDIT_CARD", format_card(q.bank_card, "space")),
                 ". Residence ID was not requested.")
    else:  # sim
        doc.line(f"{p.given} swapped SIM cards and gets no SMS codes. Number on the account: ",
                 P("PHONE_NUMBER", format_intl_phone(p.phone)), "; the debug screen shows ICCID ",
                 P("ICCID", dev.iccid), " and IMSI ", P("IMSI", dev.imsi), ".")
        doc.line(f"Carrier lookup returned MCC 460 / MNC {dev.mnc} - roaming; escalated to the SMS"
                 " vendor.")
    _filler(doc, sy, EN_FILLER)
    doc.line("")


def support_en_doc(path: str, sy: Synth, world: World, tickets: int) -> Doc:
    """English support notes written by agents (prose with pasted identifiers)."""
    doc = Doc(path)
    doc.line("# Support notes - week 48")
    doc.line("")
    doc.line("Internal working notes of the tier-2 support queue. Do not forward; redact before attaching",
             " to Jira.")
    doc.line("")
    kinds = list(EN_TITLES)
    for i in range(tickets):
        _en_ticket(doc, sy, world, kinds[i] if i < len(kinds) else sy.pick(kinds))
    return doc


def _zh_ticket(doc: Doc, sy: Synth, world: World, kind: str) -> None:
    p = sy.pick(world.zh)
    dev = next((d for d in p.devices if not d.is_ios), p.devices[0])
    order = sy.order_no()
    doc.line(f"## 工单 2024112{sy.rng.randrange(0, 10)}-{sy.rng.randrange(1, 999):04d}：{ZH_TITLES[kind]}")
    doc.line("")
    id_card = p.id_card.lower() if p.id_card.endswith("X") and sy.chance(0.5) else p.id_card
    if kind == "stolen":
        doc.line(f"用户{p.name}来电称账号在异地登录。核验信息：手机号",
                 P("PHONE_NUMBER", format_cn_mobile(p.phone, sy.pick(("bare", "344")))),
                 "，身份证号码", P("CN_RESIDENT_ID", id_card), "，注册邮箱", P("EMAIL_ADDRESS", p.email),
                 "。")
        doc.line("异常登录IP地址：", P("IP_ADDRESS", sy.ipv4_public()), "，登录时定位：",
                 P("GEO_COORDINATE", ",".join(sy.latlng(sy.pick(CN_CITIES)))), "。已冻结账号，订单号 ", order,
                 " 暂停发货。")
    elif kind == "device":
        doc.line(f"用户更换{dev.vendor.brand_zh}手机，申请解绑旧设备。旧设备IMEI号：", P("IMEI", dev.imei),
                 "，安卓ID：", P("ANDROID_ID", dev.android_id) if dev.android_id else "无", "，OAID：",
                 P("OAID", dev.oaid) if dev.oaid else "（该机型不支持）", "。")
        doc.line("设备序列号（SN码）：", P("DEVICE_SERIAL", dev.serial), "，无线MAC地址 ",
                 P("MAC_ADDRESS", format_mac(dev.wifi_mac, "DASH")),
                 f"。App版本 {SDK_VERSION}，构建号 {VERSION_CODE}。")
    elif kind == "refund":
        doc.line(f"用户{p.surname}先生/女士要求退款{sy.amount()}元到银行卡，银行卡号：",
                 P("CREDIT_CARD", format_card(p.bank_card, sy.pick(("space", "bare")))),
                 f"，开户人{p.name}。")
        doc.line("联系电话 ", P("PHONE_NUMBER", format_cn_mobile(p.phone, "plusdash")),
                 f"（已在系统中脱敏为{mask_cn_mobile(p.phone)}）。",
                 f"交易流水号 {sy.order_no()}，订单号 {order}。")
    elif kind == "location":
        lat, lng = sy.latlng(p.city)
        (_, lac), (_, cid) = sy.cell(lte=False)
        doc.line(f"用户反映行程轨迹显示在{p.city.zh}以外。App上报位置：经度", P("GEO_COORDINATE", lng),
                 "，纬度", P("GEO_COORDINATE", lat), "；基站信息 LAC ", P("CELL_ID", str(lac)),
                 "，CID ", P("CELL_ID", str(cid)), "。")
        lat2, lng2 = sy.latlng(p.city)
        doc.line("高德坐标（经纬度）：", P("GEO_COORDINATE", f"{lng2},{lat2}"),
                 "；默认地图中心 39.9,116.4 仅为城市级，不是用户位置。")
    elif kind == "passport":
        passport = p.passport or sy.cn_passport()
        doc.line(f"用户{p.name}在境外，使用护照完成实名认证，护照号码：", P("CN_PASSPORT", passport), "。")
        doc.line("备用联系方式：手机 ", P("PHONE_NUMBER", format_cn_mobile(p.phone, "plus344")), "，邮箱 ",
                 P("EMAIL_ADDRESS", p.email), "。")
        doc.line("证件照已删除；身份证 11010519491231002X 为培训示例号码，非本人。")
    elif kind == "sim":
        doc.line("用户换了新SIM卡后无法收到验证码。SIM卡号（ICCID）：", P("ICCID", dev.iccid),
                 "，国际移动用户识别码IMSI：", P("IMSI", dev.imsi), f"，运营商{dev.carrier[1]}。")
        if dev.meid:
            doc.line("电信机型，移动设备识别码（MEID）：", P("MEID", dev.meid), "。")
        doc.line("设备IMEI ", P("IMEI", format_imei(dev.imei, "861")), "；手机号", P("PHONE_NUMBER", p.phone),
                 "。核心网日志里的 SUPI 为 ", P("IMSI", "imsi-" + dev.imsi), "。")
    elif kind == "push":
        doc.line(f"用户{p.name}收不到推送。推送token：")
        doc.line("")
        doc.line("    ", P("FCM_TOKEN", dev.fcm_token))
        doc.line("")
        doc.line("Firebase 安装ID（FID）", P("FIREBASE_ID", dev.fid), "，客户端IP ",
                 P("IP_ADDRESS", sy.ipv6_public()), f"。请求ID {sy.uuid4()}，trace_id {sy.trace_id()}。")
    elif kind == "minor":
        p = sy.pick([x for x in world.zh if x.id_card[6:10] < "1990"] or world.zh)
        id_card = p.id_card
        child = sy.cn_resident_id(p.city, (2012, 2016))
        doc.line(f"监护人{p.name}（手机：", P("PHONE_NUMBER", format_cn_mobile(p.phone, "344")),
                 "）申请注销其子女的账号。未成年人身份证号：", P("CN_RESIDENT_ID", child),
                 "；监护人身份证号码：", P("CN_RESIDENT_ID", id_card), "。")
        doc.line("按未成年人个人信息保护要求，已删除该账号的定位轨迹与设备标识（OAID：",
                 P("OAID", dev.oaid) if dev.oaid else "无", "）。")
    elif kind == "hotel":
        q = sy.pick([x for x in world.zh if x.passport] or world.zh)
        lat, lng = sy.latlng(q.city)
        doc.line(f"合作酒店回传的入住登记：姓名{q.name}，证件类型护照，护照号",
                 P("CN_PASSPORT", q.passport or sy.cn_passport()), "，联系手机", P("PHONE_NUMBER", q.phone),
                 "，入住坐标 ", P("GEO_COORDINATE", f"{lat},{lng}"), "。")
        doc.line(f"该数据不应进入我方系统，已通知对方停止回传（对方单号 {sy.order_no()}）。")
    else:
        doc.line(f"用户{p.name}通过在线表单提交资料，号码是用全角数字输入的：")
        doc.line("")
        doc.line("- 手机号码：", P("PHONE_NUMBER", fullwidth(p.phone)))
        doc.line("- 设备IMEI号：", P("IMEI", fullwidth(dev.imei)))
        doc.line("- 身份证号码：", P("CN_RESIDENT_ID", fullwidth(p.id_card)))
        doc.line("- 订单号：", fullwidth(order))
        doc.line("")
        doc.line("已转换为半角后录入系统。")
    _filler(doc, sy, ZH_FILLER)
    doc.line("")


def support_zh_doc(path: str, sy: Synth, world: World, tickets: int) -> Doc:
    """Chinese support notes (客服工单) with identifiers in prose, some typed with full-width digits."""
    doc = Doc(path)
    doc.line("# 客服工单记录（第48周）")
    doc.line("")
    doc.line("仅供二线客服内部使用。转发前请脱敏：",
             f"手机号保留前三后四（如 {mask_cn_mobile(sy.cn_mobile())}），",
             f"银行卡只保留后四位（如 6222 **** **** {sy.digits(4)}）。")
    doc.line("")
    kinds = list(ZH_TITLES)
    for i in range(tickets):
        _zh_ticket(doc, sy, world, kinds[i] if i < len(kinds) else sy.pick(kinds))
    return doc


# --- HTTP capture ---------------------------------------------------------------------------------------


def http_dump_doc(path: str, sy: Synth, world: World, exchanges: int) -> Doc:
    """Request/response pairs captured by a debugging proxy (headers, cookies, JSON bodies)."""
    doc = Doc(path)
    for _ in range(exchanges):
        p = sy.pick(world.people)
        dev = sy.pick(p.devices)
        client = sy.ipv4_public(p.country)
        lat, lng = sy.latlng(p.city)
        body: dict[str, Any] = {"uid": p.user_id, "phone": P("PHONE_NUMBER", person_phone(p, "plus")),
                                "lat": PN("GEO_COORDINATE", lat), "lng": PN("GEO_COORDINATE", lng),
                                "event_id": sy.uuid4(), "sdk_version": SDK_VERSION}
        payload = Doc("")
        put_json(payload, body)
        doc.line("### ", sy.uuid4())
        doc.line("POST /v2/events HTTP/1.1")
        doc.line(f"Host: collector.{API_HOST.split('.', 1)[1]}")
        doc.line(f"User-Agent: {dev.ua}")
        doc.line("X-Forwarded-For: ", P("IP_ADDRESS", client), ", ", P("IP_ADDRESS", sy.ipv4_private()))
        doc.line("X-Real-IP: ", P("IP_ADDRESS", client))
        doc.line(f"X-Request-Id: {sy.uuid4()}")
        doc.line(f"traceparent: {sy.traceparent()}")
        if dev.is_ios:
            doc.line("X-IDFA: ", P("ADVERTISING_ID", dev.idfa))
        else:
            doc.line("X-Android-Id: ", P("ANDROID_ID", dev.android_id))
            if dev.oaid:
                doc.line("X-OAID: ", P("OAID", dev.oaid))
            doc.line("X-IMEI: ", P("IMEI", dev.imei))
        doc.line(f"Cookie: lang=zh-CN; _ga=GA1.2.{sy.digits(10, True)}.{sy.ts_ms() // 1000}; "
                 f"sessionid={sy.hex(32)}")
        doc.line("Content-Type: application/json")
        doc.line(f"Content-Length: {len(payload.text.encode('utf-8'))}")
        doc.line("")
        start = doc.size
        doc.put(payload.text)
        for lab in payload.labels:
            doc.labels.append(Label(doc.path, lab.entity, start + lab.start, start + lab.end, lab.value))
        doc.line("")
        doc.line("")
        doc.line("HTTP/1.1 200 OK")
        doc.line("Content-Type: application/json")
        doc.line(f"X-Trace-Id: {sy.trace_id()}")
        doc.line(f"ETag: \"{sy.hex(32)}\"")
        doc.line("")
        doc.line(f'{{"code":0,"accepted":1,"server_time":{sy.ts_ms()}}}')
        doc.line("")
    return doc


# --- repository assembly ------------------------------------------------------------------------------

REPO_README = """\
# acme-tracker sample repository (synthetic)

This directory is test data for piiscan. It imitates a small mobile-app repository: Android
logcat captures, an access log, analytics events, CSV exports, configuration, source code with
test fixtures, support notes in English and Chinese and an HTTP capture.

**All data is synthetic.** Every name, phone number, e-mail address, ID-card number, card number,
IBAN, device identifier, coordinate and IP address was generated by `samples/generate.py` from a
fixed seed; none belongs to a real person or device. Check digits are valid on purpose, so that
the scanner's validators are exercised. Do not edit files here by hand: regenerate with

    python samples/generate.py

Ground truth (one labeled span per line) is in `samples/labels.jsonl`. Placeholders (emulator
IMEI, all-zero advertising IDs, `02:00:00:00:00:00`, test cards ...), masked values and
look-alikes (span/trace ids, digests, request ids, order numbers, versions) are deliberately
present and deliberately unlabeled. Person names appear but are not labeled.
"""

REPO_GITIGNORE = """\
# build output and local caches (never committed)
build/
*.tmp
.idea/
local.properties
"""

REPO_GITATTRIBUTES = """\
# keep the sample files byte-for-byte (tests compare them with the generator output)
* -text
"""

APP_GITIGNORE = """\
/build
/captures
*.keystore
google-services.json
"""


def build_repo(seed: str, scale: float = 1.0, extras: bool = True) -> list[Doc]:
    """All documents of one synthetic app repository (paths relative to the repository root).

    ``scale`` multiplies the size of the bulky files (logs, events, CSV); ``extras`` adds README and
    .gitignore files (unlabeled).
    """
    world = World(seed)

    def sy(name: str) -> Synth:
        return Synth(random.Random(f"{seed}/{name}"))

    def n(value: float) -> int:
        return max(1, int(value * scale))

    docs: list[Doc] = []
    s = sy("logs/logcat")
    zh_android = [d for p in world.zh for d in p.devices if not d.is_ios]
    dev = s.pick([d for d in zh_android if d.vendor.name == "Xiaomi"] or zh_android)
    owner = next(p for p in world.people if dev in p.devices)
    docs.append(logcat_doc("logs/logcat.txt", s, world, dev, owner, n(56000)))
    s = sy("logs/logcat-2")
    dev2 = s.pick([d for d in zh_android if d.meid] or zh_android)
    owner2 = next(p for p in world.people if dev2 in p.devices)
    docs.append(logcat_doc("logs/qa/logcat-telecom.txt", s, world, dev2, owner2, n(22000)))
    docs.append(access_log_doc("logs/access.log", sy("logs/access"), world, n(20000)))
    docs.append(analytics_doc("events/analytics.jsonl", sy("events"), world, n(52000)))
    docs.append(users_csv_doc("exports/users.csv", sy("exports/users"), world, n(120)))
    docs.append(devices_csv_doc("exports/devices.csv", sy("exports/devices"), world, n(60)))
    docs.append(payouts_csv_doc("exports/payouts_2024-11.csv", sy("exports/payouts"), world, n(30)))
    docs.append(app_yaml_doc("config/app.yaml", sy("config/app"), world))
    docs.append(device_properties_doc("config/device.properties", sy("config/device"), world))
    docs.append(kotlin_fixtures_doc("src/app/src/test/kotlin/com/acme/tracker/fixtures/DeviceFixtures.kt",
                                    sy("src/kotlin"), world))
    docs.append(java_push_test_doc("src/app/src/test/java/com/acme/tracker/push/PushRegistrationTest.java",
                                   sy("src/java"), world))
    docs.append(gradle_doc("src/app/build.gradle.kts", sy("src/gradle")))
    fixture, person = python_fixture_json_doc("src/server/tests/fixtures/app_start_event.json",
                                              sy("src/fixture"), world)
    docs.append(fixture)
    docs.append(python_unittest_doc("src/server/tests/test_ingest.py", sy("src/unittest"), world,
                                    "app_start_event.json", person))
    docs.append(python_ingest_doc("src/server/ingest.py", sy("src/ingest")))
    docs.append(support_en_doc("docs/support_en.md", sy("docs/en"), world, n(20)))
    docs.append(support_zh_doc("docs/support_zh.md", sy("docs/zh"), world, n(24)))
    docs.append(http_dump_doc("http/capture-2024-11-29.http", sy("http"), world, n(10)))
    if extras:
        for path, text in (("README.md", REPO_README), (".gitignore", REPO_GITIGNORE),
                           (".gitattributes", REPO_GITATTRIBUTES), ("src/app/.gitignore", APP_GITIGNORE)):
            docs.append(Doc(path).put(text))
    return docs
