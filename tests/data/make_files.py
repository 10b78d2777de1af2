"""Writes the attendee spreadsheets in this folder, byte for byte the way the programs
named in each file's name write them (see README.md). Run: .venv/bin/python tests/data/make_files.py
The files are committed; tests read them and never run this script."""

import codecs
import struct
import zipfile
import zlib
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
HEADER = [
    "email",
    "full_name_en",
    "full_name_zh_hans",
    "full_name_ar",
    "country",
    "region",
    "city",
    "delegation",
    "organisation",
    "position",
    "role",
    "status",
]
DELEGATES = [
    [
        "zhang.wei@fjfao.example.cn",
        "Zhang Wei",
        "张伟",
        "تشانغ وي",
        "CN",
        "Fujian",
        "Fuzhou",
        "Fujian Provincial Delegation",
        "Fujian Foreign Affairs Office",
        "Director",
        "head",
        "confirmed",
    ],
    [
        "li.na@hbpaff.example.cn",
        "Li Na",
        "李娜",
        "",
        "China",
        "Hubei",
        "Wuhan",
        "Hubei Provincial Delegation",
        "Hubei People's Association for Friendship, Wuhan",
        "Deputy Director",
        "member",
        "registered",
    ],
    [
        "v.woodards@tacoma.example.org",
        "Victoria Woodards",
        "维多利亚·伍达兹",
        "فيكتوريا وودباردز",
        "US",
        "Washington",
        "Tacoma",
        "Washington State Delegation",
        "City of Tacoma\nOffice of the Mayor",
        "Mayor",
        "head",
        "attended",
    ],
    [
        "sam.ortiz@stl.example.org",
        "Sam Ortiz",
        "",
        "",
        "United States of America",
        "Missouri",
        "St. Louis",
        "Missouri Delegation",
        "St. Louis–Nanjing Sister City Committee",
        "Chair",
        "",
        "",
    ],
]
# Western desktops cannot encode Chinese or Arabic: their files hold Latin names only.
WESTERN = [
    [
        "jose.alvarez@houston.example.org",
        "José Álvarez",
        "",
        "",
        "US",
        "Texas",
        "Houston",
        "Texas Delegation",
        "Houston Sister Cities Association",
        "Président",
        "member",
        "confirmed",
    ],
    [
        "renee.obrien@ohio.example.org",
        "Renée O’Brien",
        "",
        "",
        "US",
        "Ohio",
        "Columbus",
        "Ohio Delegation",
        "Ohio–Hubei Partnership – Müller & Söhne",
        "Secretary",
        "staff",
        "",
    ],
    [
        "bjorn@chicago.example.org",
        "Björn Ångström",
        "",
        "",
        "US",
        "Illinois",
        "Chicago",
        "Illinois Delegation",
        "Chicago Sister Cities International",
        "Observer",
        "observer",
        "",
    ],
]
# Chinese desktops (GBK) cannot encode Arabic.
CHINESE = [
    [
        "zhang.wei@fjfao.example.cn",
        "Zhang Wei",
        "张伟",
        "",
        "CN",
        "Fujian",
        "Fuzhou",
        "Fujian Provincial Delegation",
        "福建省人民政府外事办公室",
        "主任",
        "head",
        "confirmed",
    ],
    [
        "li.na@hbpaff.example.cn",
        "Li Na",
        "李娜",
        "",
        "CN",
        "Hubei",
        "Wuhan",
        "Hubei Provincial Delegation",
        "湖北省人民对外友好协会",
        "副会长",
        "member",
        "",
    ],
    [
        "chen.jing@js.example.cn",
        "Chen Jing",
        "陈静",
        "",
        "CN",
        "Jiangsu",
        "Nanjing",
        "Jiangsu Provincial Delegation",
        "南京市外事办公室，友好城市处",
        "翻译",
        "interpreter",
        "",
    ],
]


def csv_text(rows, separator=",", newline="\r\n"):
    """Excel's CSV: a field is quoted only when it holds the separator, a quote or a
    line break; quotes are doubled; line breaks inside a cell are LF."""

    def cell(value):
        if any(c in value for c in (separator, '"', "\n", "\r")):
            return '"' + value.replace('"', '""') + '"'
        return value

    return "".join(separator.join(cell(v) for v in row) + newline for row in rows)


def write(name, data):
    (HERE / name).write_bytes(data)


