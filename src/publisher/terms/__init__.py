"""Glossary maintenance for translators: lint, find, add, coverage, extract, export and import."""
