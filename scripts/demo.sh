#!/usr/bin/env bash
# The main job on the samples: notices, the month's 简报 (PDFs and the merged, bookmarked 合订本), a 函 and a 令, a 纪要, a formatted draft, a notice under an office's own 套红 header, 回执 by mail merge, 挂牌督办通知书 and 催办 from the sample ledger, the 排名通报,
# the 基本情况表 forms out and back in, the 进展通报 against targets, PDF previews, a check.
# Everything goes to out/ (its own register in out/register.sqlite, so nothing else is touched).
set -euo pipefail
cd "$(dirname "$0")/.."
docgen=.venv/bin/docgen
rm -rf out
$docgen render samples/notices -o out/notices
$docgen render samples/letters samples/orders -o out/函与令
$docgen --register out/register.sqlite minutes samples/minutes/议定事项.xlsx --meeting samples/minutes/会议.yaml \
    --out out/纪要
$docgen format samples/drafts/通知草稿.docx -o out/排版/通知草稿-排版.docx --letterhead yichuan --no-render
$docgen --letterheads samples/office/版头 render samples/office/通知.md samples/office/请示.md -o out/套红/
$docgen merge samples/merge/回执.docx samples/supervision/督办台账.xlsx --per 责任单位 --out out/回执
$docgen --register out/register.sqlite supervise samples/supervision/督办台账.xlsx \
    --letterhead zhangzi-zdxmb --out out/督办
$docgen --register out/register.sqlite supervise samples/supervision/督办台账.xlsx \
    --letterhead zhangzi-zdxmb --out out/催办 --overdue --as-of 2025-10-20
$docgen --register out/register.sqlite rank samples/ranking/项目台账-2025-05.xlsx --month 2025-05 \
    --previous samples/ranking/项目台账-2025-04.xlsx --rules samples/ranking/rules.yaml \
    --letterhead zhangzi-zdxmb -o out/排名/排名通报-2025-05.docx --xlsx out/排名/排名-2025-05.xlsx --date 2025-06-05
$docgen --register out/register.sqlite bulletin samples/ranking/项目台账-2025-05.xlsx --month 2025-05 \
    --letterhead zhangzi-zdxmb --out out/简报 --pdf --merge --date 2025-06-05
$docgen collect forms --units samples/collect/单位.yaml -o out/收集/下发
# the sample's 陕州区 form has bad rows on purpose: the merge reports them and exits 1
$docgen collect merge samples/collect/回收 --units samples/collect/单位.yaml -o out/收集/汇总.xlsx \
    --chase out/收集/催报.xlsx || echo "（陕州区的表退回修改：退出码 1 是预期的）"
$docgen --register out/register.sqlite progress samples/progress/项目库-2020-10-16.xlsx \
    --targets samples/progress/目标.yaml --as-of 2020-10-16 --previous samples/progress/项目库-2020-10-09.xlsx \
    --baseline samples/progress/项目库-2020-09-30.xlsx \
    --letterhead sanmenxia -o out/进展/周通报.docx --xlsx out/进展/进展.xlsx
$docgen preview out/notices out/函与令 out/纪要 out/排版 out/套红 out/督办 out/催办 out/排名 out/进展 -o out/pdf --png
$docgen check --no-render out/notices/*.docx | grep -E "符合 [0-9]+ 项|passed"
$docgen check out/简报/合订-*.pdf | grep -E "符合 [0-9]+ 项|passed"
echo "out/: notices, 函与令, 纪要, 排版, 套红, 回执, 督办, 催办, 排名, 简报 (PDF + 合订本), 收集, 进展 (.docx, .xlsx), pdf/ (PDF previews and PNG pages)"