def csv_files():
    # Excel (Windows, macOS) "CSV UTF-8 (Comma delimited)": BOM, CRLF.
    write("excel_utf8_bom.csv", codecs.BOM_UTF8 + csv_text([HEADER, *DELEGATES]).encode())
    # LibreOffice Calc's default "Text CSV" on Linux: UTF-8 without BOM, LF.
    write("libreoffice_utf8.csv", csv_text([HEADER, *DELEGATES], newline="\n").encode())
    # Excel on a Chinese Windows, "CSV (逗号分隔)": GBK (code page 936), CRLF.
    write("excel_gbk.csv", csv_text([HEADER, *CHINESE]).encode("gbk"))
    # Excel on a Western Windows, "CSV (Comma delimited)": Windows-1252, CRLF.
    write("excel_cp1252.csv", csv_text([HEADER, *WESTERN]).encode("cp1252"))
    # Excel with German or French regional settings: semicolons, Windows-1252.
    write("excel_semicolon_cp1252.csv", csv_text([HEADER, *WESTERN], ";").encode("cp1252"))
    # Excel "Unicode Text": UTF-16 LE with BOM, tab-separated, CRLF.
    write(
        "excel_unicode_text.txt",
        codecs.BOM_UTF16_LE + csv_text([HEADER, *DELEGATES], "\t").encode("utf-16-le"),
    )
    # Hand-edited: headers in other cases and with spaces, stray whitespace, blank rows.
    messy_header = [
        "E-mail ",
        " Full Name EN",
        "FULL_NAME_ZH_HANS",
        "full name ar",
        " Country",
        "Region ",
        "City",
        "Delegation",
        "Organisation",
        "Position",
        "Role",
        "Status",
    ]
    messy_rows = [
        [f"  {v}  " if v and i != 8 else v for i, v in enumerate(row)] for row in DELEGATES
    ]
    messy_rows[0][0] = "  Zhang.Wei@FJFAO.example.cn "
    write(
        "messy_headers.csv",
        csv_text(
            [messy_header, messy_rows[0], messy_rows[1], [], *messy_rows[2:], [""] * 12]
        ).encode(),
    )
    # Problems, for the error messages.
    write("empty.csv", b"")
    write("header_only.csv", codecs.BOM_UTF8 + csv_text([HEADER]).encode())
    write(
        "missing_columns.csv",
        csv_text([HEADER[:2] + HEADER[6:], DELEGATES[0][:2] + DELEGATES[0][6:]]).encode(),
    )
    bad = [
        HEADER,
        [
            "ann@example.org",
            "Ann Lee",
            "",
            "",
            "Atlantis",
            "Fujian",
            "",
            "Fujian Delegation",
            "",
            "",
            "",
            "",
        ],
        ["not-an-email", "Bob Smith", "", "", "US", "Ohio", "", "Ohio Delegation", "", "", "", ""],
        [
            "ANN@Example.org",
            "Ann Again",
            "",
            "",
            "CN",
            "Fujian",
            "",
            "Fujian Delegation",
            "",
            "",
            "",
            "",
        ],
        [
            "cy@example.org",
            "Cy Young",
            "",
            "",
            "US",
            "Ohio",
            "",
            "Ohio Delegation",
            "",
            "",
            "chief",
            "maybe",
        ],
        ["dee@example.org", "D" * 201, "", "", "US", "Ohio", "", "Ohio Delegation", "", "", "", ""],
        ["eve@example.org", "", "", "", "US", "", "", "Ohio Delegation", "", "", "", ""],
    ]
    write("bad_rows.csv", csv_text(bad).encode())
    # One Chinese character that is also two plausible Western letters: cannot be told apart.
    write(
        "ambiguous_encoding.csv",
        csv_text(
            [
                HEADER,
                [
                    "wang@example.cn",
                    "Wang",
                    "王",
                    "",
                    "CN",
                    "Fujian",
                    "",
                    "Fujian Delegation",
                    "",
                    "",
                    "",
                    "",
                ],
            ]
        ).encode("gbk"),
    )
    # Bytes that are text in none of UTF-8, GB18030 and Windows-1252.
    write(
        "undecodable.csv",
        csv_text([HEADER]).encode() + b"x@example.org,\x81\x81\xff,,,CN,Fujian,,D,,,,\r\n",
    )
    write("not_a_spreadsheet.png", png())
    write("old_excel.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    # The sample file docs/attendees.md points to.
    write("sample_attendees.csv", codecs.BOM_UTF8 + csv_text([HEADER, *DELEGATES]).encode())


def png():
    raw = b"\x00\xff\x00\x00"

    def chunk(kind, body):
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def column(index):
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "{shared}"
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)
SHARED_CT = '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    '<dc:creator>Organiser</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2024-06-01T08:00:00Z</dcterms:created>'
    "</cp:coreProperties>"
)
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment wrapText="1"/></xf></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def excel_xlsx(rows):
    """As Excel 365 writes: shared strings (one with rich-text runs), spans, x14ac
    attributes, a bold header row, a numeric cell in an extra column."""
    strings, index = [], {}

    def sst(value):
        if value not in index:
            index[value] = len(strings)
            strings.append(value)
        return index[value]

    header = HEADER + ["badge no."]
    body = []
    for r, row in enumerate([header, *[[*d, 1000 + i] for i, d in enumerate(rows)]], start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{column(c)}{r}"
            if isinstance(value, int):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            elif value == "":
                continue  # Excel writes no element for an empty cell
            else:
                style = ' s="1"' if r == 1 else (' s="2"' if "\n" in value else "")
                cells.append(f'<c r="{ref}"{style} t="s"><v>{sst(value)}</v></c>')
        body.append(
            f'<row r="{r}" spans="1:{len(header)}" x14ac:dyDescent="0.25">{"".join(cells)}</row>'
        )
    items = []
    for value in strings:
        if value == "Victoria Woodards":  # Excel keeps formatting inside a cell as runs
            items.append(
                '<si><r><t xml:space="preserve">Victoria </t></r>'
                '<r><rPr><b/><sz val="11"/><color theme="1"/><rFont val="Calibri"/>'
                '<family val="2"/><scheme val="minor"/></rPr><t>Woodards</t></r></si>'
            )
        else:
            space = ' xml:space="preserve"' if value != value.strip() or "\n" in value else ""
            items.append(f"<si><t{space}>{escape(value)}</t></si>")
    last = f"{column(len(header) - 1)}{len(rows) + 1}"
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac xr xr2 xr3" '
        'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
        'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" '
        'xmlns:xr2="http://schemas.microsoft.com/office/spreadsheetml/2015/revision2" '
        'xmlns:xr3="http://schemas.microsoft.com/office/spreadsheetml/2016/revision3" '
        'xr:uid="{00000000-0001-0000-0000-000000000000}">'
        f'<dimension ref="A1:{last}"/><sheetViews><sheetView tabSelected="1" workbookViewId="0">'
        '<selection activeCell="A1" sqref="A1"/></sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="0.25"/>'
        f"<sheetData>{''.join(body)}</sheetData>"
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x15 xr xr6 xr10 xr2" '
        'xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main" '
        'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" '
        'xmlns:xr6="http://schemas.microsoft.com/office/spreadsheetml/2016/revision6" '
        'xmlns:xr10="http://schemas.microsoft.com/office/spreadsheetml/2016/revision10" '
        'xmlns:xr2="http://schemas.microsoft.com/office/spreadsheetml/2015/revision2">'
        '<fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="27425"/>'
        '<workbookPr defaultThemeVersion="166925"/>'
        '<bookViews><workbookView xWindow="-120" yWindow="-120" windowWidth="29040" windowHeight="15840"/></bookViews>'
        '<sheets><sheet name="Delegates" sheetId="1" r:id="rId1"/></sheets>'
        '<calcPr calcId="191029"/></workbook>'
    )
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>"
    )
    shared = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{sum(1 for _ in strings)}" '
        f'uniqueCount="{len(strings)}">{"".join(items)}</sst>'
    )
    app = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        "<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
        "<AppVersion>16.0300</AppVersion></Properties>"
    )
    return package(CT.format(shared=SHARED_CT), workbook, workbook_rels, sheet, shared, app)


