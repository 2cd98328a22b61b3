"""``docgen merge``: an office's own Word form filled from a ledger, one document per row or per group."""
