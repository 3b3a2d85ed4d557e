"""The register of the example data as plain data: themes, funders, bodies, contacts.

Bodies come from the seed situations (Vigevano and the Lomellina, Ravenna, Messina, the
Unione Reno Galliera); their names and the people are fictitious.
"""

from __future__ import annotations

from typing import NamedTuple

from grantdesk.domain.vocab import FunderKind, LegalForm

THEMES = [
    "povertà",
    "anziani",
    "giovani",
    "minori e famiglie",
    "disabilità",
    "salute mentale",
    "abitare",
    "inclusione lavorativa",
    "volontariato",
    "welfare di comunità",
    "contrasto allo spreco alimentare",
    "migranti",
    "educazione",
    "cultura",
    "ambiente",
    "partecipazione civica",
    "banca del tempo",
    "co-progettazione",
]

# key, name, kind, website
# fmt: off
FUNDERS = [
    ("vigevano", "Fondazione Cassa di Risparmio di Vigevano",
     FunderKind.BANK_FOUNDATION, "https://fondazione-vigevano.example/bandi"),
    ("cariplo", "Fondazione Cariplo",
     FunderKind.BANK_FOUNDATION, "https://fondazione-cariplo.example"),
    ("lomellina", "Fondazione di Comunità della Lomellina",
     FunderKind.COMMUNITY_FOUNDATION, "https://fondazione-lomellina.example"),
    ("lombardia", "Regione Lombardia",
     FunderKind.REGION, "https://regione-lombardia.example"),
    ("emilia", "Regione Emilia-Romagna",
     FunderKind.REGION, "https://regione-er.example"),
    ("ministero", "Ministero del Lavoro e delle Politiche Sociali",
     FunderKind.MINISTRY, "https://lavoro-politiche-sociali.example"),
    ("ue", "Commissione europea – DG Occupazione, affari sociali e inclusione",
     FunderKind.EU, "https://ec-funding-tenders.example"),
    ("ravenna", "Comune di Ravenna",
     FunderKind.MUNICIPALITY, "https://comune-ravenna.example"),
    ("messina", "Comune di Messina",
     FunderKind.MUNICIPALITY, "https://comune-messina.example"),
    ("energia", "Lomellina Energia S.p.A. – Fondo responsabilità sociale",
     FunderKind.COMPANY, "https://lomellina-energia.example/csr"),
]
# fmt: on

FUNDER_NOTES = {
    "vigevano": "Tre sessioni l’anno (15 marzo, 15 giugno, 15 ottobre). I fondi per il sociale "
    "restano in parte inutilizzati per mancanza di domande: presentare progetti di rete.",
    "cariplo": "Bandi provinciali: contributo ≤ 50 % del costo totale, progetti ≥ € 80.000.",
    "ue": "Più cut-off l’anno sul portale Funding & Tenders; serve un partenariato europeo.",
}


class OrgSpec(NamedTuple):
    """A body of the register; *address* reads "street, postcode town (province)"."""

    key: str
    name: str
    form: LegalForm
    address: str
    neighbourhood: str | None
    volunteers: int | None
    staff: int | None
    themes: tuple[str, ...]
    vat: bool = False


