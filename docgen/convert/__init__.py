"""Convert: .docx to PDF through LibreOffice, with the standard's fonts mapped to open faces."""
