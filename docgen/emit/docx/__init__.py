"""The .docx emitter: ``xml`` (all ``w:`` XML, a package by what it makes), ``template.py`` (the template package), ``emit.py``."""
