"""QA is tied to the build it describes: one fingerprint of the inputs in the report and the PDFs."""

import hashlib
import json
import shutil

from pypdf import PdfReader

from publisher.cli import main
from tests.support import GLOSSARY, SEED, SEED_XLIFF
from tests.support.pdf import pdftotext


def test_report_metadata_and_pdfa3_attachment_share_the_fingerprint(tmp_path, capsys):
    out = tmp_path / "out"
    args = ["build", str(SEED), "--glossary", str(GLOSSARY), "--out", str(out), "--no-mt"]
    assert main([*args, "--editions", "zh-Hans-en", "--pdf-variant", "pdf/a-3b"]) == 0
    report = json.loads((out / "zhuzhou-2020.qa.json").read_text(encoding="utf-8"))
    inputs = report["extra"]["inputs"]
    assert inputs["source"] == hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert inputs["translation"] == hashlib.sha256(SEED_XLIFF.read_bytes()).hexdigest()
    pdf = PdfReader(out / "zhuzhou-2020.zh-Hans-en.pdf")
    assert pdf.metadata["/publisherinputsource"] == inputs["source"]
    assert pdf.metadata["/publisherinputglossary"] == inputs["glossary"]
    attached = pdf.attachments["zhuzhou-2020.qa.json"][0]
    assert json.loads(attached)["extra"]["inputs"] == inputs
    assert f"source sha256 {inputs['source'][:16]}" in pdftotext(
        out / "zhuzhou-2020.zh-Hans-en.pdf"
    )


def test_a_qa_run_on_other_inputs_says_it_replaces_the_report(tmp_path, capsys):
    source = tmp_path / "zhuzhou-2020.zh.md"
    shutil.copy(SEED, source)
    shutil.copy(SEED_XLIFF, tmp_path / "zhuzhou-2020.en.xlf")
    qa = ["qa", str(source), "--glossary", str(GLOSSARY), "--out", str(tmp_path / "out")]
    assert main(qa) == 0
    assert "replaces one made from other inputs" not in capsys.readouterr().out
    source.write_text(source.read_text(encoding="utf-8") + "\n新增一段。\n", encoding="utf-8")
    main(qa)
    assert "replaces one made from other inputs (source changed since)" in capsys.readouterr().out
