"""checktrans: a translation-quality checker for newsrooms.

The package reads in pipeline order: read → segment → encoder → align → checks → suggest → score → report.
"""
__version__ = "0.1.0"
