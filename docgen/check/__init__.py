"""Check: GB/T 9704 conformance rules judged on a .docx (its XML) and on a PDF (positions measured in it)."""
