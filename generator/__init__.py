"""presswork: print-ready campaign and study materials from excerpt collections."""

__version__ = "0.1.0"
