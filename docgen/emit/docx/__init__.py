"""The .docx emitter: ``xml.py`` (all ``w:`` XML), ``template.py`` (the template package), ``emit.py``."""
