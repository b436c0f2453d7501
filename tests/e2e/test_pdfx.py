"""PDF/X-4: black text and rules on the K plate alone (Ghostscript separations), clause checks."""

import base64
import datetime as dt
import io
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from publisher.errors import PdfxError
from publisher.writers.pdfx import (
    GreyToK,
    check_pdfx4,
    neutrals_to_k,
    output_profile,
    read_icc,
    to_pdfx4,
)

pytestmark = pytest.mark.slow  # Ghostscript runs

MM = 72 / 25.4
BLEED = 3 * MM
# A6 with 3 mm bleed; at 72 dpi one pixel is one point. The heading and a colour photo own the
# top 30 mm of the page; black text, a grey rule, grey text and a black-to-white gradient all
# that lies below 40 mm.
HEADING_BOTTOM = round(BLEED + 30 * MM)
BODY_TOP = round(BLEED + 40 * MM)
PAGE = """<!doctype html>
<html lang="zh-Hans"><head><title>Separation test</title><style>
@page {{ size: A6; margin: 0; bleed: 3mm; }}
body {{ margin: 0; color: #000; font: 11pt/1.5 "EB Garamond", serif; }}
h1 {{ position: absolute; top: 8mm; left: 10mm; margin: 0; height: 20mm;
      font: bold 20pt "Noto Serif CJK SC"; color: #8a1c1c; }}
main {{ position: absolute; top: 40mm; left: 10mm; right: 10mm; }}
.zh {{ font-family: "Noto Serif CJK SC"; }}
.grey {{ color: #555; }}
hr {{ border: 0; border-top: 1pt solid #808080; margin: 3mm 0; }}
img {{ position: absolute; top: 8mm; right: 10mm; width: 15mm; height: 15mm; }}
.ramp {{ height: 5mm; background: linear-gradient(90deg, #000, #fff); }}
.fade {{ position: absolute; top: 24mm; left: 10mm; width: 50mm; height: 4mm;
        background: linear-gradient(90deg, rgba(138, 28, 28, 0), #8a1c1c); }}
</style></head><body>
<h1>株洲工业简报</h1>
<img src="{photo}" alt="">
<div class="fade"></div>
<main>
<p class="zh">中车株机在株洲新建电力机车生产线。全市规模以上工业企业增加值增长9%。</p>
<hr>
<p lang="en">CRRC Zhuzhou Locomotive is building a new electric-locomotive line in Zhuzhou;
its office is efficient.</p>
<p class="grey" lang="en">Set in a grey that must print on black ink alone.</p>
<div class="ramp"></div>
</main>
</body></html>
"""


@pytest.fixture(scope="module")
def gs() -> str:
    found = shutil.which("gs")
    if not found:
        pytest.fail("Ghostscript is needed for PDF/X-4 and its tests: apt-get install ghostscript")
    return found


@pytest.fixture(scope="module")
def rgb_pdf(tmp_path_factory) -> Path:
    from weasyprint import HTML

    photo = Image.new("RGB", (32, 32))
    photo.putdata([(8 * x, 8 * y, 160) for y in range(32) for x in range(32)])
    buffer = io.BytesIO()
    photo.save(buffer, "PNG")
    uri = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    target = tmp_path_factory.mktemp("pdfx") / "rgb.pdf"
    HTML(string=PAGE.format(photo=uri)).write_pdf(target)
    return target


@pytest.fixture(scope="module")
def pdfx(gs, rgb_pdf) -> Path:
    target = rgb_pdf.with_name("x4.pdf")
    result = to_pdfx4(rgb_pdf, target)
    assert result.pages == 1 and result.greys_to_k > 0
    return target


def separations(gs: str, pdf: Path, folder: Path) -> dict[str, Image.Image]:
    """Ghostscript's tiffsep plates of page 1 at 72 dpi: 255 is no ink, 0 is solid."""
    folder.mkdir(exist_ok=True)
    subprocess.run(
        [
            gs,
            "-q",
            "-dSAFER",
            "-dBATCH",
            "-dNOPAUSE",
            "-sDEVICE=tiffsep",
            "-r72",
            "-dFirstPage=1",
            "-dLastPage=1",
            f"-sOutputFile={folder}/p.tif",
            str(pdf),
        ],
        check=True,
    )
    return {
        plate: Image.open(folder / f"p({plate}).tif").convert("L")
        for plate in ("Cyan", "Magenta", "Yellow", "Black")
    }


