"""The Typst engine: the placed document typeset straight to PDF, in process (``markup.py`` holds all syntax)."""

from docgen import native_threads

# Before any module of the engine imports ``typst``: the native threads running now are not Typst's.
native_threads.note_before_typst()
