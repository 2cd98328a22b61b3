"""Targets and progress (seed 001): each unit's completion of its targets at a date, against milestones.

``targets`` holds the typed targets and the indicator catalogue (no I/O); ``compute`` computes a
unit's figures from the pool of projects and compares them with its targets at a date; ``run``
is the ``docgen progress`` command as a library call (the 通报, its number, the .xlsx).
"""
