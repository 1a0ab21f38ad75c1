"""CV material of each demo profession: skills, education and past roles (nl and en), certificates.

Which profession a role title belongs to is ``indexer.demo.roles.profession``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profession:
    """CV material for one family of roles, in Dutch and English."""

    skills_nl: tuple[str, ...]
    skills_en: tuple[str, ...]
    education_nl: tuple[str, ...]
    education_en: tuple[str, ...]
    past_roles_nl: tuple[str, ...]
    past_roles_en: tuple[str, ...]
    certificates: tuple[str, ...]  # keys of indexer.demo.certs.CATALOGUE



NURSE_WIJK = Profession(
    (
        "wondzorg en decubituspreventie",
        "indiceren volgens het Normenkader Wijkverpleging",
        "diabeteszorg en insulinetherapie",
        "palliatieve zorg thuis",
        "valpreventie bij ouderen",
        "katheteriseren en stomazorg",
        "coaching van zelfmanagement",
        "medicatiebeheer met BEM",
    ),
    (
        "wound care and pressure ulcer prevention",
        "needs assessment in district nursing",
        "diabetes care and insulin therapy",
        "palliative home care",
        "fall prevention",
        "catheter and stoma care",
        "self-management coaching",
        "medication management",
    ),
    (
        "HBO-V Bachelor Verpleegkunde, Hogeschool Windesheim",
        "MBO-V niveau 4, Deltion College",
        "Post-hbo Wondzorg, Saxion",
        "Post-hbo Diabetesverpleegkunde, Hogeschool Utrecht",
    ),
    (
        "BSc Nursing, Windesheim University of Applied Sciences",
        "Vocational nursing diploma (level 4)",
        "Postgraduate course Wound Care, Saxion",
        "Diabetes nursing course",
    ),
    ("Verpleegkundige interne geneeskunde", "Wijkverpleegkundige", "Verzorgende IG thuiszorg"),
    ("Staff nurse internal medicine", "District nurse", "Home care assistant"),
    ("bls", "big", "wondzorg", "medicatie", "palliatief", "tilliften", "voorbehouden"),
)
NURSE_IC = Profession(
    (
        "beademing en weaning",
        "hemodynamische monitoring",
        "CVVH en nierfunctievervangende therapie",
        "sedatie en delirium (CAM-ICU)",
        "ACLS en reanimatie",
        "infectiepreventie bij lijnen",
        "begeleiding van familie in de laatste fase",
    ),
    (
        "mechanical ventilation and weaning",
        "haemodynamic monitoring",
        "renal replacement therapy",
        "sedation and delirium assessment (CAM-ICU)",
        "advanced life support",
        "central line infection prevention",
        "family support in end-of-life care",
    ),
    (
        "HBO-V Bachelor Verpleegkunde, Saxion",
        "Vervolgopleiding Intensive Care Verpleegkunde, NVIC",
        "Master Advanced Nursing Practice, Hogeschool Utrecht",
    ),
    (
        "BSc Nursing, Saxion University of Applied Sciences",
        "Intensive Care Nursing course (NVIC)",
        "MSc Advanced Nursing Practice",
    ),
    ("Verpleegkundige cardiologie", "IC-verpleegkundige", "Verpleegkundige spoedeisende hulp"),
    ("Cardiology nurse", "ICU nurse", "Emergency department nurse"),
    ("bls", "big", "medicatie", "infectie"),
)
DOCTOR = Profession(
    (
        "intensive care geneeskunde",
        "echografie aan het bed",
        "ouderengeneeskunde en multimorbiditeit",
        "probleemgeoriënteerd denken",
        "advance care planning",
        "medicatiereview bij polyfarmacie",
    ),
    (
        "intensive care medicine",
        "point-of-care ultrasound",
        "geriatric medicine and multimorbidity",
        "advance care planning",
        "medication review in polypharmacy",
        "clinical teaching",
    ),
    (
        "Geneeskunde, Rijksuniversiteit Groningen",
        "Opleiding Specialist Ouderengeneeskunde, Radboudumc",
        "Fellowship Intensive Care, UMC Utrecht",
    ),
    (
        "MD, University of Groningen",
        "Specialist training in elderly care medicine",
        "Intensive Care fellowship, UMC Utrecht",
    ),
    ("ANIOS interne geneeskunde", "Arts-assistent intensive care", "Specialist ouderengeneeskunde"),
    ("Resident internal medicine", "ICU registrar", "Consultant"),
    ("bls", "big", "palliatief"),
)
GERIATRIC = Profession(
    (
        "dementiezorg en probleemgedrag",
        "delirium herkennen en voorkomen",
        "palliatieve zorg",
        "valpreventie",
        "familieparticipatie",
        "ADL-ondersteuning",
        "mondzorg bij ouderen",
    ),
    (
        "dementia care and challenging behaviour",
        "delirium prevention",
        "palliative care",
        "fall prevention",
        "family involvement",
        "support with activities of daily living",
    ),
    (
        "HBO-V Bachelor Verpleegkunde, Hogeschool Windesheim",
        "MBO Verzorgende IG, Deltion College",
        "Post-hbo Casemanagement Dementie, Hogeschool Inholland",
    ),
    (
        "BSc Nursing, Windesheim",
        "Certified care assistant (level 3)",
        "Postgraduate course in dementia case management",
    ),
    ("Verzorgende IG verpleeghuis", "Verpleegkundige psychogeriatrie", "Casemanager dementie"),
    ("Care assistant nursing home", "Psychogeriatric nurse", "Dementia case manager"),
    ("bls", "big", "dementie", "tilliften", "palliatief", "wondzorg"),
)
THERAPIST = Profession(
    (
        "valpreventie en balanstraining",
        "revalidatie na heupfractuur",
        "COPD-revalidatie",
        "ergonomisch advies en tiltechnieken",
        "hulpmiddelenadvies",
        "functionele training bij ouderen",
    ),
    (
        "fall prevention and balance training",
        "rehabilitation after hip fracture",
        "COPD rehabilitation",
        "manual handling advice",
        "assistive devices",
        "functional training for older adults",
    ),
    (
        "Bachelor Fysiotherapie, Saxion",
        "Master Geriatriefysiotherapie, Avans+",
        "Bachelor Ergotherapie, Hogeschool van Amsterdam",
    ),
    ("BSc Physiotherapy, Saxion", "MSc Geriatric Physiotherapy", "BSc Occupational Therapy"),
    ("Fysiotherapeut eerstelijnspraktijk", "Fysiotherapeut revalidatiecentrum", "Ergotherapeut"),
    (
        "Physiotherapist, private practice",
        "Physiotherapist, rehabilitation centre",
        "Occupational therapist",
    ),
    ("bls", "big", "tilliften", "dementie"),
)
ICT = Profession(
    (
        "beheer van Windows Server en Active Directory",
        "netwerkbeheer en VLAN's",
        "informatiebeveiliging volgens NEN 7510 en ISO 27001",
        "beheer van het EPD (HiX)",
        "incident- en changemanagement volgens ITIL",
        "projectmanagement met PRINCE2",
        "back-up en disaster recovery",
        "Microsoft 365 en Intune",
    ),
    (
        "Windows Server and Active Directory administration",
        "network management and VLANs",
        "information security under NEN 7510 and ISO 27001",
        "EHR application management (HiX)",
        "ITIL incident and change management",
        "PRINCE2 project management",
        "backup and disaster recovery",
        "Microsoft 365 and Intune",
    ),
    (
        "HBO-ICT, Hogeschool Windesheim",
        "MBO ICT-beheer niveau 4, Landstede",
        "Master Information Security, Open Universiteit",
    ),
    ("BSc ICT, Windesheim", "Vocational IT administration diploma", "MSc Information Security"),
    ("Systeembeheerder", "Servicedesk medewerker", "Functioneel beheerder"),
    ("System administrator", "Service desk analyst", "Functional application manager"),
    ("itil", "prince2", "vca", "bhv", "avg"),
)
HR = Profession(
    (
        "arbeidsrecht en cao VVT",
        "werving en selectie in de zorg",
        "verzuimbegeleiding (Wet poortwachter)",
        "strategische personeelsplanning",
        "opleidingsbeleid en kwaliteitsregisters",
        "onboarding van nieuwe medewerkers",
    ),
    (
        "employment law and collective agreements",
        "recruitment in healthcare",
        "absence management",
        "strategic workforce planning",
        "learning and development policy",
        "onboarding",
    ),
    ("Bachelor HRM, Saxion", "Master Arbeids- en Organisatiepsychologie, Universiteit Twente"),
    ("BSc Human Resource Management, Saxion", "MSc Work and Organisational Psychology"),
    ("HR-medewerker", "Recruiter", "Personeelsadviseur"),
    ("HR officer", "Recruiter", "Personnel adviser"),
    ("bhv", "avg"),
)
QUALITY = Profession(
    (
        "kwaliteitsmanagement volgens HKZ en ISO 9001",
        "prospectieve risico-inventarisatie (PRI)",
        "incidentmeldingen (MIC/VIM) en SIRE-analyse",
        "infectiepreventie en uitbraakmanagement",
        "arbo en RI&E",
        "klachtenbehandeling volgens de Wkkgz",
        "interne audits",
    ),
    (
        "quality management (HKZ, ISO 9001)",
        "prospective risk analysis",
        "incident reporting and root cause analysis",
        "infection prevention and outbreak management",
        "occupational health and safety",
        "complaints handling",
        "internal audits",
    ),
    (
        "HBO-V Bachelor Verpleegkunde, Hogeschool Windesheim",
        "Opleiding Deskundige Infectiepreventie, VHIG",
        "Master Kwaliteit en Veiligheid in de Zorg, Erasmus Universiteit",
        "Hogere Veiligheidskunde, PHOV",
    ),
    (
        "BSc Nursing",
        "Infection prevention specialist training (VHIG)",
        "MSc Healthcare Quality and Safety",
        "Higher Safety Engineering",
    ),
    ("Verpleegkundige chirurgie", "Kwaliteitsmedewerker", "Veiligheidskundige"),
    ("Surgical nurse", "Quality officer", "Safety engineer"),
    ("infectie", "vca", "bhv", "medicatie"),
)
