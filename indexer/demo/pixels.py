"""The pixels of a scanned certificate: the printed paper, a flatbed scan, a phone photo.

Dark text on light paper, Bitstream Vera (shipped with reportlab) at 32 px and more on a
page of about 150 dpi, so that OCR reads it; the scan and the photo are seeded, so the
same demo writes the same bytes.
"""

from __future__ import annotations

import functools
import random

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from indexer.demo.certs import CATALOGUE, CertRecord, certificate_lines
from indexer.demo.people import Person
from indexer.demo.writers import FONT_BOLD, FONT_REGULAR

PAGE = (1240, 1754)  # A4 at 150 dpi
PHOTO = (1536, 2048)  # a 3:4 phone picture, scaled down to 3 megapixels
# Pixel sizes per certificate line (issuer, title, course, ..., number): the text PDFs'
# point sizes at 150 dpi, but never under 32 px, so that OCR has enough to go on.
_SIZES = (34, 58, 44, 32, 50, 32, 34, 34, 32, 32)
_BOLD_FROM = 40


# --- the paper ---------------------------------------------------------------------------
@functools.cache
def _font(size: int, bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_BOLD if bold else FONT_REGULAR), size)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int, keep: str) -> list[str]:
    """Break text into lines that fit width, never inside the words of keep (the course)."""
    glued = text.replace(keep, keep.replace(" ", "\0")) if keep else text
    lines: list[str] = []
    for word in glued.split(" "):
        if lines and font.getlength(f"{lines[-1]} {word}".replace("\0", " ")) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return [line.replace("\0", " ") for line in lines]


Box = tuple[int, int, int, int]
Colour = int | tuple[int, int, int]


