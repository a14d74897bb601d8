"""Layout plans computed in Python before any engine runs: bulletin boxes, poster geometry, text widths."""
