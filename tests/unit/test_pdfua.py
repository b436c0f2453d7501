"""The PDF/UA-1 extension refuses a WeasyPrint it was not written for, changing nothing."""

import pytest
import weasyprint
from weasyprint.pdf import tags

from publisher.errors import RenderError
from publisher.writers import pdfua


def test_another_weasyprint_is_refused_and_left_alone(monkeypatch):
    monkeypatch.setattr(pdfua, "_installed", False)
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    before = tags._build_box_tree
    with pytest.raises(RenderError, match="written for WeasyPrint 70.0.*71.0"):
        pdfua.install()
    assert tags._build_box_tree is before and not pdfua.is_installed()


def test_pdf_ua_1_is_offered():
    from publisher.config import PDF_VARIANTS

    assert pdfua.VARIANT in PDF_VARIANTS
