"""Low-level demo writers: .docx with core properties and text boxes, text and image PDFs."""

from __future__ import annotations

import functools
import io
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import reportlab
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

if TYPE_CHECKING:
    from PIL import Image as PILImage

# Bitstream Vera ships inside reportlab, so the demo needs no system font. Unlike the
# standard Helvetica (WinAnsi only) it has the dotless i of "Yılmaz" and the Latin-1 letters;
# embedded as a subset with a ToUnicode map, the text layer says exactly what was drawn.
FONT_DIR = Path(reportlab.__file__).resolve().parent / "fonts"
FONT_REGULAR = FONT_DIR / "Vera.ttf"
FONT_BOLD = FONT_DIR / "VeraBd.ttf"
PDF_FONT, PDF_FONT_BOLD = "DemoVera", "DemoVera-Bold"

_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:o="urn:schemas-microsoft-com:office:office"'
)


def new_document(
    author: str,
    title: str,
    created: datetime,
    modified: datetime,
    last_modified_by: str = "",
    language: str = "nl-NL",
) -> DocxDocument:
    """A blank python-docx document with its core properties filled in as Word would."""
    doc = Document()
    props = doc.core_properties
    props.author = author
    props.last_modified_by = last_modified_by or author
    props.title = title
    props.created = created
    props.modified = modified
    props.revision = 1 + (modified - created).days // 90
    props.language = language
    # python-docx's template carries its own keywords/comments; clear them so no text leaks.
    props.keywords = ""
    props.comments = ""
    props.subject = ""
    props.category = ""
    return doc


def add_para(doc: DocxDocument, text: str, style_id: str = "") -> None:
    """doc.add_paragraph by style id: python-docx's lookup by style name costs ~1.5 ms a call."""
    paragraph = doc.add_paragraph(text)
    if style_id:
        paragraph._p.style = style_id


def add_heading(doc: DocxDocument, text: str, level: int) -> None:
    add_para(doc, text, "Title" if level == 0 else f"Heading{level}")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _txbx_paragraphs(lines: list[str]) -> str:
    return "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{_escape(line)}</w:t></w:r></w:p>' for line in lines
    )


def _drawing_textbox(lines: list[str], shape_id: int) -> str:
    """A DrawingML (Word 2010+) text box anchored to the paragraph: wps:txbx/w:txbxContent."""
    return (
        f'<w:drawing><wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" '
        f'relativeHeight="{shape_id}" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>3600000'
        '</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0'
        '</wp:posOffset></wp:positionV><wp:extent cx="2340000" cy="1800000"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapSquare wrapText="bothSides"/>'
        f'<wp:docPr id="{shape_id}" name="Tekstvak {shape_id}"/><wp:cNvGraphicFramePr/>'
        "<a:graphic><a:graphicData "
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
        '<wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        '<a:ext cx="2340000" cy="1800000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
        "</a:prstGeom></wps:spPr><wps:txbx><w:txbxContent>"
        f"{_txbx_paragraphs(lines)}"
        '</w:txbxContent></wps:txbx><wps:bodyPr rot="0" vert="horz" wrap="square"/></wps:wsp>'
        "</a:graphicData></a:graphic></wp:anchor></w:drawing>"
    )


def _vml_textbox(lines: list[str], shape_id: int) -> str:
    """The legacy VML text box (Word 2003/2007 files, and the mc:Fallback of newer ones)."""
    return (
        f'<w:pict><v:shape id="Tekstvak{shape_id}" o:spid="_x0000_s10{shape_id:02d}" '
        'type="#_x0000_t202" style="position:absolute;margin-left:283pt;width:184pt;'
        'height:142pt;z-index:251659264"><v:textbox><w:txbxContent>'
        f"{_txbx_paragraphs(lines)}"
        "</w:txbxContent></v:textbox></v:shape></w:pict>"
    )