# fmt: off
ORGANIZATIONS = [
    OrgSpec("csv", "CSV Lomellina – Centro di Servizio per il Volontariato", LegalForm.OTHER_ETS,
            "Via Cairoli 14, 27029 Vigevano (PV)", "Centro", 22, 9,
            ("volontariato", "partecipazione civica")),
    OrgSpec("kcs", "Cooperativa Sociale KCS", LegalForm.SOCIAL_ENTERPRISE,
            "Via dei Mille 41, 27029 Vigevano (PV)", "Piccolini", 12, 48,
            ("welfare di comunità", "anziani", "povertà"), vat=True),
    OrgSpec("comune_vigevano", "Comune di Vigevano", LegalForm.MUNICIPALITY,
            "Corso Vittorio Emanuele II 25, 27029 Vigevano (PV)", None, None, 410,
            ("welfare di comunità",)),
    OrgSpec("banca_tempo", "Banca del Tempo “Ore Preziose” APS", LegalForm.APS,
            "Via Santa Maria 9, 27029 Vigevano (PV)", "Brughiera", 64, 0,
            ("banca del tempo", "partecipazione civica")),
    OrgSpec("argento", "Argento Vivo ODV", LegalForm.ODV,
            "Via Madonna degli Angeli 3, 27029 Vigevano (PV)", "Piccolini", 85, 1,
            ("anziani", "volontariato")),
    OrgSpec("parrocchia", "Parrocchia di San Francesco d’Assisi", LegalForm.PARISH,
            "Piazza San Francesco 1, 27029 Vigevano (PV)", "Cascame", 40, 0,
            ("povertà", "minori e famiglie")),
    OrgSpec("scuola", "Istituto Comprensivo “Don Lorenzo Milani” di Vigevano", LegalForm.SCHOOL,
            "Via Gravellona 12, 27029 Vigevano (PV)", "Brughiera", None, 96,
            ("educazione", "minori e famiglie")),
    OrgSpec("comitato", "Comitato di quartiere Cascame", LegalForm.INFORMAL_GROUP,
            "Via del Cascame 2, 27029 Vigevano (PV)", "Cascame", 15, None,
            ("partecipazione civica",)),
    OrgSpec("albero", "Associazione di Promozione Sociale “L’Albero delle Relazioni” per "
            "l’inclusione, la cittadinanza attiva e il mutuo aiuto", LegalForm.APS,
            "Corso Garibaldi 118, 27036 Mortara (PV)", None, 37, 2,
            ("minori e famiglie", "partecipazione civica", "disabilità")),
    OrgSpec("rete_lomellina", "Rete del Volontariato Lomellino APS", LegalForm.NETWORK,
            "Piazza Ducale 20, 27029 Vigevano (PV)", "Centro", 310, 3,
            ("volontariato",)),
    OrgSpec("fond_lomellina", "Fondazione di Comunità della Lomellina", LegalForm.PHILANTHROPIC,
            "Via Roma 5, 27026 Garlasco (PV)", None, 8, 2,
            ("welfare di comunità",)),
    OrgSpec("energia", "Lomellina Energia S.p.A.", LegalForm.COMPANY,
            "Strada Mortara 77, 27029 Vigevano (PV)", "Sforzesca", None, 120,
            ("ambiente",), vat=True),
    OrgSpec("lavora", "Lomellina Lavora Impresa Sociale S.r.l.", LegalForm.SOCIAL_ENTERPRISE,
            "Via Aguzzafame 60, 27029 Vigevano (PV)", "Morsella", 4, 31,
            ("inclusione lavorativa", "disabilità"), vat=True),
    OrgSpec("comune_ravenna",
            "Comune di Ravenna – Ufficio di Piano dell’ambito di Ravenna, Cervia e Russi",
            LegalForm.MUNICIPALITY,
            "Piazza del Popolo 1, 48121 Ravenna (RA)", None, None, 1450,
            ("welfare di comunità", "povertà")),
    OrgSpec("banco_ravenna", "Banco Alimentare di Comunità Ravenna ODV", LegalForm.ODV,
            "Via Antica Zecca 8, 48122 Ravenna (RA)", "Darsena", 140, 2,
            ("contrasto allo spreco alimentare", "povertà")),
    OrgSpec("cohousing", "Gruppo informale “Vicini di Casa” – cohousing Darsena",
            LegalForm.INFORMAL_GROUP,
            "Via Trieste 90, 48122 Ravenna (RA)", "Darsena", 18, None,
            ("abitare",)),
    OrgSpec("sentiero", "Il Sentiero Cooperativa Sociale", LegalForm.SOCIAL_ENTERPRISE,
            "Via Faentina 106, 48124 Ravenna (RA)", "San Rocco", 10, 57,
            ("abitare", "salute mentale"), vat=True),
    OrgSpec("tessere", "Tessere APS – Laboratorio di comunità", LegalForm.APS,
            "Via Maggiore 31, 48121 Ravenna (RA)", "Centro storico", 45, 1,
            ("partecipazione civica", "cultura")),
    OrgSpec("comune_messina", "Comune di Messina – Dipartimento Servizi alla persona",
            LegalForm.MUNICIPALITY,
            "Piazza Unione Europea 1, 98122 Messina (ME)", None, None, 980,
            ("welfare di comunità",)),
    OrgSpec("mediterraneo", "Mediterraneo Solidale APS", LegalForm.APS,
            "Via Palermo 212, 98152 Messina (ME)", "Giostra", 58, 3,
            ("migranti", "povertà")),
    OrgSpec("ponte", "Ponte Lavoro Cooperativa Sociale di tipo B", LegalForm.SOCIAL_ENTERPRISE,
            "Via Santa Cecilia 44, 98123 Messina (ME)", "Camaro", 6, 24,
            ("inclusione lavorativa",), vat=True),
    OrgSpec("giovani_me", "Circolo Giovani dello Stretto APS", LegalForm.APS,
            "Viale San Martino 150, 98123 Messina (ME)", "Santa Lucia sopra Contesse", 33, 0,
            ("giovani", "cultura")),
    OrgSpec("reno_galliera", "Unione Reno Galliera", LegalForm.PUBLIC_BODY,
            "Via Fariselli 4, 40016 San Giorgio di Piano (BO)", None, None, 260,
            ("welfare di comunità", "co-progettazione")),
    OrgSpec("ausl", "Azienda USL di Bologna – Distretto Pianura Est", LegalForm.PUBLIC_BODY,
            "Via Libertà 28, 40016 San Giorgio di Piano (BO)", None, None, 640,
            ("salute mentale", "disabilità")),
    OrgSpec("diritti", "Diritti al Cuore ODV", LegalForm.ODV,
            "Via Marconi 7, 40010 Bentivoglio (BO)", None, 52, 0,
            ("povertà", "volontariato")),
    OrgSpec("accanto", "Accanto Cooperativa Sociale", LegalForm.SOCIAL_ENTERPRISE,
            "Via Gramsci 190, 40013 Castel Maggiore (BO)", "Trebbo di Reno", 5, 73,
            ("salute mentale", "abitare", "inclusione lavorativa"), vat=True),
    OrgSpec("pane_rose", "Pane e Rose ODV", LegalForm.ODV,
            "Piazza Andrea Costa 4, 40066 Pieve di Cento (BO)", None, 38, 0,
            ("povertà", "contrasto allo spreco alimentare")),
    OrgSpec("sms", "Società di Mutuo Soccorso Operaia di Argelato", LegalForm.MUTUAL_AID,
            "Via Centese 21, 40050 Argelato (BO)", None, 27, 1,
            ("anziani",)),
    OrgSpec("sindacati", "Coordinamento sindacale territoriale Pianura Est", LegalForm.OTHER,
            "Via Matteotti 15, 40018 San Pietro in Casale (BO)", None, 12, 4,
            ("inclusione lavorativa", "povertà")),
]
# fmt: on

