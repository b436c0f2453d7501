import pytest

from publisher.check import numbers
from publisher.document import Block, BlockKind, Document, Provenance, Segment
from publisher.terms.glossary import Glossary, Term

APPROVED, PARAGRAPH = Provenance.APPROVED, BlockKind.PARAGRAPH


def seg(zh: str, en: str | None) -> Segment:
    return Segment("s1", zh, en, APPROVED if en else Provenance.MISSING)


def problems(zh: str, en: str, glossary: Glossary | None = None) -> str:
    """The reason of the segment's number finding, or "" when every figure matches."""
    finding = numbers.check_segment(seg(zh, en), glossary)
    return finding.reason if finding else ""


MATCHING = [
    ("投资150亿元的三一集团重大项目", "a SANY Group project with an investment of 15 billion yuan"),
    ("投资51亿元的技术改造", "a 5.1 billion yuan technical upgrade"),
    ("投资13亿元", "an investment of 1,300,000,000 yuan"),
    ("核准面积由44532公顷增加至84001公顷", "from 44,532 hectares to 84,001 hectares"),
    ("已建成5G基站2010个", "has built 2,010 5G base stations"),
    ("累计推动企业上云24万多家", "more than 240,000 enterprises moved to the cloud"),
    ("提供200万核计算及300PB存储能力", "2 million cores of computing and 300PB of storage"),
    ("300PB存储", "300 PB of storage"),
    ("为10万家企业服务", "serving 100,000 enterprises"),
    ("年均增长9%以上", "grew by more than 9% a year"),
    ("由2015年的91.3%提高到目前的93.9%", "from 91.3 percent in 2015 to 93.9 per cent now"),
    (
        "《园区升级三年行动方案(2018-2020)》",
        "Three-Year Action Plan for Park Upgrading (2018–2020)",
    ),
    ("十几年来认准永磁技术", "for more than a decade, permanent magnet technology"),
    ("十几年来认准永磁技术", "for more than ten years, permanent magnet technology"),
    ("这5年，奋进的株洲", "over these five years, Zhuzhou"),
    ("目前拥有9个示范车间，15个示范企业", "nine demonstration workshops and 15 enterprises"),
    ("“十三五”期间", "during the 13th Five-Year Plan period"),
    ("“十四五”我们必将行稳致远", "in the 14th Five-Year Plan period we will progress"),
    ("互联网+五年行动计划", "the Internet Plus five-year action plan"),
    ("综合实力跃居全省第3", "rose to third in the province"),
    ("综合实力跃居全省第3", "rose to 3rd place in the province"),
    ("获评数量全省第1", "the largest number, first in the province"),
    ("AG600大型水陆飞机", "the AG600 large amphibious aircraft"),
    ("2条冲压5400T生产线", "two 5400T stamping lines"),
    ("从1.0到2.0的进化，磁浮3.0版列车", "from version 1.0 to 2.0; the version 3.0 maglev train"),
    ("设计时速600公里", "a design speed of 600 km/h"),
    ("宁波地铁2号线二期车辆", "Phase II vehicles for Ningbo Metro Line 2"),
    ("北汽二工厂", "BAIC's No. 2 plant"),
    ("党的十九届五中全会", "the Fifth Plenary Session of the 19th CPC Central Committee"),
    ("一年初见成效，三年大见成效", "initial results in one year and major results in three years"),
    ("向两会报告", "Report to the Two Sessions"),
    ("紧扣“四升级一加强”工作重点", "the 'four upgrades and one strengthening' priorities"),
    ("形成了“一区三园”的空间布局", "a 'one zone, three parks' layout"),
    ("开办企业“一天即办结”", "'one-day completion' of business registration"),
    ("一系列关键技术相继被攻破", "A series of key technologies have been mastered"),
    ("一大批高端装备在这里诞生", "A large number of high-end products were made here"),
    ("两化融合等专项35个", "35 special projects such as the integration of IT and industry"),
    ("千方百计支持企业发展", "support enterprises by every possible means"),
    ("低效用地处置和二次开发", "disposal and redevelopment of inefficient land"),
    ("亿元企业62家", "62 enterprises with annual output above 100 million yuan"),
    ("2015年12月", "in December 2015"),
    ("全球首列虚拟轨道列车", "the world's first virtual-track train"),
    ("２０２０年", "in 2020"),
    ("产值增长百分之九", "output grew by 9%"),
    ("5大方面60项改革任务", "60 reform tasks in five major areas"),
    ("二十五家", "twenty-five firms"),
    ("十个园区全部完成", "all ten parks have completed"),
    ("这十分重要", "this is very important"),
    ("十余项关键技术", "more than ten key technologies"),
    ("实现营业收入3.2亿元", "revenue of 320 million yuan"),
    ("规模达1.2万亿元", "reaching 1.2 trillion yuan"),
    ("2020年1-9月", "January–September 2020"),
    ("前三季度", "the first three quarters"),
    ("二〇二〇年", "in 2020"),
    ("百姓千方百计", "the people, by every means"),
]


