"""people.csv as Dutch and English HR exports write it: delimiters, encodings, headers, warnings."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.people import PeopleError, Person, Roster, read_people


def share_with(tmp_path: Path, data: bytes, folders: tuple[str, ...] = ()) -> Path:
    """A share holding exactly this people.csv (bytes as written) and these folders."""
    share = tmp_path / "share"
    share.mkdir()
    (share / "people.csv").write_bytes(data)
    for name in folders:
        (share / name).mkdir()
    return share


def read_error(share: Path) -> str:
    """The PeopleError message read_people gives for this share."""
    with pytest.raises(PeopleError) as caught:
        read_people(share)
    return str(caught.value)


EXPORTS = [
    pytest.param(
        "Personeelsnummer;Naam;E-mailadres;Afdeling;Telefoon\r\n"
        "1001;Jörg Müller;jorg.muller@zorg.example;Geriatrie;038-1234567\r\n"
        "1002;Zoë Çelik;zoe.celik@zorg.example;Wondzorg;\r\n".encode("cp1252"),
        {"1001": "Jörg Müller", "1002": "Zoë Çelik"},
        "people.csv: 2 colleagues, cp1252, ';'-separated", id="dutch-excel-cp1252-crlf"),
    pytest.param(
        "\ufeffid,name,email\n"
        "p1,Ömer Yılmaz,omer@zorg.example\np2,Zoë Çelik,zoe@zorg.example\n".encode(),
        {"p1": "Ömer Yılmaz", "p2": "Zoë Çelik"},
        "people.csv: 2 colleagues, utf-8-sig, ','-separated", id="utf8-bom"),
    pytest.param(
        "Medewerkernummer;Naam\np1;Ömer Yılmaz\np2;Jörg Müller\n".encode(),
        {"p1": "Ömer Yılmaz", "p2": "Jörg Müller"},
        "people.csv: 2 colleagues, utf-8, ';'-separated", id="utf8-no-bom"),
    pytest.param(
        "Employee ID\tFirst name\tLast name\tJob title\r\n"
        "e1\tZoë\tÇelik\tNurse\r\ne2\tJörg\tMüller\tPhysio, senior\r\n".encode(),
        {"e1": "Zoë Çelik", "e2": "Jörg Müller"},
        "people.csv: 2 colleagues, utf-8, tab-separated", id="tab-separated-english"),
    pytest.param(
        "Medewerkernummer;Voornaam;Tussenvoegsel;Achternaam\r\n"
        "7;Anna;de;Vries\r\n8;Zoë;;Çelik\r\n9;Cees;van der;Berg\r\n".encode("cp1252"),
        {"7": "Anna de Vries", "8": "Zoë Çelik", "9": "Cees van der Berg"},
        "people.csv: 3 colleagues, cp1252, ';'-separated", id="voornaam-tussenvoegsel-achternaam"),
    pytest.param(
        b"id;name;;;\r\np1;Anna de Vries;;;\r\np2;Bob Jansen;;;;\r\n;;;;\r\n\r\n\r\n",
        {"p1": "Anna de Vries", "p2": "Bob Jansen"},
        "people.csv: 2 colleagues, utf-8, ';'-separated", id="trailing-empty-columns-and-rows"),
    pytest.param(
        b'id,name,department\np1,"Vries, Anna de","Wond-, stoma- en continentiezorg"\n'
        b'p2,"Jansen, Bob",Geriatrie\n',
        {"p1": "Vries, Anna de", "p2": "Jansen, Bob"},
        "people.csv: 2 colleagues, utf-8, ','-separated", id="quoted-delimiters"),
    pytest.param(
        b"  ID ; NAAM \r\np1;Vries, Anna de\r\np2;Jansen, Bob\r\np3;Bos, Dirk\r\n",
        {"p1": "Vries, Anna de", "p2": "Jansen, Bob", "p3": "Bos, Dirk"},
        "people.csv: 3 colleagues, utf-8, ';'-separated", id="unquoted-commas-semicolon-header"),
]


@pytest.mark.parametrize(("data", "names", "description"), EXPORTS)
def test_hr_exports_are_read(tmp_path: Path, data: bytes, names: dict[str, str],
                             description: str) -> None:
    share = share_with(tmp_path, data, folders=tuple(names))
    roster = read_people(share)
    assert {pid: p.name for pid, p in roster.people.items()} == names
    assert roster.describe() == description
    assert roster.warnings == ()


def test_dutch_headers_fill_every_field(tmp_path: Path) -> None:
    share = share_with(tmp_path, (
        "PERSONEELSNUMMER ; Naam ; E-mail ; Afdeling ; Vestiging ; Functie ; Tel ; Bezwaar\r\n"
        "00042;Zoë Çelik;zoe@zorg.example;Wondzorg;Zwolle;Verpleegkundige;038-1234567;\r\n"
    ).encode("cp1252"), folders=("00042",))
    assert read_people(share).people["00042"] == Person(
        id="00042", name="Zoë Çelik", email="zoe@zorg.example", department="Wondzorg",
        location="Zwolle", role="Verpleegkundige", phone="038-1234567", opt_out=False)


@pytest.mark.parametrize(("word", "opted_out"), [
    ("waar", True), ("Bezwaar", True), ("ja", True), ("X", True), ("1", True),
    ("", False), ("nee", False), ("onwaar", False),
])
def test_opt_out_words(tmp_path: Path, word: str, opted_out: bool) -> None:
    share = share_with(tmp_path, f"id;naam;opt-out\r\np1;Anna;{word}\r\n".encode(), ("p1",))
    assert read_people(share).opted_out == ({"p1"} if opted_out else set())


def test_unknown_columns_are_one_warning(tmp_path: Path) -> None:
    rows = "".join(f"p{i};Collega {i};01-01-1980;123456789;x\r\n" for i in range(20))
    share = share_with(tmp_path, f"id;naam;Geboortedatum;BSN;Naam\r\n{rows}".encode(),
                       folders=tuple(f"p{i}" for i in range(20)))
    roster = read_people(share)
    assert roster.warnings == ("people.csv: ignored unknown column(s): Geboortedatum, BSN, Naam",)
    assert roster.people["p3"].name == "Collega 3"  # the first name column wins


def test_missing_id_column_names_the_file_line_and_columns(tmp_path: Path) -> None:
    share = share_with(tmp_path, b"Nummer;Naam;Afdeling\r\n1;Anna;Wondzorg\r\n")
    assert read_error(share) == (
        f"{share / 'people.csv'}:1: no id column (found: Nummer, Naam, Afdeling); "
        "expected one of: id, personeelsnummer, medewerkernummer, personnel number, employee id")


def test_missing_name_column_names_the_columns(tmp_path: Path) -> None:
    share = share_with(tmp_path, b"\r\nid,email\r\np1,anna@zorg.example\r\n")
    message = read_error(share)
    assert message.startswith(f"{share / 'people.csv'}:2: no name column (found: id, email); ")
    assert "naam" in message and "voornaam + achternaam" in message


def test_row_without_name_names_its_line(tmp_path: Path) -> None:
    """Line numbers are the editor's: a quoted line break and a blank line count."""
    share = share_with(tmp_path, b'id;naam;afdeling\r\np1;Anna;"Wond-\r\nzorg"\r\n\r\n'
                                 b"p2;;Geriatrie\r\n")
    assert read_error(share) == f"{share / 'people.csv'}:5: person 'p2' has no name"


