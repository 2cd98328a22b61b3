"""The 发文字号 as typed in a draft (7.2.5): 代字〔2020〕13号, 代字[2020]013号, 代字（2020）第13号.

A module of its own with no imports: ``docgen format`` reads a draft's number line with it
(docgen/load/patterns.py) and an office's 套红 may hold a typed number where the number goes
(docgen/office_template.py, imported by the model).
"""

# The 代字 holds no path and nothing a file name cannot (it names the issued files: hostile8 #1).
NUMBER_TEXT = (
    r"(?P<code>(?:(?!\.\.)[^\s〔〕\[\]［］()（）/\\:*?\"<>|\x00-\x1f\x7f]){1,20})"
    r"\s*[〔\[［(（【]\s*(?P<year>\d{4})\s*[〕\]］)）】]"
    r"\s*第?\s*(?P<seq>\d{1,6})?\s*号"
)
