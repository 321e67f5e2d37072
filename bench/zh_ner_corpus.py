"""A labeled synthetic Chinese corpus for PERSON and LOCATION (fixed seed).

Documents look like support tickets, customer-service notes, chat logs, CSV exports
(``姓名,手机号,地址``), app logs (``用户名=...``) and prose, with decoys: places and brands that
start with surname characters (张江高科, 王老吉, 李宁 the brand), weekdays, amounts, idioms,
title-only mentions (张经理), code identifiers and organisations (江苏卫视).

The name and place lists below are written for this generator and are independent of the
tagger's lexicon (``piiscan/data/zh_*.yaml``): given names come only from here, and a few
surnames here are missing from the tagger's list on purpose.

Labels: PERSON is a full name (surname + given name); LOCATION is a whole address (province to
room) or, in prose and logs, a bare city/province name (``kind`` ``address`` or ``place``).

    python bench/zh_ner_corpus.py OUTDIR [--docs N]   # writes OUTDIR/*.txt and OUTDIR/labels.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SEED = 20240611


def _words(text: str) -> list[str]:
    return text.split()


SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
    "谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
RARE_SURNAMES = ["阎", "訾", "桓", "蔺", "晁", "甘", "卓", "仇", "揭", "冼"]
COMPOUND_SURNAMES = ["欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "慕容", "令狐", "公孙", "尉迟"]
GIVEN_TWO = _words(
    "秀英 建国 桂英 志强 建华 淑珍 海燕 文博 子轩 梓萱 浩然 雨桐 一诺 思远 俊杰 晓燕 丽娟 春梅 国庆 "
    "红霞 玉兰 建军 宇航 欣怡 佳琪 明轩 嘉怡 诗涵 博文 天佑 振华 德明 少华 美玲 雅婷 婉清 泽宇 晨曦 "
    "若曦 思彤 梦琪 子豪 嘉豪 立新 永强 凤英 秀兰 兰英 金凤 春华 桂兰 爱华 卫东 新民 家豪 志明 国强 "
    "丽华 晓明 娜娜 婷婷 亦菲 梓涵 奕辰 沐阳 可馨 云飞 光辉 长青 海波 德华 学友 美琪 静怡 紫涵 锦程 "
    "昊天 书瑶 芷若 一鸣 子墨"
)
GIVEN_ONE = list("伟芳娜敏静丽强磊军洋勇艳杰涛明超霞平刚桂鹏辉玲斌宇浩凯健琳雪婷倩颖萍峰旭阳懿亮蕾瑶")
FAMOUS = ["王秀英", "李建国", "欧阳娜娜", "司马懿", "诸葛亮", "上官婉儿", "张伟", "李娜", "王芳", "刘洋"]

PLACES: dict[str, dict[str, list[str]]] = {
    "北京市": {"": ["海淀区", "朝阳区", "东城区", "丰台区", "昌平区"]},
    "上海市": {"": ["浦东新区", "徐汇区", "静安区", "闵行区"]},
    "天津市": {"": ["南开区", "和平区"]},
    "重庆市": {"": ["渝中区", "江北区"]},
    "广东省": {
        "深圳市": ["南山区", "福田区", "宝安区"],
        "广州市": ["天河区", "越秀区", "番禺区"],
        "东莞市": ["松山湖"],
    },
    "浙江省": {"杭州市": ["西湖区", "余杭区", "滨江区"], "宁波市": ["鄞州区"], "温州市": ["鹿城区"]},
    "江苏省": {"南京市": ["鼓楼区", "玄武区"], "苏州市": ["姑苏区", "吴中区"], "无锡市": ["梁溪区"]},
    "四川省": {"成都市": ["武侯区", "锦江区", "高新区"], "绵阳市": ["涪城区"]},
    "湖北省": {"武汉市": ["洪山区", "江汉区", "武昌区"], "宜昌市": ["西陵区"]},
    "山东省": {"青岛市": ["市南区", "崂山区"], "济南市": ["历下区"], "烟台市": ["芝罘区"]},
    "陕西省": {"西安市": ["雁塔区", "碑林区"]},
    "福建省": {"厦门市": ["思明区", "湖里区"], "福州市": ["鼓楼区"]},
    "河北省": {"保定市": ["涞水县", "竞秀区"], "石家庄市": ["长安区"]},
    "内蒙古自治区": {"包头市": ["昆都仑区"], "呼和浩特市": ["新城区"]},
    "广西壮族自治区": {"南宁市": ["青秀区"], "桂林市": ["秀峰区"]},
}
ROADS = _words(
    "中关村大街 西二旗中路 张江路 文三路 南京东路 科技园南路 天府大道 解放路 人民路 建设路 中山路 和平街 "
    "长安街 学院路 光华路 金融街 滨江大道 珞喻路 香港中路 五四路 黄河路 东风路 北京西路 高新南七道 丹棱街 "
    "望京东路 莲花路"
)
ESTATES = _words("阳光花园 万科城 华润中心 保利小区 龙湖天街 中海国际社区 绿地大厦 世纪公寓 金色家园 翠湖山庄")
TOWNS = ["黄村镇", "永乐店镇", "朱家角镇", "石门乡", "王家村", "李庄村"]
BARE_PLACES = _words(
    "北京 上海 深圳 杭州 成都 武汉 西安 南京 广州 重庆 天津 苏州 江苏省 浙江省 广东省 上海市 北京市 深圳市 厦门"
)

PRODUCTS = ["路由器", "蓝牙耳机", "扫地机器人", "会员卡", "净水器", "平板电脑", "智能手表", "电饭煲"]
DECOYS = [
    "张江高科今天股价上涨了3%。",
    "王老吉凉茶买一送一。",
    "李宁运动鞋在旗舰店打八折。",
    "周大福的黄金首饰涨价了。",
    "康师傅方便面已经售罄。",
    "周一到周五客服在线，周末休息。",
    "本月金额合计35000元，约3.5万元。",
    "我们会高度重视，马上处理。",
    "明天上午安排工程师上门。",
    "江苏卫视和北京银行是合作方。",
    "祝您马到成功、一帆风顺！",
    "王婆卖瓜，自卖自夸。",
    "请把文件夹里的文档发给我。",
    "安全方法请参考说明书第3页。",
    "张经理和王老师都在开会，李总稍后回复。",
    "getUserName() 返回空，user_id=10086，请检查。",
    "订单号 20240611123456 已发货，运单号 SF1234567890。",
    "黄金周期间高铁票很紧张。",
    "江南皮革厂倒闭了。",
    "高新技术企业认定有变化。",
    "方正字体的版权问题。",
    "万达广场开业。",
    "石头剪刀布。",
    "谢谢您的耐心等待！",
    "温馨提示：请勿泄露验证码。",
    "程序员小周说版本1.2.3有bug。",
]
WEEKDAYS = ["周一", "周二", "周三", "周四", "周五", "周六", "周日", "明天", "下周"]


@dataclass
class Doc:
    """Text plus labels ``(entity, start, end, kind)``."""

    text: str = ""
    labels: list[tuple[str, int, int, str]] = field(default_factory=list)

    def add(self, s: str) -> Doc:
        self.text += s
        return self

    def ent(self, entity: str, s: str, kind: str) -> Doc:
        self.labels.append((entity, len(self.text), len(self.text) + len(s), kind))
        self.text += s
        return self


class Gen:
    """Random names, addresses and documents."""

    def __init__(self, seed: int = SEED) -> None:
        self.r = random.Random(seed)

    def name(self) -> str:
        r = self.r
        if r.random() < 0.06:
            return r.choice(FAMOUS)
        x = r.random()
        surname = (
            r.choice(COMPOUND_SURNAMES) if x < 0.1 else r.choice(RARE_SURNAMES) if x < 0.16 else r.choice(SURNAMES)
        )
        given = r.choice(GIVEN_TWO) if r.random() < 0.7 else r.choice(GIVEN_ONE)
        return surname + given

    def address(self) -> str:
        r = self.r
        prov = r.choice(list(PLACES))
        city = r.choice(list(PLACES[prov]))
        district = r.choice(PLACES[prov][city])
        road = r.choice(ROADS)
        num = f"{r.randint(1, 999)}号"
        tail = r.choice(
            [
                "",
                f"{r.randint(1, 30)}栋{r.randint(1, 30)}{r.randint(1, 9):02d}室",
                f"{r.choice(ESTATES)}{r.randint(1, 20)}号楼{r.randint(1, 6)}单元{r.randint(101, 2808)}室",
                f"{r.randint(1, 12)}幢{r.randint(1, 4)}单元{r.randint(101, 1808)}",
                f"{r.choice(['A', 'B', 'C'])}座{r.randint(2, 30)}层",
            ]
        )
        shape = r.random()
        if shape < 0.45:
            return prov + city + district + road + num + tail
        if shape < 0.65:
            return (city or prov) + district + road + num + tail
        if shape < 0.8:
            return district + road + num + tail
        if shape < 0.9:
            return prov + city + district + r.choice(TOWNS) + f"{r.randint(1, 99)}号"
        return road + num + tail

    def phone(self) -> str:
        return "1" + self.r.choice("3456789") + "".join(self.r.choice("0123456789") for _ in range(9))

    def decoy(self) -> str:
        return self.r.choice(DECOYS)

    # -- document templates -------------------------------------------------------------------

    def ticket(self) -> Doc:
        r = self.r
        d = Doc().add(f"工单#{r.randint(10000, 99999)}：客户").ent("PERSON", self.name(), "name")
        d.add(f"反馈{r.choice(PRODUCTS)}无法连接，联系电话{self.phone()}，收货地址：").ent(
            "LOCATION", self.address(), "address"
        )
        d.add("。").add(self.decoy())
        return d.add("处理人：").ent("PERSON", self.name(), "name").add("\n")

    def note(self) -> Doc:
        r = self.r
        d = Doc().ent("PERSON", self.name(), "name").add(r.choice(["女士", "先生", "小姐"]))
        d.add(f"{r.choice(WEEKDAYS)}来电表示收到的{r.choice(PRODUCTS)}有问题，已转交同事").ent(
            "PERSON", self.name(), "name"
        )
        return d.add(f"跟进。{self.decoy()}\n")

    def chat(self) -> Doc:
        r = self.r
        customer, agent = self.name(), self.name()
        d = Doc().add("[10:32] ").ent("PERSON", customer, "name").add("：你好，我的快递还没到\n")
        d.add("[10:33] 客服").ent("PERSON", agent, "name").add("：您好，").ent("PERSON", customer, "name")
        d.add(r.choice(["先生", "女士"])).add("，请提供一下地址\n[10:35] ").ent("PERSON", customer, "name").add("：")
        return d.ent("LOCATION", self.address(), "address").add("\n")

    def csv(self) -> Doc:
        d = Doc().add("姓名,手机号,地址\n")
        for _ in range(self.r.randint(2, 5)):
            d.ent("PERSON", self.name(), "name").add(f",{self.phone()},").ent("LOCATION", self.address(), "address")
            d.add("\n")
        return d

    def log(self) -> Doc:
        r = self.r
        d = Doc()
        for _ in range(r.randint(2, 4)):
            d.add(f"2024-06-{r.randint(10, 28)} 12:{r.randint(10, 59)}:01 INFO login ok 用户名=")
            d.ent("PERSON", self.name(), "name").add(f" ip=10.0.{r.randint(0, 255)}.{r.randint(1, 254)} city=")
            d.ent("LOCATION", r.choice(BARE_PLACES), "place").add("\n")
        d.add(f"2024-06-11 12:00:02 WARN retry={r.randint(1, 5)} msg=金额校验失败 amount={r.randint(1, 9999)}\n")
        return d

    def names_list(self) -> Doc:
        names = [self.name() for _ in range(3)]
        d = Doc().add("参会人员：").ent("PERSON", names[0], "name").add("、").ent("PERSON", names[1], "name")
        return d.add("和").ent("PERSON", names[2], "name").add(f"，{self.r.choice(WEEKDAYS)}下午两点开会。\n")

    def prose(self) -> Doc:
        r = self.r
        d = Doc().ent("PERSON", self.name(), "name").add(r.choice(["说", "表示", "提到"]))
        d.add(f"{r.choice(WEEKDAYS)}要去").ent("LOCATION", r.choice(BARE_PLACES), "place")
        return d.add(f"出差，{self.decoy()}\n")

    def residence(self) -> Doc:
        d = (
            Doc()
            .add("我叫")
            .ent("PERSON", self.name(), "name")
            .add("，住在")
            .ent("LOCATION", self.address(), "address")
        )
        return d.add(f"，{self.decoy()}\n")

    def form(self) -> Doc:
        d = Doc().add("收件人：").ent("PERSON", self.name(), "name").add(f" 电话：{self.phone()} 地址：")
        return d.ent("LOCATION", self.address(), "address").add("\n")

    def decoys_only(self) -> Doc:
        return Doc().add("".join(self.decoy() for _ in range(3)) + "\n")

    def doc(self) -> Doc:
        templates: list[Callable[[], Doc]] = [
            self.ticket,
            self.note,
            self.chat,
            self.csv,
            self.log,
            self.names_list,
            self.prose,
            self.residence,
            self.form,
            self.decoys_only,
        ]
        return self.r.choice(templates)()


def corpus(n: int = 600, seed: int = SEED) -> list[Doc]:
    """``n`` labeled documents (deterministic for a seed)."""
    g = Gen(seed)
    return [g.doc() for _ in range(n)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--docs", type=int, default=600)
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args()
    args.outdir.mkdir(parents=True, exist_ok=True)
    with (args.outdir / "labels.jsonl").open("w", encoding="utf-8") as out:
        for i, doc in enumerate(corpus(args.docs, args.seed)):
            path = f"zh_{i:04d}.txt"
            (args.outdir / path).write_text(doc.text, encoding="utf-8")
            for entity, start, end, kind in doc.labels:
                row = {"path": path, "entity": entity, "start": start, "end": end, "value": doc.text[start:end]}
                out.write(json.dumps({**row, "kind": kind}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