def inked_rows(plate: Image.Image, top: int = 0, bottom: int | None = None) -> int:
    """Pixels carrying ink in the band of rows [top, bottom)."""
    band = plate.crop((0, top, plate.width, bottom or plate.height))
    return sum(count for value, count in enumerate(band.histogram()) if value < 255)


def test_black_text_and_rules_print_on_the_black_plate_alone(gs, pdfx, tmp_path):
    plates = separations(gs, pdfx, tmp_path / "sep")
    for colour in ("Cyan", "Magenta", "Yellow"):
        assert inked_rows(plates[colour], HEADING_BOTTOM) == 0, f"{colour} ink under the heading"
    assert inked_rows(plates["Black"], BODY_TOP) > 4000  # text, rule and gradient are there
    # the coloured heading kept its colour (so the plates are read the right way round)
    assert inked_rows(plates["Magenta"], 0, HEADING_BOTTOM) > 500
    assert inked_rows(plates["Yellow"], 0, HEADING_BOTTOM) > 500


def test_the_rgb_input_prints_text_on_four_plates(gs, rgb_pdf, tmp_path):
    """The issue's finding, kept as a control: WeasyPrint's black is rich black on press."""
    plates = separations(gs, rgb_pdf, tmp_path / "sep")
    assert inked_rows(plates["Cyan"], BODY_TOP) > 1000


def test_check_pdfx4_passes_on_the_output_and_fails_on_the_input(pdfx, rgb_pdf):
    assert check_pdfx4(pdfx) == []
    failures = check_pdfx4(rgb_pdf)
    clauses = (
        "output intent:",
        "XMP:",
        "colour: DeviceRGB",
        "colour: RGB image",
        "colour: RGB shading",
        "header:",
        "trailer:",
    )
    for clause in clauses:
        assert any(f.startswith(clause) for f in failures), (clause, failures)


def test_output_has_the_pdfx4_furniture(pdfx, rgb_pdf):
    with pikepdf.open(pdfx) as pdf, pikepdf.open(rgb_pdf) as source:
        assert pdf.pdf_version <= "1.6"
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == "/GTS_PDFX"
        assert intent.DestOutputProfile.read_bytes() == output_profile().data
        assert pdf.docinfo.GTS_PDFXVersion == "PDF/X-4" and pdf.docinfo.Trapped == "/False"
        assert str(pdf.docinfo.Title) == "Separation test"
        xmp = pdf.Root.Metadata.read_bytes().decode()
        assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
        page, before = pdf.pages[0].obj, source.pages[0].obj
        media, trim, bleed = (
            [float(v) for v in page[k]] for k in ("/MediaBox", "/TrimBox", "/BleedBox")
        )
        width, height = (
            float(before.TrimBox[2]) - float(before.TrimBox[0]),
            float(before.TrimBox[3]) - float(before.TrimBox[1]),
        )
        assert trim[2] - trim[0] == pytest.approx(width, abs=0.01)  # the finished A6 page
        assert trim[3] - trim[1] == pytest.approx(height, abs=0.01)
        assert [trim[i] - bleed[i] for i in (0, 1)] == pytest.approx([BLEED, BLEED], abs=0.01)
        assert [bleed[i] - trim[i] for i in (2, 3)] == pytest.approx([BLEED, BLEED], abs=0.01)
        assert media[0] <= bleed[0] and media[2] >= bleed[2]
        # the fading rule's alpha is a soft mask: kept grey, not turned into ink
        masks = [
            o.SMask.G.Group.CS
            for o in pdf.objects
            if isinstance(o, pikepdf.Dictionary) and isinstance(o.get("/SMask"), pikepdf.Dictionary)
        ]
        assert masks and all(cs == "/DeviceGray" for cs in masks)


def test_text_survives_the_conversion(pdfx, rgb_pdf):
    """Every character can still be copied, ligatures (Ghostscript garbles their ToUnicode) too."""

    def text(pdf: Path) -> str:
        out = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        )
        return " ".join(out.stdout.split())

    assert "中车株机在株洲新建电力机车生产线" in text(pdfx)
    assert "office is efficient" in text(pdfx)
    assert Counter(text(pdfx)) == Counter(text(rgb_pdf))  # the same characters, in any order


