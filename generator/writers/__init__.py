"""Material -> Artifact: HTML, PDF (WeasyPrint), PNG and DOCX (python-docx); writers never touch the filesystem."""
