"""Demo content for `manage.py load_demo`: the national front page, two municipalities and the
text pages. The offers themselves come from ``offers/demo/demo_offers.csv`` via the importer."""

HOME_INTRO = (
    "<p>Socialkompas samler gratis sociale og sundhedsfremmende tilbud fra frivillige "
    "foreninger og kommunernes åbne tilbud. Find hjælp, fællesskab og rådgivning ud fra det, "
    "du står i – for dig selv, for en du holder af, eller for en borger, du arbejder med.</p>"
)

MUNICIPALITIES = [
    {
        "name": "Kolding",
        "intro": (
            "<p>Her finder du frivillige foreninger og kommunale tilbud i Kolding Kommune, "
            "som du kan bruge uden visitation. Vælg det, du står i, eller søg efter et tilbud.</p>"
        ),
        "contact_text": (
            "Det lokale frivilligteam i Kolding (demo)\nEksempelvej 1, 6000 Kolding\n"
            "E-mail: frivillig@kolding.example.org"
        ),
    },
    {
        "name": "Mariagerfjord",
        "intro": (
            "<p>Socialkompas Mariagerfjord viser foreninger, netværk og åbne kommunale tilbud i "
            "Hobro, Hadsund, Mariager, Arden og omegn. Alle tilbud er gratis eller koster kun "
            "lidt.</p>"
        ),
        "contact_text": (
            "Det lokale frivilligteam i Mariagerfjord (demo)\nEksempelgade 2, 9500 Hobro\n"
            "E-mail: frivillig@mariagerfjord.example.org"
        ),
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
            "<p>Dit navn og din e-mail bruges kun til at behandle tilbuddet og kontakte dig om "
            "det. Oplysningerne slettes, når de ikke længere er nødvendige.</p>"
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