def test_the_printers_profile_is_the_one_converted_to(gs, rgb_pdf, tmp_path):
    """Ghostscript's gray_to_k.icc is a CMYK press profile that prints everything on K alone."""
    profile = tmp_path / "k-only.icc"
    shutil.copyfile(output_profile().path.with_name("gray_to_k.icc"), profile)
    target = tmp_path / "k.pdf"
    to_pdfx4(rgb_pdf, target, profile=profile)
    plates = separations(gs, target, tmp_path / "sep")
    for colour in ("Cyan", "Magenta", "Yellow"):
        assert inked_rows(plates[colour]) == 0  # even the red heading
    assert inked_rows(plates["Black"], 0, HEADING_BOTTOM) > 500
    with pikepdf.open(target) as pdf:
        assert pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes() == profile.read_bytes()
    assert check_pdfx4(target) == []


def test_output_profile_must_be_a_cmyk_icc_profile(tmp_path, rgb_pdf, gs):
    rgb_profile = output_profile().path.with_name("srgb.icc")
    assert read_icc(rgb_profile).colour_space == "RGB "
    with pytest.raises(PdfxError, match="not CMYK"):
        to_pdfx4(rgb_pdf, tmp_path / "x.pdf", profile=rgb_profile)
    junk = tmp_path / "junk.icc"
    junk.write_bytes(b"not a profile" * 20)
    with pytest.raises(PdfxError, match="not an ICC profile"):
        to_pdfx4(rgb_pdf, tmp_path / "x.pdf", profile=junk)
    assert not (tmp_path / "x.pdf").exists()


def test_refuses_without_ghostscript_rather_than_claiming(tmp_path, rgb_pdf):
    target = tmp_path / "x.pdf"
    with pytest.raises(PdfxError, match="Ghostscript"):
        to_pdfx4(rgb_pdf, target, gs_executable=str(tmp_path / "no-such-gs"))
    assert not target.exists()


def test_refuses_without_a_title(tmp_path, gs):
    from weasyprint import HTML

    untitled = tmp_path / "untitled.pdf"
    HTML(string="<p>No title</p>").write_pdf(untitled)
    with pytest.raises(PdfxError, match="title"):
        to_pdfx4(untitled, tmp_path / "x.pdf")


def test_greys_become_k_tints_and_colour_spaces_stay_in_order(gs):
    """rg and sc greys -> k; an RGB sc after a rewritten one gets its colour space back."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.pages[0].Contents = pdf.make_stream(
        b"/DeviceRGB cs 0.5 0.5 0.5 sc 1 0 0 sc q 0 0 0 rg 0 0 0 RG Q 0 1 0 sc 0.2 0.4 0.6 rg 1 g"
    )
    grey_to_k = GreyToK(output_profile())
    assert neutrals_to_k(pdf, grey_to_k) == 3
    ops = [
        (str(op), [str(v) for v in args]) for args, op in pikepdf.parse_content_stream(pdf.pages[0])
    ]
    names = [op for op, _ in ops]
    assert names == ["cs", "k", "cs", "sc", "q", "k", "K", "Q", "sc", "rg", "g"]
    assert ops[1][1][:3] == ["0", "0", "0"] and ops[2][1] == ["/DeviceRGB"]
    assert grey_to_k(0.0) == 1.0 and grey_to_k(1.0) == 0.0
    ramp = [grey_to_k(g / 20) for g in range(21)]
    assert ramp == sorted(ramp, reverse=True)
    assert grey_to_k(0.1) == 1.0  # WeasyPrint's #1a1a1a body text: solid K, not a screen


def test_the_same_input_gives_the_same_bytes(gs, rgb_pdf, tmp_path):
    """Reproducible once the dates are fixed (the seed's PDFs carry theirs; this one has none)."""
    when = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    first, second = tmp_path / "1.pdf", tmp_path / "2.pdf"
    to_pdfx4(rgb_pdf, first, when=when)
    to_pdfx4(rgb_pdf, second, when=when)
    assert first.read_bytes() == second.read_bytes()
