"""Compatibility: the old import path of write_docx; removed once callers import generator.writers.docx."""

from generator.writers.docx import write_docx

__all__ = ["write_docx"]