@pytest.mark.parametrize(("zh", "en"), MATCHING)
def test_matching_figures_pass(zh, en):
    assert problems(zh, en) == ""


WRONG = [
    (
        "投资150亿元",
        "an investment of 150 billion yuan",
        ["150亿元 = 15,000,000,000", "150 billion"],
    ),
    ("投资51亿元", "an investment of 51 billion yuan", ["51亿元 = 5,100,000,000"]),
    (
        "年均增长9%以上，占比91.3%",
        "grew by more than 9%, a share of 91.3",
        ["91.3%: not found", "“91.3”"],
    ),
    ("占比91.3%", "a share of 93.1%", ["91.3%", "93.1%"]),
    ("这5年", "these four years", ["5: not found", "“four”"]),
    ("(2018-2020)", "(2018–2021)", ["2020: not found", "“2021”"]),
    (
        "“十三五”期间",
        "during the 14th Five-Year Plan period",
        ["十三五 = 13", "14th Five-Year Plan"],
    ),
    ("2条冲压5400T生产线", "two stamping lines", ["5400T"]),
    ("全省第3", "second in the province", ["3: not found", "“second”"]),
    ("核准面积44532公顷", "an approved area of 44,523 hectares", ["44532", "44,523"]),
    ("已建成5G基站2010个", "has built 5G base stations", ["2010: not found"]),
    ("株洲园区", "Zhuzhou's 3 parks", ["“3”"]),
    ("24万多家", "more than 24,000", ["24万 = 240,000"]),
    ("十几年来", "for more than twenty years", ["十几 = 10", "“twenty”"]),
]


@pytest.mark.parametrize(("zh", "en", "said"), WRONG)
def test_wrong_figures_are_errors(zh, en, said):
    reason = problems(zh, en)
    assert reason
    for fragment in said:
        assert fragment in reason


def test_finding_highlights_both_sides():
    finding = numbers.check_segment(seg("投资150亿元的项目", "a 150 billion yuan project"))
    assert finding is not None and finding.severity == "error" and finding.check == "numbers"
    (zh_span,) = finding.zh_spans
    (en_span,) = finding.en_spans
    assert finding.zh[zh_span[0] : zh_span[1]] == "150亿元"
    assert finding.en[en_span[0] : en_span[1]] == "150 billion"


def test_repeated_figures_count_as_a_multiset():
    assert problems("专项35个，目录35个", "35 projects and 35 items") == ""
    assert "35: not found" in problems("专项35个，目录35个", "35 projects and items")


def test_glossary_terms_without_numbers_in_english_are_no_quantities():
    delta = Term(id="yrd", zh_hans="长三角", en="Yangtze River Delta")
    terms = Glossary([delta], "v1")
    assert "三 = 3" in problems("长三角地区", "the Yangtze River Delta region")
    assert problems("长三角地区", "the Yangtze River Delta region", terms) == ""


def test_document_check_skips_segments_without_english():
    segments = (seg("投资150亿元", None), Segment("s2", "这5年", "these five years", APPROVED))
    doc = Document("t", (Block(PARAGRAPH, "投资150亿元这5年", 1, segments),))
    assert numbers.check(doc) == []
    wrong = doc.map_segments(lambda s: Segment(s.id, s.zh, "these 6 years", APPROVED))
    assert [f.segment_id for f in numbers.check(wrong)] == ["s1", "s2"]
