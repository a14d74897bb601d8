"""The DOCX writer (the only python-docx import), split by job."""
