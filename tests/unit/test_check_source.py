from dataclasses import replace

from publisher.check import source
from publisher.read import markdown
from publisher.segment import segment

REPEATED = "梳理惠企政策，持续为企业推送。以实实在在的成效引导企业。5年来形成了株洲样本。"
SOURCE = f"""# 标题

贴心服务。{REPEATED}

园区升级。{REPEATED}

高位发动。另一段话，讲的是别的事情。
"""


def prepared(text: str):
    doc = segment(markdown.parse(text))
    return doc.map_segments(lambda s: replace(s, en=f"English for {s.id}."))


def test_a_repeated_paragraph_is_reported_once_per_pair():
    (f,) = source.repeats(prepared(SOURCE))
    assert (f.check, f.severity) == ("source", "warning")
    assert "line 5 repeats the paragraph at line 3" in f.reason
    assert "3 of 4 sentences" in f.reason and "all but “园区升级。”" in f.reason
    assert [f.zh[a:b] for a, b in f.zh_spans] == [REPEATED]
    assert f.en.startswith("English for") and f.en_spans


def test_short_sentences_repeated_on_purpose_are_not_reported():
    doc = prepared("高位发动。甲说了一件事情。\n\n高位发动。乙说了另一件事。\n")
    assert source.repeats(doc) == []


def test_three_copies_make_one_finding_per_copy_naming_the_first():
    doc = prepared(f"甲。{REPEATED}\n\n乙。{REPEATED}\n\n丙。{REPEATED}\n")
    findings = source.repeats(doc)
    assert len(findings) == 2
    assert all("repeats the paragraph at line 1:" in f.reason for f in findings)


def test_many_copies_stay_linear():
    blocks = "\n\n".join(f"第{i}段。{REPEATED}" for i in range(300))
    assert len(source.repeats(prepared(blocks + "\n"))) == 299


def test_the_readers_join_is_reported_with_a_doubled_character():
    doc = prepared(
        "开头一段。\n\n由12家轨道交通产业龙头企业、顶尖科研机构联合组建的国家先进轨道交通装备创新中心，"
        "针对行业内的关键共性\n\n性难题，展开技术攻关。\n"
    )
    (f,) = [f for f in source.repairs(doc) if "joined" in f.reason]
    assert "line 3" in f.reason and "doubles “性”" in f.reason
    assert [f.zh[a:b] for a, b in f.zh_spans] == ["性性"]


def test_punctuation_repairs_make_one_finding():
    doc = prepared("这5年,奋进的株洲,砥砺前行。\n\n第二段,也有半角。\n")
    (f,) = source.repairs(doc)
    assert "3 half-width punctuation marks made full-width in 2 paragraphs" in f.reason
    assert f.detail["lines"] == [1, 3]


def test_odd_characters_are_reported_per_segment():
    doc = prepared("２０２０年株洲 市建成(含自动驾驶)系统\x07。\n\n文/图 高晓燕 谭小洋\n")
    (f,) = source.odd_characters(doc)
    for kind in ("full-width digits", "space between Chinese", "half-width brackets", "control"):
        assert kind in f.reason
    assert [f.zh[a:b] for a, b in f.zh_spans] == ["２０２０", " ", "(含自动驾驶)", "\x07"]


def test_a_clean_source_has_no_findings():
    assert source.check(prepared("# 标题\n\n这是干净的一段话。没有问题。\n")) == []
