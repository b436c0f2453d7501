"""The stacked edition: each block's English set under its Chinese."""

from . import TemplateWriter

WRITER = TemplateWriter("stacked", "stacked.html.j2")
