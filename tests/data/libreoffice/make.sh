#!/usr/bin/env bash
# Attendee files saved by LibreOffice Calc itself (Debian's libreoffice-calc, headless) from
# one workbook of Chinese, Arabic and Western names. The tests read the committed files;
# run this again to regenerate them (needs `apt-get install libreoffice-calc`).
set -euo pipefail
cd "$(dirname "$0")"
python=../../../.venv/bin/python
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$python" - "$out/names.xlsx" <<'PY'
import sys

import openpyxl

rows = [
    ["email", "full_name_en", "full_name_zh_hans", "full_name_ar", "delegation", "country",
     "region", "city"],
    ["zhang.wei@fjfao.example.cn", "Zhang Wei", "张伟", "تشانغ وي",
     "Fujian Provincial Delegation", "CN", "Fujian", "Fuzhou"],
    ["li.na@hbpaff.example.cn", "Li Na", "李娜", "لي نا", "Hubei Provincial Delegation", "CN",
     "Hubei", "Wuhan"],
    ["layla@tacoma.example.org", "Layla Haddad", "", "ليلى حداد", "Washington State Delegation",
     "US", "Washington", "Tacoma"],
]
workbook = openpyxl.Workbook()
for row in rows:
    workbook.active.append(row)
workbook.save(sys.argv[1])
PY

# Text CSV filter options: separator 44 (,), text delimiter 34 ("), then LibreOffice's
# character set number (rtl/textenc.h): 85 GB18030, 76 UTF-8.
convert() {
    soffice --headless --convert-to "$1" --outdir "$out/$2" "$out/names.xlsx" >/dev/null 2>&1
    mv "$out/$2/names.${1%%:*}" "$3"
}
convert 'csv:Text - txt - csv (StarCalc):44,34,85' gb18030 gb18030_chinese_and_arabic.csv
convert 'csv:Text - txt - csv (StarCalc):44,34,76' utf8 utf8_chinese_and_arabic.csv
convert 'xlsx:Calc MS Excel 2007 XML' xlsx chinese_and_arabic.xlsx
soffice --version > VERSION
