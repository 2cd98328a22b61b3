"""Publishing: the one path from a document to files, with its number from the register."""
