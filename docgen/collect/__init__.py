"""Collecting project forms from units (谋划储备 基本情况表, 信息月报): forms out, forms back in, merged.

``units`` reads the list of units a form goes to; ``forms`` defines the forms and writes a blank
one per unit; ``returned`` reads one returned form as offices fill it; ``merge`` matches the
returned forms to units, validates and merges them; ``report`` words the summary and the 催报.
"""
