"""Check reports for people (summary first, then every rule) and as JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from docgen.check.rules import Status
from docgen.check.run import Report
from docgen.i18n import _, joined


def _clause(clause: str) -> str:
    """Return a rule's clauses as a list of the user's language (“7.4.1、7.5”, in English “7.4.1, 7.5”)."""
    return joined(clause.split("、"))


def status_text(status: Status) -> str:
    """Return a status in the user's language."""
    return {Status.PASS: _("PASS"), Status.FAIL: _("FAIL"), Status.NOT_APPLICABLE: _("NOT APPLICABLE")}[
        status
    ]


def human(reports: Sequence[Report]) -> str:
    """Return the reports as text: a short summary per file (符合 N 项、不符合 M 项), each failure with
    its clause, what was measured, what the standard says and where, then every rule."""
    out: list[str] = []
    for report in reports:
        out.append(
            _("{path}: {passed} passed, {failed} failed, {na} not applicable").format(
                path=report.label,
                passed=report.count(Status.PASS),
                failed=report.count(Status.FAIL),
                na=report.count(Status.NOT_APPLICABLE),
            )
        )
        if not report.general_format:
            out.append("  " + _("not in the general format: only the rules of its own format apply"))
        for finding in report.failed:
            out.append(
                "  "
                + _("✗ {clause} {name}: measured {measured}; the standard: {expected}").format(
                    clause=_clause(finding.rule.clause),
                    name=finding.rule.name,
                    measured=finding.measured,
                    expected=finding.expected,
                )
                + (_("; where: {where}").format(where=finding.where) if finding.where else "")
            )
        for note in report.notes:
            out.append("  " + _("Note: {note}").format(note=note))
    out.append("")
    for report in reports:
        out.append(_("Details: {path}").format(path=report.label))
        for finding in report.findings:
            out.append(
                f"  {status_text(finding.status):<6} {_clause(finding.rule.clause):<8} {finding.rule.id:<28} "
                f"{finding.rule.name} | {finding.measured} | {finding.expected}"
            )
    return "\n".join(out)


def as_json(reports: Sequence[Report]) -> str:
    """Return the reports as JSON (rule ids, clauses, statuses, measured and expected values)."""
    data = [
        {
            "file": str(report.path),
            "part": report.part or None,
            "kind": report.kind,
            "general_format": report.general_format,
            "passed": report.count(Status.PASS),
            "failed": report.count(Status.FAIL),
            "notes": report.notes,
            "rules": [
                {
                    "id": f.rule.id,
                    "clause": f.rule.clause,
                    "name": f.rule.name,
                    "status": f.status.value,
                    "measured": f.measured,
                    "expected": f.expected,
                    "where": f.where,
                }
                for f in report.findings
            ],
        }
        for report in reports
    ]
    return json.dumps(data, ensure_ascii=False, indent=2)
