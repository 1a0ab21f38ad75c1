"""Generators for real test documents (python-docx, reportlab, hand-built zips)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT_W_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"

TEXT_BOX_XML = f"""
<w:r xmlns:w="{W_NS}"
     xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
     xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
     xmlns:v="urn:schemas-microsoft-com:vml">
  <mc:AlternateContent>
    <mc:Choice Requires="wps">
      <w:drawing><wps:wsp><wps:txbx><w:txbxContent>
        <w:p><w:r><w:t>Reanimatie instructeur BLS</w:t></w:r></w:p>
      </w:txbxContent></wps:txbx></wps:wsp></w:drawing>
    </mc:Choice>
    <mc:Fallback>
      <w:pict><v:shape><v:textbox><w:txbxContent>
        <w:p><w:r><w:t>Reanimatie instructeur BLS</w:t></w:r></w:p>
      </w:txbxContent></v:textbox></v:shape></w:pict>
    </mc:Fallback>
  </mc:AlternateContent>
</w:r>"""

VML_TEXT_BOX_XML = f"""
<w:r xmlns:w="{W_NS}" xmlns:v="urn:schemas-microsoft-com:vml">
  <w:pict><v:shape><v:textbox><w:txbxContent>
    <w:p><w:r><w:t>Oude tekstvak decubituspreventie</w:t></w:r></w:p>
  </w:txbxContent></v:textbox></v:shape></w:pict>
</w:r>"""

SDT_XML = f"""
<w:sdt xmlns:w="{W_NS}">
  <w:sdtPr><w:alias w:val="Functie"/></w:sdtPr>
  <w:sdtContent><w:p><w:r><w:t>Wondconsulent</w:t></w:r></w:p></w:sdtContent>
</w:sdt>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"""


def make_cv_docx(path: Path) -> Path:
    """A CV with a table, header, footer, text boxes, a content control and core properties."""
    from lxml import etree

    document = docx.Document()
    document.core_properties.author = "Anna de Vries"
    document.core_properties.last_modified_by = "HR Afdeling"
    document.core_properties.title = "Curriculum vitae Anna de Vries"
    document.sections[0].header.paragraphs[0].text = "Zorggroep Noord vertrouwelijk"
    document.sections[0].footer.paragraphs[0].text = "Pagina voettekst geriatrie"
    document.add_paragraph("Verpleegkundige met ervaring in wondverzorging")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Diploma"
    table.cell(0, 1).text = "Jaar"
    table.cell(1, 0).text = "HBO-V"
    table.cell(1, 1).text = "2015"
    para = document.add_paragraph("Specialisaties:")
    para._p.append(etree.fromstring(TEXT_BOX_XML))
    para2 = document.add_paragraph("Eerder:")
    para2._p.append(etree.fromstring(VML_TEXT_BOX_XML))
    document.element.body.insert(-1, etree.fromstring(SDT_XML))
    document.save(str(path))
    return path


def rewrite_zip(src: Path, dest: Path, replace: dict[str, bytes | None]) -> Path:
    """Copy a zip, replacing members by name (None drops a member)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in replace:
                data = replace[info.filename]
                if data is not None:
                    zout.writestr(info.filename, data)
            else:
                zout.writestr(info.filename, zin.read(info.filename))
    return dest


def make_strict_docx(src: Path, dest: Path) -> Path:
    """Turn a transitional .docx into Strict OOXML by rewriting its namespaces."""
    transitional_rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    strict_rels = "http://purl.oclc.org/ooxml/officeDocument/relationships"
    swaps = {W_NS: STRICT_W_NS, transitional_rels: strict_rels}
    with zipfile.ZipFile(src) as zin:
        replace: dict[str, bytes | None] = {}
        for name in zin.namelist():
            if name.endswith((".xml", ".rels")):
                data = zin.read(name).decode("utf-8")
                for old, new in swaps.items():
                    data = data.replace(old, new)
                replace[name] = data.encode("utf-8")
    return rewrite_zip(src, dest, replace)


def make_pdf(
    path: Path,
    lines: list[str],
    *,
    title: str = "",
    author: str = "",
    user_password: str | None = None,
    owner_password: str = "eigenaar",
) -> Path:
    """A one-page PDF with *lines* of text; encrypted when a password is given."""
    encrypt = None
    if user_password is not None:
        encrypt = StandardEncryption(user_password, ownerPassword=owner_password, canCopy=0)
    c = canvas.Canvas(str(path), encrypt=encrypt)
    c.setTitle(title)
    c.setAuthor(author)
    y = 780
    for line in lines:
        c.drawString(72, y, line)
        y -= 16
    c.showPage()
    c.save()
    return path


def make_drawing_only_pdf(path: Path, pages: int = 2) -> Path:
    """A PDF whose pages hold only drawings, like a scan without OCR."""
    c = canvas.Canvas(str(path))
    for _ in range(pages):
        c.rect(100, 100, 300, 400, fill=1)
        c.circle(300, 600, 50, fill=1)
        c.showPage()
    c.save()
    return path


def make_odt(
    path: Path, body_xml: str, *, creator: str = "", title: str = "", encrypted: bool = False
) -> Path:
    """A minimal OpenDocument text file built by hand (what LibreOffice writes)."""
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    text_ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    table_ns = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        f'xmlns:office="{office}" xmlns:text="{text_ns}" xmlns:table="{table_ns}">'
        f"<office:body><office:text>{body_xml}</office:text></office:body>"
        f"</office:document-content>"
    )
    meta = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta xmlns:office="{office}" '
        f'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        f'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"><office:meta>'
        f"<meta:initial-creator>{creator}</meta:initial-creator><dc:title>{title}</dc:title>"
        f"<meta:creation-date>2024-03-01T10:00:00</meta:creation-date>"
        f"</office:meta></office:document-meta>"
    )
    encryption = (
        '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x">'
        '<manifest:algorithm manifest:algorithm-name="Blowfish CFB" '
        'manifest:initialisation-vector="x"/>'
        "</manifest:encryption-data>"
        if encrypted
        else ""
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        f'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
        f"{encryption}</manifest:file-entry></manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            "mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED
        )
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("meta.xml", meta, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return path


WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Lower-case word tokens, for comparing extracted with expected text."""
    return WORD.findall(text.lower())


def word_recall(expected: str, got: str) -> float:
    """Share of the expected words (with repeats) that occur in *got*."""
    want = words(expected)
    if not want:
        return 1.0
    have = set(words(got))
    return sum(w in have for w in want) / len(want)
