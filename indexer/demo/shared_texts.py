"""The demo's shared documents as written: protocols and project reports, by role, in nl and en."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SharedDoc:
    """One shared document: who wrote it (by role), who last touched it, and its text."""

    file: str
    title: str
    author_role: str
    editor_role: str
    lang: str
    years_old: float  # created this many years before today
    sections: tuple[tuple[str, tuple[str, ...]], ...]


SHARED_DOCS = (
    SharedDoc(
        "Protocol wondzorg en decubituspreventie.docx",
        "Protocol wondzorg en decubituspreventie",
        "Wondconsulent",
        "Kwaliteitsadviseur",
        "nl",
        6.5,
        (
            (
                "Doel",
                (
                    "Dit protocol beschrijft hoe wijkverpleegkundigen en verzorgenden decubitus "
                    "voorkomen en wonden beoordelen en behandelen volgens de TIME-methode.",
                ),
            ),
            (
                "Risico-inventarisatie",
                (
                    "Bij iedere nieuwe cliënt wordt binnen 24 uur de Braden-schaal "
                    "ingevuld. Bij een score van 18 of lager volgt een "
                    "wisselligschema en drukverlagend matras.",
                    "Controleer de huid op drukplekken bij iedere zorgmoment.",
                ),
            ),
            (
                "Wondbeoordeling",
                (
                    "Beschrijf de wond met het WCS-kleurenmodel (zwart, geel, rood) en "
                    "fotografeer de wond wekelijks in het ECD.",
                    "Bij twijfel over infectie of stagnatie na twee weken: overleg met "
                    "de wondconsulent.",
                ),
            ),
        ),
    ),
    SharedDoc(
        "Diabetesprotocol wijkverpleging.docx",
        "Diabetesprotocol wijkverpleging",
        "Diabetesverpleegkundige",
        "Wijkverpleegkundige",
        "nl",
        0.4,
        (
            (
                "Doel",
                (
                    "Eenduidige zorg voor cliënten met diabetes mellitus type 1 en 2 in de "
                    "thuissituatie, aansluitend op de NHG-standaard.",
                ),
            ),
            (
                "Insulinetherapie",
                (
                    "De verpleegkundige controleert de glucosewaarde voor iedere "
                    "insulinetoediening en registreert deze in het ECD.",
                    "Hypoglykemie (glucose < 4 mmol/l): geef 15-20 gram snelle "
                    "koolhydraten en meet na 15 minuten opnieuw.",
                ),
            ),
            (
                "Voetzorg",
                (
                    "Inspecteer de voeten jaarlijks volgens de Simm's-classificatie en "
                    "verwijs bij sensibiliteitsverlies naar de podotherapeut.",
                ),
            ),
        ),
    ),
    SharedDoc(
        "Werkinstructie medicatieveiligheid.docx",
        "Werkinstructie medicatieveiligheid",
        "Kwaliteitsadviseur",
        "Verpleegkundige niveau 4",
        "nl",
        3.2,
        (
            (
                "Toepassing",
                (
                    "Deze werkinstructie geldt voor alle medewerkers die medicatie "
                    "aanreiken of toedienen, in de wijk en op de afdelingen.",
                ),
            ),
            (
                "Dubbele controle",
                (
                    "Bij risicovolle medicatie (insuline, opiaten, antistolling) "
                    "voeren twee bevoegde collega's een dubbele controle uit.",
                    "Elke toediening wordt direct afgetekend in het elektronisch "
                    "toedienregistratiesysteem (eTRS).",
                ),
            ),
            (
                "Incidenten",
                (
                    "Meld iedere medicatiefout of bijna-fout via een MIC-melding; de "
                    "commissie bespreekt de meldingen maandelijks.",
                ),
            ),
        ),
    ),
    SharedDoc(
        "Projectverslag valpreventie 2023.docx",
        "Projectverslag valpreventie",
        "Geriatriefysiotherapeut",
        "Verpleegkundige geriatrie",
        "nl",
        2.1,
        (
            (
                "Aanleiding",
                (
                    "In 2022 vielen op de afdeling Geriatrie 48 cliënten, waarvan 6 met een "
                    "heupfractuur. Het project had als doel het aantal valincidenten met 30% "
                    "te verminderen.",
                ),
            ),
            (
                "Aanpak",
                (
                    "Alle cliënten kregen bij opname een valrisicoscreening (VeiligheidsManagement"
                    "Systeem). Bij verhoogd risico volgden balanstraining, een medicatiereview en "
                    "aanpassingen van de kamer.",
                    "Verzorgenden volgden een korte scholing over veilig transfereren.",
                ),
            ),
            (
                "Resultaten",
                (
                    "Het aantal valincidenten daalde met 34%; er waren geen heupfracturen "
                    "in de laatste zes maanden van het project.",
                ),
            ),
        ),
    ),
    SharedDoc(
        "ICT-beveiligingsbeleid.docx",
        "ICT-beveiligingsbeleid",
        "Security officer",
        "Systeembeheerder",
        "nl",
        1.2,
        (
            (
                "Kader",
                (
                    "Het beveiligingsbeleid volgt de NEN 7510 en de AVG. Het geldt voor alle "
                    "systemen waarin cliëntgegevens worden verwerkt, waaronder het EPD.",
                ),
            ),
            (
                "Toegang",
                (
                    "Iedere medewerker logt in met tweefactorauthenticatie. Rechten worden "
                    "toegekend op basis van functie en elk kwartaal gecontroleerd.",
                ),
            ),
            (
                "Incidenten",
                (
                    "Datalekken worden binnen 24 uur gemeld bij de security officer, die "
                    "beoordeelt of melding bij de Autoriteit Persoonsgegevens nodig is.",
                    "Back-ups worden dagelijks gemaakt en maandelijks teruggezet als test.",
                ),
            ),
        ),
    ),
    SharedDoc(
        "Protocol infectiepreventie en handhygiëne.docx",
        "Protocol infectiepreventie en handhygiëne",
        "Deskundige infectiepreventie",
        "IC-verpleegkundige",
        "nl",
        8.0,
        (
            (
                "Handhygiëne",
                (
                    "Desinfecteer de handen met handalcohol voor en na ieder cliëntcontact, "
                    "na het uittrekken van handschoenen en na contact met de omgeving.",
                ),
            ),
            (
                "Isolatie",
                (
                    "Bij BRMO-dragerschap wordt contactisolatie ingesteld; de deskundige "
                    "infectiepreventie wordt dezelfde dag geïnformeerd.",
                ),
            ),
            (
                "Uitbraken",
                (
                    "Bij twee of meer cliënten met braken of diarree binnen 48 uur op één "
                    "afdeling wordt het uitbraakteam bijeengeroepen.",
                ),
            ),
        ),
    ),
    SharedDoc(
        "Procedure reanimatie en BLS-scholing.docx",
        "Procedure reanimatie en BLS-scholing",
        "Teamleider Intensive Care",
        "Opleidingscoördinator",
        "nl",
        0.8,
        (
            (
                "Reanimatiebeleid",
                (
                    "Bij iedere cliënt wordt het reanimatiebeleid vastgelegd in het "
                    "dossier. Medewerkers handelen volgens de richtlijnen van de "
                    "Nederlandse Reanimatieraad.",
                ),
            ),
            (
                "Scholing",
                (
                    "Alle zorgmedewerkers volgen jaarlijks de BLS-training met AED. Het "
                    "opleidingsbureau bewaakt de vervaldata in het kwaliteitspaspoort.",
                ),
            ),
        ),
    ),
    SharedDoc(
        "Delirium prevention on the ICU - project report.docx",
        "Delirium prevention on the ICU: project report",
        "Intensivist",
        "IC-verpleegkundige",
        "en",
        1.6,
        (
            (
                "Background",
                (
                    "Delirium affects up to a third of our intensive care patients and "
                    "prolongs ventilation and length of stay.",
                ),
            ),
            (
                "Intervention",
                (
                    "Nurses screened every patient twice a day with the CAM-ICU, "
                    "sedation was reduced following the ABCDEF bundle and families were "
                    "invited to take part in early mobilisation.",
                ),
            ),
            (
                "Outcome",
                (
                    "Delirium days per patient fell from 3.1 to 2.2; the bundle is now part "
                    "of standard care on both ICU wards.",
                ),
            ),
        ),
    ),
)