def test_unquoted_delimiter_in_a_value_names_the_line(tmp_path: Path) -> None:
    share = share_with(tmp_path, b"id,name\np1,Anna\np2,Jansen, Bob\n")
    assert read_error(share).startswith(
        f"{share / 'people.csv'}:3: 3 cells but the header has 2 columns")


def test_bytes_not_even_cp1252_names_the_line(tmp_path: Path) -> None:
    share = share_with(tmp_path, b"id;naam\r\np1;Anna\r\np2;Bad\x81name\r\n")
    message = read_error(share)
    assert message.startswith(f"{share / 'people.csv'}:3: byte 0x81 is not utf-8 or cp1252 text")
    assert "CSV UTF-8" in message


@pytest.mark.parametrize(("data", "message"), [
    (b"\xef\xbb\xbf\r\n\r\n", ":1: people.csv is empty; expected a header with id and name"),
    (b"id;naam;;\r\n;;;\r\n", ":1: no colleagues listed below the header"),
])
def test_an_empty_roster_is_an_error(tmp_path: Path, data: bytes, message: str) -> None:
    share = share_with(tmp_path, data)
    assert read_error(share) == f"{share / 'people.csv'}{message}"


def test_excel_stripped_leading_zeros_is_one_warning_with_a_hint(tmp_path: Path) -> None:
    share = share_with(tmp_path, b"id;naam\r\n123;Anna\r\n456;Bob\r\n789;Cees\r\np1;Dirk\r\n",
                       folders=("00123", "00456", "p1"))
    warnings = read_people(share).warnings
    assert warnings == (
        "3 people have no folder in the share: '123', '456', '789'; folders '00123', '00456' "
        "are those ids with leading zeros: did Excel strip leading zeros? "
        "(format the id column as text)",
        "2 folders have no person in people.csv (skipped): '00123', '00456'",
    )


def test_one_missing_folder_keeps_the_short_sentence(tmp_path: Path) -> None:
    share = share_with(tmp_path, b"id;naam\r\n42;Anna\r\n", folders=("0042",))
    assert read_people(share).warnings == (
        "person '42' has no folder in the share; folder '0042' is that id with leading zeros: "
        "did Excel strip leading zeros? (format the id column as text)",
        "folder '0042' has no person in people.csv (skipped)",
    )


def test_long_lists_are_capped(tmp_path: Path) -> None:
    rows = "".join(f"p{i:02d};Collega {i}\r\n" for i in range(15))
    share = share_with(tmp_path, f"id;naam\r\n{rows}".encode())
    (warning,) = read_people(share).warnings
    assert warning == ("15 people have no folder in the share: "
                       + ", ".join(f"'p{i:02d}'" for i in range(10)) + ", … 5 more")


def test_roster_keeps_its_old_constructor_and_describes_itself(tmp_path: Path) -> None:
    anna = Person("p1", "Anna", "", "", "", "")
    roster = Roster({"p1": anna}, frozenset(), ())
    assert roster.describe() == "people.csv: 1 colleague, utf-8, ','-separated"
    share = share_with(tmp_path, "id;naam\r\np1;Zoë\r\n".encode("cp1252"), ("p1",))
    after = read_people(share).without(["p1"])
    assert after.describe() == "people.csv: 1 colleague, cp1252, ';'-separated"
    assert after.indexed() == {}