def add_text_box(
    doc: DocxDocument, lines: list[str], style: str = "alternate", shape_id: int = 1
) -> None:
    """Put lines in a text box, which python-docx can neither write nor read.

    style "alternate" writes what current Word writes: mc:AlternateContent with the
    DrawingML box as Choice and the same text again as VML Fallback (an extractor that
    reads both gets every line twice); "vml" writes only the legacy VML box.
    """
    if style == "vml":
        inner = _vml_textbox(lines, shape_id)
    else:
        inner = (
            '<mc:AlternateContent><mc:Choice Requires="wps">'
            f"{_drawing_textbox(lines, shape_id)}</mc:Choice><mc:Fallback>"
            f"{_vml_textbox(lines, shape_id)}</mc:Fallback></mc:AlternateContent>"
        )
    run = parse_xml(f"<w:r {_NS}>{inner}</w:r>")
    doc.add_paragraph()._p.append(run)


def save_docx(doc: DocxDocument, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


def docx_bytes(doc: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


@functools.cache
def pdf_fonts() -> frozenset[int]:
    """Register the embedded TrueType fonts once; the code points both of them can draw."""
    covered: set[int] | None = None
    for name, file in ((PDF_FONT, FONT_REGULAR), (PDF_FONT_BOLD, FONT_BOLD)):
        font = TTFont(name, str(file))
        pdfmetrics.registerFont(font)
        chars = set(font.face.charToGlyph)
        covered = chars if covered is None else covered & chars
    return frozenset(covered or ())


def write_text_pdf(
    path: Path, lines: list[tuple[str, int]], title: str, author: str, user_password: str = ""
) -> None:
    """A one-page PDF with a real text layer; lines are (text, font size); optional encryption."""
    covered = pdf_fonts()
    missing = sorted({ch for text, _ in lines for ch in text if ord(ch) not in covered})
    if missing:  # a PDF with "Y■lmaz" in it is worse than no PDF
        raise ValueError(f"{FONT_REGULAR.name} cannot draw {''.join(missing)!r} ({path.name})")
    path.parent.mkdir(parents=True, exist_ok=True)
    # invariant=1 drops the creation timestamp and random file id: same input, same bytes.
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1, encrypt=user_password or None)
    pdf.setTitle(title)
    pdf.setAuthor(author)
    width, height = A4
    pdf.setLineWidth(3)
    pdf.rect(40, 40, width - 80, height - 80)
    y = height - 120
    for text, size in lines:
        if not text:
            y -= size
            continue
        pdf.setFont(PDF_FONT_BOLD if size >= 16 else PDF_FONT, size)
        pdf.drawCentredString(width / 2, y, text)
        y -= size * 1.9
    pdf.showPage()
    pdf.save()


def write_image_pdf(path: Path, lines: list[str], title: str) -> None:
    """A "scanned" certificate: the text exists only as pixels of a slightly skewed image."""
    from PIL import Image, ImageDraw, ImageFont  # Pillow comes with reportlab

    image = Image.new("L", (827, 1169), color=246)
    draw = ImageDraw.Draw(image)
    draw.rectangle((30, 30, 797, 1139), outline=60, width=6)
    font = ImageFont.load_default(size=30)
    y = 160
    for line in lines:
        draw.text((413, y), line, fill=25, font=font, anchor="mm")
        y += 70
    # A scanner never feeds the page in straight.
    image = image.rotate(1.3, resample=Image.Resampling.BILINEAR, fillcolor=235)
    save_image_pdf(path, image, title)


def save_image_pdf(
    path: Path, image: PILImage.Image, title: str, quality: int = 70, creator: str = ""
) -> None:
    """An image-only A4 PDF, as a scanner makes it: one JPEG filling the page, no text layer."""
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    buffer.seek(0)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setTitle(title)
    if creator:
        pdf.setCreator(creator)
    width, height = A4
    pdf.drawImage(ImageReader(buffer), 0, 0, width=width, height=height)
    pdf.showPage()
    pdf.save()
