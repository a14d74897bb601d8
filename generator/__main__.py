"""`python -m generator` runs the presswork CLI."""

from generator.cli import main

main()
