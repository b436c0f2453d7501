"""The monolingual editions (English, Simplified or Traditional Chinese alone)."""

from . import TemplateWriter

WRITER = TemplateWriter("monolingual", "monolingual.html.j2")
