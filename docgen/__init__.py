"""docgen: Chinese official documents (公文) laid out per GB/T 9704-2012, from structured data.

Importing docgen never imports click: the library is usable without the command line.
"""

from __future__ import annotations

__version__ = "0.1.0"

