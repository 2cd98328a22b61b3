"""Run the command as ``python -m docgen render notice.md -o notice.docx`` (same as ``docgen`` and
``python cli.py``); only this entry point imports the CLI, so ``import docgen`` still imports no click."""

from docgen.cli import main

if __name__ == "__main__":
    main()
