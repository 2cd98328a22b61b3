"""The Typst engine: the placed document typeset straight to PDF, in process (``markup.py`` holds all syntax)."""