def paper(
    record: CertRecord, person: Person, mode: str, rng: random.Random
) -> tuple[Image.Image, list[Box]]:
    """The certificate as printed: a framed A4 page at 150 dpi, its lines centred.

    Returns the page and the boxes of its lines of text.
    """
    lines = certificate_lines(record, person)
    keep = CATALOGUE[record.key].course_nl
    rgb = mode == "RGB"
    paper: Colour = (250, 248, 240) if rgb else 244
    ink: Colour = (28, 30, 44) if rgb else 22
    frame: Colour = (40, 78, 120) if rgb else 70
    image = Image.new(mode, PAGE, paper)
    draw = ImageDraw.Draw(image)
    width, height = PAGE
    draw.rectangle((48, 48, width - 49, height - 49), outline=frame, width=10)
    draw.rectangle((72, 72, width - 73, height - 73), outline=frame, width=2)
    boxes: list[Box] = []
    y = 190
    for index, line in enumerate(lines):
        if not line:
            continue
        size = _SIZES[index % len(_SIZES)]
        font = _font(size, size >= _BOLD_FROM)
        for part in _wrap(line, font, width - 260, keep):
            draw.text((width // 2, y), part, fill=ink, font=font, anchor="ma")
            box = draw.textbbox((width // 2, y), part, font=font, anchor="ma")
            boxes.append((int(box[0]), int(box[1]), int(box[2]), int(box[3])))
            y += round(size * 1.3)
        y += round(size * 0.75)
        if index == 1:  # a rule under CERTIFICAAT
            draw.line((width // 2 - 220, y - 10, width // 2 + 220, y - 10), fill=frame, width=3)
            y += 20
    # A signature in ballpoint under the text, clear of the lines OCR must read.
    y = min(y + 60, height - 260)
    x0 = width // 2 - 160
    points = [(x0 + step * 16, y + 40 + rng.randint(-28, 28)) for step in range(21)]
    draw.line(points, fill=(30, 50, 140) if rgb else 60, width=4, joint="curve")
    draw.line((x0 - 40, y + 90, x0 + 360, y + 90), fill=frame, width=2)
    return image, boxes


# --- the scanner -------------------------------------------------------------------------
def _noise(size: tuple[int, int], amplitude: int, rng: random.Random) -> Image.Image:
    """Grain of +/- amplitude/2 grey levels, from the seeded generator (so same bytes)."""
    grain = Image.frombytes("L", size, rng.randbytes(size[0] * size[1]))
    return grain.point(lambda v: v * amplitude // 256)


def scanned(printed: tuple[Image.Image, list[Box]], rng: random.Random) -> Image.Image:
    """A flatbed scan: askew by a degree, a shadow along the edge, grain and dust.

    The dust spares the lines of text (by a margin that covers the skew): a speck that
    touches a letter turns "Geldig tot" into "_Geldig tot" for OCR, and the label is lost.
    """
    page, boxes = printed
    # The page lies a little crooked on the glass; beyond it the grey of the lid.
    page = page.rotate(-1.15, resample=Image.Resampling.BICUBIC, fillcolor=226)
    page = page.filter(ImageFilter.GaussianBlur(0.6))
    # The lid does not close on the spine side: a soft shadow down the left edge.
    shade = Image.linear_gradient("L").rotate(90).resize((90, PAGE[1]))
    page.paste(ImageChops.multiply(page.crop((0, 0, 90, PAGE[1])),
                                   shade.point(lambda v: 170 + v * 85 // 255)), (0, 0))
    page = ImageChops.add(page, _noise(PAGE, 22, rng), 1.0, -11)
    draw = ImageDraw.Draw(page)
    width, height = PAGE
    for _ in range(150):  # dust and toner specks
        x, y, r = rng.randrange(width), rng.randrange(height), rng.choice((1, 1, 1, 2))
        fill = rng.randint(60, 160)
        if any(x0 - 30 <= x <= x1 + 30 and y0 - 30 <= y <= y1 + 30 for x0, y0, x1, y1 in boxes):
            continue
        draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)
    return page


# --- the phone ---------------------------------------------------------------------------
def _solve(matrix: list[list[float]], values: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (no numpy in the demo extra)."""
    n = len(values)
    rows = [[*row, value] for row, value in zip(matrix, values, strict=True)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(col + 1, n):
            factor = rows[r][col] / rows[col][col]
            for c in range(col, n + 1):
                rows[r][c] -= factor * rows[col][c]
    result = [0.0] * n
    for r in reversed(range(n)):
        done = sum(rows[r][c] * result[c] for c in range(r + 1, n))
        result[r] = (rows[r][n] - done) / rows[r][r]
    return result


def _perspective(
    corners: list[tuple[float, float]], size: tuple[int, int]
) -> tuple[float, float, float, float, float, float, float, float]:
    """PIL's PERSPECTIVE coefficients that put the page's corners at corners (TL TR BR BL)."""
    width, height = size
    source = [(0.0, 0.0), (float(width), 0.0), (float(width), float(height)), (0.0, float(height))]
    matrix: list[list[float]] = []
    values: list[float] = []
    for (x, y), (u, v) in zip(corners, source, strict=True):
        matrix.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        values.append(u)
        matrix.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        values.append(v)
    a, b, c, d, e, f, g, h = _solve(matrix, values)
    return a, b, c, d, e, f, g, h


def photographed(printed: tuple[Image.Image, list[Box]], rng: random.Random) -> Image.Image:
    """The page on a wooden table, photographed from a little off-centre, lit from one side."""
    paper = printed[0]
    width, height = PHOTO
    table = Image.linear_gradient("L").resize(PHOTO).point(lambda v: 150 - v * 50 // 255)
    photo = Image.merge("RGB", (table, table.point(lambda v: v * 78 // 100),
                                table.point(lambda v: v * 55 // 100)))
    # Taken leaning over the table: the top edge narrower than the bottom, a little turned.
    corners = [(118.0 + rng.randint(0, 10), 92.0), (1410.0, 64.0 + rng.randint(0, 10)),
               (1478.0, 1968.0), (52.0, 1992.0)]
    coefficients = _perspective(corners, PAGE)
    warped = paper.transform(PHOTO, Image.Transform.PERSPECTIVE, coefficients,
                             resample=Image.Resampling.BICUBIC)
    mask = Image.new("L", PAGE, 255).transform(PHOTO, Image.Transform.PERSPECTIVE, coefficients,
                                               resample=Image.Resampling.BILINEAR)
    shadow = ImageChops.offset(mask.filter(ImageFilter.GaussianBlur(18)), 14, 18)
    shadow = shadow.point(lambda v: 255 - v * 90 // 255)
    photo = ImageChops.multiply(photo, Image.merge("RGB", (shadow, shadow, shadow)))
    photo.paste(warped, (0, 0), mask)
    # The ceiling lamp is top left: a quarter less light in the far corner.
    left, top = width * 8 // 10, height * 8 // 10  # the brightest spot at (20 %, 20 %)
    light = Image.radial_gradient("L").resize((width * 2, height * 2)).crop(
        (left, top, left + width, top + height))
    light = light.point(lambda v: 255 - v * 70 // 255)
    photo = ImageChops.multiply(photo, Image.merge("RGB", (light, light, light)))
    photo = photo.filter(ImageFilter.GaussianBlur(0.9))
    grain = _noise(PHOTO, 14, rng)
    return ImageChops.add(photo, Image.merge("RGB", (grain, grain, grain)), 1.0, -7)
