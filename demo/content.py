"""Demo content for `manage.py load_demo`: the national front page, two municipalities and the
text pages. The offers themselves come from ``demo/demo_offers.csv`` via the importer."""

HOME_INTRO = (
    "<p>Socialkompas samler gratis sociale og sundhedsfremmende tilbud fra frivillige "
    "foreninger og kommunernes åbne tilbud. Find hjælp, fællesskab og rådgivning ud fra det, "
    "du står i – for dig selv, for en du holder af, eller for en borger, du arbejder med.</p>"
)

#: Each municipality's front page blocks (``MunicipalityPage.body``) name life situations by slug,
#: offers by their external id (``demo/demo_offers.csv``) and pages by slug below the
#: national front page; ``load_demo`` turns them into ids.
MUNICIPALITIES = [
    {
        "name": "Kolding",
        "pending_offer": {
            "title": "Gåtur for nybagte forældre",
            "slug": "gaatur-for-nybagte-foraeldre",
            "summary": "Vi går en tur med barnevognen langs fjorden og får en snak undervejs.",
            "schedule": "Torsdage kl. 10-11.30",
            "organisation": "Kolding Frivilligformidling",
            "situations": ["graviditet", "ensomhed"],
            "kinds": ["faellesskab"],
        },
        "intro": (
            "<p>Her finder du frivillige foreninger og kommunale tilbud i Kolding Kommune, "
            "som du kan bruge uden visitation. Vælg det, du står i, eller søg efter et tilbud.</p>"
        ),
        "contact_text": (
            "Det lokale frivilligteam i Kolding (demo)\nEksempelvej 1, 6000 Kolding\n"
            "E-mail: frivillig@kolding.example.org"
        ),
        "body": [
            {
                "type": "notice",
                "value": {
                    "heading": "Ny i frivilligt arbejde? Kom til informationsmøde",
                    "date": "2026-03-12",
                    "text": (
                        "<p>Hør om de mange måder at være frivillig på i Kolding, og mød nogle af "
                        "foreningerne. Mødet er i Frivillighuset kl. 17-18.30, og der er kaffe og "
                        "kage. Du behøver ikke at melde dig til.</p>"
                    ),
                    "link_page": None,
                    "link_url": "",
                    "link_text": "",
                },
            },
            {
                "type": "life_situations",
                "value": {
                    "heading": "Særligt i fokus",
                    "situations": ["ensomhed", "sorg", "angst"],
                },
            },
            {
                "type": "offers",
                "value": {"heading": "Udvalgte tilbud", "offers": ["kol-001", "kol-005"]},
            },
            {
                "type": "links",
                "value": {
                    "heading": "Nyttige links",
                    "links": [
                        {"title": "Om Socialkompas", "page": "om-socialkompas", "url": ""},
                        {
                            "title": "Kolding Kommune",
                            "page": None,
                            "url": "https://www.kolding.dk/",
                        },
                    ],
                },
            },
            {
                "type": "contact",
                "value": {
                    "name": "Frivilligrådgivningen i Kolding (demo)",
                    "text": (
                        "Vil du være frivillig, eller mangler din forening frivillige? Kig forbi, "
                        "ring eller skriv."
                    ),
                    "phone": "+45 00 00 20 00",
                    "email": "raadgivning@kolding.example.org",
                    "address": "Eksempelvej 1\n6000 Kolding",
                    "opening_hours": "Mandag-torsdag kl. 10-15\nFredag kl. 10-13",
                },
            },
        ],
    },
    {
        "name": "Mariagerfjord",
        "pending_offer": {
            "title": "Reparationscafé i Arden",
            "slug": "reparationscafe-i-arden",
            "summary": "Tag din cykel, lampe eller dine bukser med, så reparerer vi dem sammen.",
            "schedule": "Første lørdag i måneden kl. 10-13",
            "organisation": "Arden Borgerforening",
            "situations": ["faellesskab", "oekonomi"],
            "kinds": ["faellesskab", "praktisk-hjaelp"],
        },
        "intro": (
            "<p>Socialkompas Mariagerfjord viser foreninger, netværk og åbne kommunale tilbud i "
            "Hobro, Hadsund, Mariager, Arden og omegn. Alle tilbud er gratis eller koster kun "
            "lidt.</p>"
        ),
        "contact_text": (
            "Det lokale frivilligteam i Mariagerfjord (demo)\nEksempelgade 2, 9500 Hobro\n"
            "E-mail: frivillig@mariagerfjord.example.org"
        ),
        "body": [
            {
                "type": "notice",
                "value": {
                    "heading": "Ny i frivilligt arbejde? Kom til informationsmøde",
                    "date": "2026-03-19",
                    "text": (
                        "<p>Frivilligcentret fortæller om frivilligt arbejde i Mariagerfjord. "
                        "Mødet er på biblioteket i Hobro kl. 16.30-18.</p>"
                    ),
                    "link_page": None,
                    "link_url": "",
                    "link_text": "",
                },
            },
            {
                "type": "life_situations",
                "value": {
                    "heading": "Særligt i fokus",
                    "situations": ["ensomhed", "sorg", "angst"],
                },
            },
            {
                "type": "offers",
                "value": {"heading": "Udvalgte tilbud", "offers": ["mar-001", "mar-003"]},
            },
            {
                "type": "contact",
                "value": {
                    "name": "Frivilligcenter Mariagerfjord (demo)",
                    "text": "Vi hjælper foreninger og alle, der vil være frivillige.",
                    "phone": "+45 00 00 30 00",
                    "email": "center@mariagerfjord.example.org",
                    "address": "Eksempelgade 2\n9500 Hobro",
                    "opening_hours": "Tirsdag og torsdag kl. 10-14",
                },
            },
        ],
    },
]

