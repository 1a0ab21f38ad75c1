"""Demo CVs as .docx: Dutch or English, with tables, text boxes, headers and footers in turn."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

from docx.document import Document as DocxDocument

from indexer.demo.certs import CertRecord
from indexer.demo.people import ORGANISATION, Person
from indexer.demo.roles import EMPLOYERS, IT_EMPLOYERS, profession
from indexer.demo.writers import add_heading, add_para, add_text_box, new_document, save_docx

_HEADINGS = {
    "nl": {
        "title": "Curriculum Vitae",
        "personal": "Personalia",
        "profile": "Profiel",
        "work": "Werkervaring",
        "education": "Opleidingen",
        "skills": "Vaardigheden",
        "certificates": "Certificaten en registraties",
        "languages": "Talen",
        "now": "heden",
        "name": "Naam",
        "email": "E-mail",
        "phone": "Telefoon",
        "born": "Geboortejaar",
        "place": "Standplaats",
        "period": "Periode",
        "role": "Functie",
        "employer": "Werkgever",
    },
    "en": {
        "title": "Curriculum Vitae",
        "personal": "Personal details",
        "profile": "Profile",
        "work": "Work experience",
        "education": "Education",
        "skills": "Skills",
        "certificates": "Certificates and registrations",
        "languages": "Languages",
        "now": "present",
        "name": "Name",
        "email": "E-mail",
        "phone": "Phone",
        "born": "Year of birth",
        "place": "Location",
        "period": "Period",
        "role": "Position",
        "employer": "Employer",
    },
}
_LANGUAGES = {
    "nl": "Nederlands (moedertaal), Engels (goed), Duits (redelijk)",
    "en": "English (fluent), Dutch (B2, NT2 exam passed), German (basic)",
}


def _career(
    person: Person, rng: random.Random, today: date
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """(period, role, employer) newest first, and (period, education) newest first."""
    prof = profession(person.role, person.department)
    lang = person.lang
    now = _HEADINGS[lang]["now"]
    edu_start = person.born + 18
    educations = prof.education_nl if lang == "nl" else prof.education_en
    education = [(f"{edu_start} – {edu_start + 4}", educations[0])]
    start = edu_start + 4
    jobs: list[tuple[str, str, str]] = []
    employers = IT_EMPLOYERS if person.department == "ICT" else EMPLOYERS[:-1]
    past = prof.past_roles_nl if lang == "nl" else prof.past_roles_en
    for step in range(rng.randint(1, 3)):
        if start >= today.year - 2:
            break
        length = rng.randint(2, 7)
        end = min(start + length, today.year - 1)
        jobs.append((f"{start} – {end}", past[step % len(past)], rng.choice(employers)))
        if step == 1 and len(educations) > 1:
            education.append(
                (f"{start + 1} – {start + 2}", educations[1 + step % (len(educations) - 1)])
            )
        start = end
    jobs.append((f"{start} – {now}", person.role, f"{ORGANISATION}, {person.location}"))
    return jobs[::-1], education[::-1]


def _profile(person: Person, skills: list[str]) -> str:
    if person.lang == "en":
        return (
            f"{person.role} at {ORGANISATION} ({person.department}, {person.location}). "
            f"Experienced in {skills[0]} and {skills[1]}; colleagues ask me about "
            f"{skills[2]}."
        )
    return (
        f"{person.role} bij {ORGANISATION} (afdeling {person.department}, {person.location}). "
        f"Ervaren in {skills[0]} en {skills[1]}; collega's vragen mij vaak om advies over "
        f"{skills[2]}."
    )


def write_cv(
    person: Person,
    index: int,
    certificates: list[CertRecord],
    target: Path,
    today: date,
    rng: random.Random,
) -> tuple[str, ...]:
    """Write one colleague's CV; index picks the layout so every layout occurs.

    Returns the skill lines the CV lists: the truth the precision benchmark checks against.
    """
    h = _HEADINGS[person.lang]
    prof = profession(person.role, person.department)
    all_skills = list(prof.skills_nl if person.lang == "nl" else prof.skills_en)
    rng.shuffle(all_skills)
    skills = all_skills[: rng.randint(4, len(all_skills))]
    jobs, education = _career(person, rng, today)
    # A third of the CVs were written years ago and only touched up since.
    if index % 3 == 0:
        created = datetime(rng.randint(2009, 2016), rng.randint(1, 12), rng.randint(1, 28), 9, 30)
    else:
        created = datetime.combine(
            today - timedelta(days=rng.randint(20, 700)), datetime.min.time()
        )
    modified = min(
        created + timedelta(days=rng.randint(0, 900)), datetime.combine(today, datetime.min.time())
    )
    doc = new_document(
        person.name,
        f"CV {person.name}",
        created,
        modified,
        language="en-GB" if person.lang == "en" else "nl-NL",
    )
    layout = index % 4
    add_heading(doc, h["title"], 0)
    add_heading(doc, person.name, 1)
    contact = [
        f"{h['name']}: {person.name}",
        f"{h['email']}: {person.email}",
        f"{h['phone']}: {person.phone}",
        f"{h['place']}: {person.location}",
        f"{h['born']}: {person.born}",
    ]
    if layout == 3:
        add_text_box(doc, [h["personal"], *contact], style="vml", shape_id=index + 1)
    else:
        add_heading(doc, h["personal"], 2)
        for line in contact:
            add_para(doc, line)
    profile = _profile(person, skills)
    if layout == 2:
        add_text_box(
            doc, [h["profile"], profile, *skills[:3]], style="alternate", shape_id=index + 1
        )
    else:
        add_heading(doc, h["profile"], 2)
        add_para(doc, profile)
    _experience(doc, h, jobs, education, as_table=layout == 1)
    add_heading(doc, h["skills"], 2)
    for skill in skills:
        add_para(doc, skill, "ListBullet")
    if certificates:
        add_heading(doc, h["certificates"], 2)
        for record in certificates:
            add_para(doc, f"{record.name} ({record.issuer}, {record.issued.year})", "ListBullet")
    add_heading(doc, h["languages"], 2)
    add_para(doc, _LANGUAGES[person.lang])
    if layout in (1, 3) or index % 5 == 0:
        section = doc.sections[0]
        section.header.paragraphs[0].text = f"{h['title']} – {person.name}"
        section.footer.paragraphs[0].text = f"{person.email} · {person.phone} · {ORGANISATION}"
    name = "CV.docx" if index % 2 else f"cv_{person.last.replace(' ', '_')}.docx"
    if person.lang == "en" and index % 3 == 1:
        name = "Resume.docx"
    path = target / person.id / name
    save_docx(doc, path)
    return tuple(skills)


def _experience(
    doc: DocxDocument,
    h: dict[str, str],
    jobs: list[tuple[str, str, str]],
    education: list[tuple[str, str]],
    as_table: bool,
) -> None:
    add_heading(doc, h["work"], 2)
    if as_table:
        table = doc.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells, (h["period"], h["role"], h["employer"]), strict=True
        ):
            cell.text = text
        for job in jobs:
            for cell, text in zip(table.add_row().cells, job, strict=True):
                cell.text = text
    else:
        for period, role, employer in jobs:
            add_para(doc, f"{period}\t{role}, {employer}")
    add_heading(doc, h["education"], 2)
    if as_table:
        table = doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for period, text in education:
            row = table.add_row().cells
            row[0].text, row[1].text = period, text
    else:
        for period, text in education:
            add_para(doc, f"{period}\t{text}")