def libreoffice_xlsx(rows):
    """As LibreOffice Calc 7 writes "Excel 2007-365": shared strings, every row with its
    formatting attributes, empty styled cells, and trailing formatted empty rows."""
    strings, index = [], {}

    def sst(value):
        if value not in index:
            index[value] = len(strings)
            strings.append(value)
        return index[value]

    body = []
    all_rows = [HEADER, *rows]
    for r, row in enumerate(all_rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{column(c)}{r}"
            if value == "":
                cells.append(f'<c r="{ref}" s="0"/>')  # LibreOffice keeps styled empty cells
            else:
                cells.append(f'<c r="{ref}" s="0" t="s"><v>{sst(value)}</v></c>')
        body.append(
            f'<row r="{r}" customFormat="false" ht="12.8" hidden="false" customHeight="false" '
            f'outlineLevel="0" collapsed="false">{"".join(cells)}</row>'
        )
    for r in range(len(all_rows) + 1, len(all_rows) + 4):
        body.append(
            f'<row r="{r}" customFormat="false" ht="12.8" hidden="false" customHeight="false" '
            f'outlineLevel="0" collapsed="false"><c r="A{r}" s="0"/></row>'
        )
    items = "".join(f'<si><t xml:space="preserve">{escape(v)}</t></si>' for v in strings)
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
        'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" '
        'xmlns:xr2="http://schemas.microsoft.com/office/spreadsheetml/2015/revision2" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        '<sheetPr filterMode="false"><pageSetUpPr fitToPage="false"/></sheetPr>'
        f'<dimension ref="A1:L{len(all_rows) + 3}"/>'
        '<sheetViews><sheetView showFormulas="false" showGridLines="true" showRowColHeaders="true" '
        'showZeros="true" rightToLeft="false" tabSelected="true" showOutlineSymbols="true" '
        'defaultGridColor="true" view="normal" topLeftCell="A1" colorId="64" zoomScale="100" '
        'zoomScaleNormal="100" zoomScalePageLayoutView="100" workbookViewId="0">'
        '<selection pane="topLeft" activeCell="A1" activeCellId="0" sqref="A1"/></sheetView></sheetViews>'
        '<sheetFormatPr defaultColWidth="11.53515625" defaultRowHeight="12.8" zeroHeight="false" outlineLevelRow="0" outlineLevelCol="0"/>'
        f"<sheetData>{''.join(body)}</sheetData>"
        '<printOptions headings="false" gridLines="false" gridLinesSet="true" horizontalCentered="false" verticalCentered="false"/>'
        '<pageMargins left="0.7875" right="0.7875" top="1.05277777777778" bottom="1.05277777777778" header="0.7875" footer="0.7875"/>'
        "</worksheet>"
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<fileVersion appName="Calc"/><workbookPr backupFile="false" showObjects="all" date1904="false"/>'
        '<workbookProtection/><bookViews><workbookView showHorizontalScroll="true" showVerticalScroll="true" '
        'showSheetTabs="true" xWindow="0" yWindow="0" windowWidth="16384" windowHeight="8192" '
        'tabRatio="500" firstSheet="0" activeTab="0"/></bookViews>'
        '<sheets><sheet name="Sheet1" sheetId="1" state="visible" r:id="rId2"/></sheets>'
        '<calcPr iterateCount="100" refMode="A1" iterate="false" iterateDelta="0.001"/></workbook>'
    )
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    )
    shared = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(strings)}" '
        f'uniqueCount="{len(strings)}">{items}</sst>'
    )
    app = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        "<Template></Template><TotalTime>1</TotalTime>"
        "<Application>LibreOffice/7.4.7.2$Linux_X86_64 LibreOffice_project/40$Build-2</Application>"
        "<AppVersion>15.0000</AppVersion></Properties>"
    )
    return package(CT.format(shared=SHARED_CT), workbook, workbook_rels, sheet, shared, app)