REGIONS = {"PV": "Lombardia", "RA": "Emilia-Romagna", "BO": "Emilia-Romagna", "ME": "Sicilia"}

# key, organization key, first name, last name, role
# fmt: off
PEOPLE = [
    ("giulia", "csv", "Giulia", "Ferraris", "Coordinatrice della progettazione"),
    ("marco", "csv", "Marco", "Bellini", "Referente bandi e fondazioni"),
    ("chiara", "csv", "Chiara", "Bassi", "Segreteria organizzativa"),
    ("luca_kcs", "kcs", "Luca", "Gallo", "Presidente"),
    ("sara_kcs", "kcs", "Sara", "Invernizzi", "Coordinatrice Punto per Te"),
    ("paolo_comune", "comune_vigevano", "Paolo", "Ranzani", "Dirigente Servizi sociali"),
    ("anna_comune", "comune_vigevano", "Anna", "Pozzi", "Assistente sociale"),
    ("elena_bdt", "banca_tempo", "Elena", "Moroni", "Presidente"),
    ("franco_argento", "argento", "Franco", "Sacchi", "Presidente"),
    ("don_andrea", "parrocchia", "Andrea", "Colombo", "Parroco"),
    ("rita_scuola", "scuola", "Rita", "Fontana", "Dirigente scolastica"),
    ("nadia_comitato", "comitato", "Nadia", "Rossetti", "Portavoce"),
    ("silvia_albero", "albero", "Silvia", "Barbieri", "Presidente"),
    ("mario_rete", "rete_lomellina", "Mario", "Cattaneo", "Coordinatore"),
    ("laura_lavora", "lavora", "Laura", "Negri", "Responsabile inserimenti lavorativi"),
    ("monica_ra", "comune_ravenna", "Monica", "Zanetti", "Responsabile Ufficio di Piano"),
    ("davide_banco", "banco_ravenna", "Davide", "Casadei", "Presidente"),
    ("irene_cohousing", "cohousing", "Irene", "Baldini", "Referente"),
    ("stefano_sentiero", "sentiero", "Stefano", "Montanari", "Direttore"),
    ("giorgia_tessere", "tessere", "Giorgia", "Valli", "Animatrice di comunità"),
    ("antonio_me", "comune_messina", "Antonio", "Russo", "Dirigente Servizi alla persona"),
    ("carmela_med", "mediterraneo", "Carmela", "Lombardo", "Presidente"),
    ("salvo_ponte", "ponte", "Salvatore", "Costa", "Responsabile di produzione"),
    ("federica_giovani", "giovani_me", "Federica", "Arena", "Presidente"),
    ("elena_rg", "reno_galliera", "Elena", "Martelli", "Responsabile Area Welfare (RUP)"),
    ("roberto_rg", "reno_galliera", "Roberto", "Guidi", "Istruttore amministrativo"),
    ("valeria_ausl", "ausl", "Valeria", "Gardini", "Direttrice del Distretto"),
    ("tommaso_ausl", "ausl", "Tommaso", "Bonetti", "Referente Budget di Salute"),
    ("lucia_diritti", "diritti", "Lucia", "Mazzoni", "Presidente"),
    ("matteo_accanto", "accanto", "Matteo", "Tassinari", "Coordinatore servizi"),
    ("gianna_pane", "pane_rose", "Gianna", "Malaguti", "Volontaria referente"),
    ("carlo_sms", "sms", "Carlo", "Bergonzoni", "Presidente"),
    ("paola_sind", "sindacati", "Paola", "Benassi", "Segretaria territoriale"),
    ("alberto_fond", "fond_lomellina", "Alberto", "Ferrari", "Segretario generale"),
]
# fmt: on
