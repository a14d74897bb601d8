"""Reading and choosing excerpts: the content model, YAML collections, selection, lint, import; no pages."""
