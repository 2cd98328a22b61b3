"""Run docgen from a source checkout: ``python cli.py render notice.md -o notice.docx``."""

from docgen.cli import main

if __name__ == "__main__":
    main()
