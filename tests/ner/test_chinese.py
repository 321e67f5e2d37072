"""Chinese PERSON / LOCATION tagger: match and no-match tables, guards, and a never-raises property."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("jieba")

from piiscan.ner.base import LOCATION, PERSON, NerSpan
from piiscan.ner.chinese import ADDRESS_ID, PERSON_ID, ChineseTagger, lexicon, split_name

THRESHOLD = 0.5  # what the NER tier reports


@pytest.fixture(scope="module")
def tagger() -> ChineseTagger:
    return ChineseTagger()


def found(tagger: ChineseTagger, text: str, entity: str) -> list[str]:
    return [text[s.start : s.end] for s in tagger.tag(text) if s.entity == entity and s.score >= THRESHOLD]


PERSONS = [
    ("客户张伟反馈无法登录", ["张伟"]),
    ("欧阳娜娜说明天到", ["欧阳娜娜"]),
    ("用户名=司马懿 登录失败", ["司马懿"]),
    ("收件人：诸葛亮 电话：13800138000", ["诸葛亮"]),
    ("张伟、李娜和王芳都是同事", ["张伟", "李娜", "王芳"]),
    ("王秀英致电表示金额不对", ["王秀英"]),
    ("陈静女士您好，请确认订单", ["陈静"]),
    ("联系宋雨桐女士", ["宋雨桐"]),
    ("客户李梓涵反馈无法登录", ["李梓涵"]),
    ("我叫东方海波，住在这里", ["东方海波"]),
    ("李建国,13800138000,上海市浦东新区张江路88号", ["李建国"]),
    ("[10:32] 高少华：你好，我的快递还没到", ["高少华"]),
    ("患者上官文静今日复诊", ["上官文静"]),
    ("李宁先生已签收", ["李宁"]),
    ("经办人：皇甫嵩", ["皇甫嵩"]),
]

NO_PERSONS = [
    "张江高科今天股价上涨了3%。",
    "王老吉凉茶买一送一。",
    "李宁运动鞋在旗舰店打八折。",
    "王府井步行街人很多。",
    "周一到周五客服在线，周日休息。",
    "黄金价格上涨，黄金周期间高铁票紧张。",
    "请把文件发给我，安全方法见说明书。",
    "本月金额合计35000元，约3.5万元。",
    "明天马上处理，我们高度重视。",
    "江苏卫视正在直播。",
    "张经理和王老师都在开会，李总稍后回复。",
    "祝您马到成功、一帆风顺！",
    "user_name=zhang_wei id=10086",
    "getUserName() returned 12345678",
    "20240611 13800138000 3.1415926",
    "高新区的政策有变化。",
    "北京市海淀区西二旗中路33号",
]

LOCATIONS = [
    ("客户张伟反馈北京市海淀区西二旗中路33号无法收货", ["北京市海淀区西二旗中路33号"]),
    ("地址：浙江省杭州市西湖区文三路90号1幢2单元301室", ["浙江省杭州市西湖区文三路90号1幢2单元301室"]),
    ("李建国,13800138000,上海市浦东新区张江路88号", ["上海市浦东新区张江路88号"]),
    ("住在湖北省宜昌市西陵区珞喻路319号", ["湖北省宜昌市西陵区珞喻路319号"]),
    ("送到中山路805号翠湖山庄1号楼1单元384室", ["中山路805号翠湖山庄1号楼1单元384室"]),
    ("山东省烟台市芝罘区高新南七道279号A座27层", ["山东省烟台市芝罘区高新南七道279号A座27层"]),
    ("广东省深圳市南山区科技园南路12号", ["广东省深圳市南山区科技园南路12号"]),
    ("我下周去上海市出差", ["上海市"]),
]

NO_LOCATIONS = [
    "江苏卫视和北京银行是合作方。",
    "我知道这个味道，渠道很多。",
    "请把文件夹里的文档发给我。",
    "明天上午安排工程师上门。",
    "2024-06-11 12:00:01 INFO retry=3",
    "超市里的城市地图。",
]


@pytest.mark.parametrize(("text", "names"), PERSONS)
def test_person_found(tagger: ChineseTagger, text: str, names: list[str]) -> None:
    assert found(tagger, text, PERSON) == names


@pytest.mark.parametrize("text", NO_PERSONS)
def test_person_not_found(tagger: ChineseTagger, text: str) -> None:
    assert found(tagger, text, PERSON) == []


@pytest.mark.parametrize(("text", "places"), LOCATIONS)
def test_location_found(tagger: ChineseTagger, text: str, places: list[str]) -> None:
    assert found(tagger, text, LOCATION) == places


@pytest.mark.parametrize("text", NO_LOCATIONS)
def test_location_not_found(tagger: ChineseTagger, text: str) -> None:
    assert found(tagger, text, LOCATION) == []


def test_bare_places_can_be_turned_off() -> None:
    assert found(ChineseTagger(bare_places=False), "我下周去上海市出差", LOCATION) == []


def test_span_fields(tagger: ChineseTagger) -> None:
    text = "客户张伟反馈北京市海淀区西二旗中路33号无法收货"
    person, address = tagger.tag(text)
    assert person == NerSpan(PERSON, 2, 4, person.score, PERSON_ID, person.reasons)
    assert person.score >= 0.8 and "cue:客户" in person.reasons
    assert (address.entity, address.recognizer, address.score) == (LOCATION, ADDRESS_ID, 0.9)


def test_context_raises_score(tagger: ChineseTagger) -> None:
    plain = next(s for s in tagger.tag("刘德华的歌") if s.entity == PERSON)
    cued = next(s for s in tagger.tag("客户刘德华反馈") if s.entity == PERSON)
    assert THRESHOLD <= plain.score < cued.score


@pytest.mark.parametrize(
    ("word", "split"),
    [
        ("张伟", ("张", "伟")),
        ("欧阳娜娜", ("欧阳", "娜娜")),
        ("司马懿", ("司马", "懿")),
        ("王秀英", ("王", "秀英")),
        ("欧阳", None),
        ("张伟伟伟", None),
        ("张1", None),
        ("Zhang", None),
        ("张的", None),
        ("", None),
    ],
)
def test_split_name(word: str, split: tuple[str, str] | None) -> None:
    assert split_name(word, lexicon()) == split


def test_tag_many_keeps_order(tagger: ChineseTagger) -> None:
    texts = ["张伟说好", "", "no chinese here", "欧阳娜娜来电"]
    assert [[s.entity for s in spans] for spans in tagger.tag_many(texts)] == [[PERSON], [], [], [PERSON]]


def test_offsets_with_ascii_and_newlines(tagger: ChineseTagger) -> None:
    text = "id=7 ok\r\nname: x\n客户 王芳 反馈\t地址：广州市天河区体育西路1号\n"
    for span in tagger.tag(text):
        assert text[span.start : span.end] in {"王芳", "广州市天河区体育西路1号"}


def test_module_import_does_not_import_jieba() -> None:
    code = "import sys, piiscan.ner.chinese; print('jieba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("张王李欧阳司马伟娜秀英先生女士客户说市区路街号栋室省县镇村、和，。：=\n 0123456789-AB")),
        st.characters(),
    ),
    max_size=80,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_TEXT)
def test_never_raises_and_spans_are_well_formed(tagger: ChineseTagger, text: str) -> None:
    spans = tagger.tag(text)
    last_end = 0
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert span.start >= last_end  # sorted and non-overlapping
        last_end = span.end
        assert span.entity in (PERSON, LOCATION)
        assert span.recognizer == (PERSON_ID if span.entity == PERSON else ADDRESS_ID)
        assert 0.0 < span.score <= 1.0
        if span.entity == PERSON:
            assert split_name(text[span.start : span.end], lexicon()) is not None  # no digits, ASCII
