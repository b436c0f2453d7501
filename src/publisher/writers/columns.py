"""The side-by-side edition: Chinese and English in two columns, one row per block."""

from . import TemplateWriter

WRITER = TemplateWriter("columns", "columns.html.j2")