CONTENT_PAGES = [
    {
        "setting": "about_page",
        "title": "Om Socialkompas",
        "slug": "om-socialkompas",
        "intro": "Socialkompas er en åben portal, som kommuner og frivilligcentre driver sammen.",
        "body": (
            "<h2>Hvad er Socialkompas?</h2>"
            "<p>Socialkompas viser gratis sociale tilbud og sundhedstilbud fra frivillige "
            "foreninger og kommunernes åbne tilbud, som ikke kræver visitation. Borgere, "
            "pårørende og fagpersoner kan finde tilbud ud fra den livssituation, de står i.</p>"
            "<h2>Hvem står bag?</h2>"
            "<p>Hver kommune har sin egen side, som kommunens lokale administratorer holder "
            "opdateret. Foreningerne opretter og opdaterer selv deres tilbud, og hvert tilbud "
            "viser, hvornår oplysningerne sidst er bekræftet.</p>"
            "<h2>Åbne data</h2>"
            "<p>Tilbuddene kan hentes som åbne data, så andre kan bruge dem.</p>"
        ),
    },
    {
        "setting": "privacy_page",
        "title": "Privatlivspolitik",
        "slug": "privatlivspolitik",
        "intro": "Sådan behandler Socialkompas oplysninger om dig.",
        "body": (
            "<h2>Når du søger</h2>"
            "<p>Vi gemmer ikke, hvad du søger efter, sammen med oplysninger om dig. Siderne "
            "sætter ingen cookies til statistik eller markedsføring og henter intet fra andre "
            "hjemmesider.</p>"
            "<h2>Når du opretter eller retter et tilbud</h2>"
            "<p>Dit navn, din e-mail og eventuelt dit telefonnummer bruges kun til at behandle "
            "tilbuddet og give dig besked om det. Vi sletter dem 6 måneder efter, at kommunen "
            "har godkendt eller afvist tilbuddet.</p>"
            "<h2>Når du melder en fejl i et opslag</h2>"
            "<p>Det, du skriver, og dit navn og din e-mail, hvis du giver dem, går kun til den "
            "kommune, tilbuddet hører til. Vi sletter fejlmeldingen 6 måneder efter, at den er "
            "løst.</p>"
            "<h2>Kontakt</h2>"
            "<p>Har du spørgsmål, kan du kontakte den kommune, hvis side du bruger.</p>"
        ),
    },
    {
        "setting": "accessibility_page",
        "title": "Tilgængelighedserklæring",
        "slug": "tilgaengelighedserklaering",
        "intro": "Socialkompas skal kunne bruges af alle.",
        "body": (
            "<h2>Overholdelse</h2>"
            "<p>Socialkompas arbejder på at overholde WCAG 2.1 på niveau AA, som loven om "
            "tilgængelighed af offentlige organers websteder kræver.</p>"
            "<h2>Kendte problemer</h2>"
            "<p>Vi kender ikke til problemer lige nu. Oplever du et problem, hører vi gerne "
            "fra dig.</p>"
            "<h2>Feedback og kontakt</h2>"
            "<p>Skriv til os, hvis du ikke kan bruge en del af siden. Du kan også klage til "
            "Digitaliseringsstyrelsen.</p>"
        ),
    },
]
