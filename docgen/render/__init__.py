"""Render: the document model into .docx (layout numbers, raw WordprocessingML, the writer)."""
