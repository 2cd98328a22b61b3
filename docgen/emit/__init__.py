"""Emitters: a placed document (``docgen.layout.placed``) written in a file format; ``docx/`` today."""
