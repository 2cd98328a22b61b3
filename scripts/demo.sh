#!/usr/bin/env bash
# The main job on the samples: notices, 挂牌督办通知书 and 催办 from the sample ledger, the 排名通报,
# PDF previews, a check.
# Everything goes to out/ (its own register in out/register.sqlite, so nothing else is touched).
set -euo pipefail
cd "$(dirname "$0")/.."
docgen=.venv/bin/docgen
rm -rf out
$docgen render samples/notices -o out/notices
$docgen --register out/register.sqlite supervise samples/supervision/督办台账.xlsx \
    --letterhead zhangzi-zdxmb --out out/督办
$docgen --register out/register.sqlite supervise samples/supervision/督办台账.xlsx \
    --letterhead zhangzi-zdxmb --out out/催办 --overdue --as-of 2025-10-20
$docgen --register out/register.sqlite rank samples/ranking/项目台账-2025-05.xlsx --month 2025-05 \
    --previous samples/ranking/项目台账-2025-04.xlsx --rules samples/ranking/rules.yaml \
    --letterhead zhangzi-zdxmb -o out/排名/排名通报-2025-05.docx --xlsx out/排名/排名-2025-05.xlsx --date 2025-06-05
$docgen preview out/notices out/督办 out/催办 out/排名 -o out/pdf --png
$docgen check --no-render out/notices/*.docx | grep -E "符合 [0-9]+ 项|passed"
echo "out/: notices, 督办, 催办 (.docx), pdf/ (PDF previews and PNG pages)"
