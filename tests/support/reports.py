"""Crafted reports for the reader tests: Markdown holding every element, images drawn here."""

from __future__ import annotations

from pathlib import Path

RICH = """---
title: 测试园区2020年发展报告
subtitle: 产业、投资与民生
author: 测试市统计局
date: 2021-01-15
publication_date: 2021年1月
edition: 第1版
copyright: 版权所有
isbn: 978-7-0000-0000-0
---

# 测试园区2020年发展报告

## 一、综合

*初步核算*，全年园区生产总值**1234亿元**，比上年增长**5.6%**。详见[园区网站](https://example.org/)。

![园区全景](photo.png)

▲图1　园区全景

主要工作包括：

- 建成厂房12栋；
- 引进企业：
  - 制造企业8家；
  - 服务企业5家。

1. 第一项任务完成。
2. 第二项任务完成。

> 园区是城市发展的引擎。

表1　主要指标

| 指标 | 单位 | 2019年 | 2020年 |
| --- | --- | ---: | ---: |
| 生产总值 | 亿元 | 1169 | 1234 |
| 其中：工业 | 亿元 | 800 | — |

注：生产总值按现价计算。

资料来源：测试市统计局。

规模以上工业[^1]增加值增长3.2%。

[^1]: 规模以上工业指年主营业务收入2000万元及以上的企业。
"""


def png(path: Path, size: tuple[int, int] = (1600, 900), dpi: int = 300) -> Path:
    """A plain RGB PNG of the given pixel size."""
    from PIL import Image

    Image.new("RGB", size, (40, 90, 140)).save(path, dpi=(dpi, dpi))
    return path


def rich_report(folder: Path, text: str = RICH) -> Path:
    """The crafted Markdown report and its photo in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    png(folder / "photo.png")
    source = folder / "rich.zh.md"
    source.write_text(text, encoding="utf-8")
    return source


def docx_report(folder: Path) -> Path:
    """A Word report made here with python-docx: headings, marks, an image and its caption,
    lists, a table with a merged cell, a table caption and note."""
    import docx
    from docx.shared import Inches

    folder.mkdir(parents=True, exist_ok=True)
    photo = png(folder / "photo.png")
    d = docx.Document()
    d.add_heading("测试园区2020年发展报告", 1)
    d.add_heading("一、综合", 2)
    p = d.add_paragraph("初步核算，全年生产总值")
    p.add_run("1234亿元").bold = True
    p.add_run("，比上年增长")
    p.add_run("5.6%").italic = True
    p.add_run("。")
    d.add_picture(str(photo), width=Inches(6))
    d.add_paragraph("▲图1　园区全景")
    d.add_paragraph("建成厂房12栋；", style="List Bullet")
    d.add_paragraph("引进制造企业8家。", style="List Bullet")
    d.add_paragraph("第一项任务完成。", style="List Number")
    d.add_paragraph("表1　主要指标")
    table = d.add_table(rows=3, cols=3)
    for (r, c), text in {(0, 0): "指标", (0, 1): "2019年", (0, 2): "2020年"}.items():
        table.cell(r, c).text = text
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = "园区生产总值（亿元）"
    table.cell(1, 2).text = "1234"
    for c, text in enumerate(("工业", "800", "—")):
        table.cell(2, c).text = text
    d.add_paragraph("注：生产总值按现价计算。")
    noted = d.add_paragraph("规模以上工业")
    add_footnote(d, noted, "规模以上工业指年主营业务收入2000万元及以上的企业。")
    noted.add_run("增加值增长3.2%。")
    source = folder / "report.docx"
    d.save(str(source))
    photo.unlink()  # the image lives only inside the .docx
    return source


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def add_footnote(document, paragraph, text: str) -> None:
    """A footnote reference at the end of `paragraph` (python-docx has no footnote API: the
    footnotes part is added here, as Word writes it)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    blob = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        "<w:continuationSeparator/></w:r></w:p></w:footnote>"
        f'<w:footnote w:id="1"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    ).encode()
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
    part = Part(PackURI("/word/footnotes.xml"), content_type, blob, document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    paragraph._p.append(parse_xml(f'<w:r xmlns:w="{W}"><w:footnoteReference w:id="1"/></w:r>'))