def inline_strings_xlsx(rows):
    """As streaming writers (Apache POI's SXSSF, many web exports) write: no shared
    strings table, every text cell an inline string."""
    body = []
    for r, row in enumerate([HEADER, *rows], start=1):
        cells = "".join(
            f'<c r="{column(c)}{r}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
            for c, v in enumerate(row)
            if v
        )
        body.append(f'<row r="{r}">{cells}</row>')
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{''.join(body)}</sheetData></worksheet>"
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Attendees" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        "</Relationships>"
    )
    app = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>Apache POI</Application></Properties>"
    )
    return package(CT.format(shared=""), workbook, workbook_rels, sheet, None, app)


def package(content_types, workbook, workbook_rels, sheet, shared, app):
    from io import BytesIO

    buffer = BytesIO()
    parts = {
        "[Content_Types].xml": content_types,
        "_rels/.rels": RELS,
        "docProps/app.xml": app,
        "docProps/core.xml": CORE,
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": workbook_rels,
        "xl/styles.xml": STYLES,
        "xl/worksheets/sheet1.xml": sheet,
    }
    if shared is not None:
        parts["xl/sharedStrings.xml"] = shared
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            # A fixed date, so that the files come out the same on every run.
            info = zipfile.ZipInfo(name, date_time=(2024, 6, 1, 8, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()


def xlsx_files():
    write("excel.xlsx", excel_xlsx(DELEGATES))
    write("libreoffice.xlsx", libreoffice_xlsx(DELEGATES))
    write("inline_strings.xlsx", inline_strings_xlsx(DELEGATES))


if __name__ == "__main__":
    csv_files()
    xlsx_files()
    print("Wrote the files in", HERE)
