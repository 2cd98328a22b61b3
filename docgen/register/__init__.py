"""The register of numbers: 文号, 督办 numbers and bulletin issues, never lost and never issued twice."""

from docgen.register.book import Register
from docgen.register.rows import (
    KIND_BULLETIN,
    KIND_DOCUMENT,
    KIND_MINUTES,
    KIND_ORDER,
    KIND_SUPERVISION,
    Allocation,
    NumberRow,
    RegisterError,
    now,
    number_text,
    register_path,
    sha256_file,
)
from docgen.register.schema import SCHEMA_VERSION

__all__ = [
    "KIND_BULLETIN",
    "KIND_DOCUMENT",
    "KIND_MINUTES",
    "KIND_ORDER",
    "KIND_SUPERVISION",
    "SCHEMA_VERSION",
    "Allocation",
    "NumberRow",
    "Register",
    "RegisterError",
    "now",
    "number_text",
    "register_path",
    "sha256_file",
]
