package innovation

// demoTech is one entry of the demo catalogue: invented but plausible
// care technologies of the kind the programme mapped (55 applications),
// each with its theme, the care questions it answers, pros, cons, costs
// in euros, evidence, an invented supplier and the supplier checklist as
// four letters (v = voldoet, n = voldoet niet, o = onbekend) for data
// protection, security, interoperability and accessibility.
type demoTech struct {
	name, theme, questions, pros, cons string
	purchase, yearly                   int64
	evidence, supplier, checks         string
	sleep                              bool
}

var demoCatalogue = []demoTech{
	// Lekker slapen
	{"Nachtrust slaapmonitor (polssensor)", "slapen", "Slaapt de cliënt genoeg? Waarom is de cliënt 's nachts onrustig?", "Objectief beeld van de nacht; minder controlerondes; koppelt aan het dossier", "Cliënt moet de sensor verdragen; gegevens vragen duiding", 180, 60, "Validatie van actigrafie bij volwassenen; praktijkervaring in drie woonvormen", "SlaapWijs Zorgtechniek", "vvvo", true},
	{"Nachtrust matrassensor", "slapen", "Uit bed gaan en onrust 's nachts zien zonder iets te dragen", "Niets om te dragen; signaleert uit bed en onrust", "Minder precies dan een polssensor; vaste plek in bed nodig", 450, 90, "Praktijkevaluatie bij 40 cliënten", "SlaapWijs Zorgtechniek", "vvvv", true},
	{"Akoestische nachtmonitoring", "slapen", "Minder onnodig wekken bij nachtelijke controle", "Alleen alarm bij afwijkend geluid; rustiger nachten", "Leerperiode voor het geluidsprofiel; privacygevoel bij cliënten", 900, 240, "Landelijke evaluatie: 30-50% minder verstorende rondes", "Stilwacht BV", "vvon", false},
	{"Verzwaringsdeken", "slapen", "Rustiger inslapen bij spanning of prikkelgevoeligheid", "Eenvoudig; geen stroom of data", "Niet voor iedereen prettig; warm in de zomer", 150, 0, "Kleine studies bij autisme; wisselende resultaten", "Rustpunt Textiel", "vvvv", false},
	{"Dynamische verlichting (dag-nachtritme)", "slapen", "Een beter dag-nachtritme", "Ondersteunt het ritme zonder handelingen van begeleiders", "Installatie per kamer; kosten", 2500, 150, "Onderzoek in de ouderenzorg; eerste ervaringen in de gehandicaptenzorg", "LichtRitme Nederland", "vvov", false},
	{"Slaapcoach-app met beeldverhaal", "slapen", "Zelf een vast avondritueel volgen", "Zelfregie; pictogrammen en gesproken tekst", "Vraagt een tablet of telefoon in de avond", 0, 48, "Pilot bij 25 cliënten met een licht verstandelijke beperking", "Picto Digitaal", "vovv", false},
	{"Bedsensor met uit-bed-melding", "slapen", "Valrisico 's nachts beperken zonder bedhekken", "Minder vrijheidsbeperking; snelle melding", "Valse meldingen bij omdraaien", 350, 60, "Praktijkervaring; richtlijn vrijheidsbeperking", "Nachtzorg Systemen", "vvvo", false},
	{"Ruisgenerator en geluidsdemping", "slapen", "Wakker worden van geluiden op de groep", "Goedkoop; direct effect", "Helpt niet bij elke cliënt", 60, 0, "Ervaringskennis", "Rustpunt Textiel", "vvvv", false},
	{"Temperatuur- en luchtkwaliteitssensor slaapkamer", "slapen", "Te warm of benauwd slapen", "Inzicht in het klimaat van de kamer", "Geeft geen inzicht in de slaap zelf", 120, 24, "Geen specifiek onderzoek in de doelgroep", "KlimaatZorg", "vvov", false},
	{"Nachtelijke cameramonitoring met privacyfilter", "slapen", "Toezicht bij epilepsie of ernstige onrust", "Snelle hulp; beeld alleen bij alarm", "Ingrijpend voor de privacy; toestemming nodig", 1800, 300, "Evaluatie in twee instellingen; positief over veiligheid", "Stilwacht BV", "vnov", false},
	// Begrepen worden
	{"Communicatie-app met pictogrammen", "begrepen", "Laten weten wat je wilt zonder woorden", "Eigen pictogrammen en foto's; spraak", "Tijd om in te richten per cliënt", 0, 120, "Onderzoek naar ondersteunde communicatie; praktijkervaring", "Picto Digitaal", "vvvv", false},
	{"Spraakcomputer met oogbesturing", "begrepen", "Communiceren bij ernstige motorische beperking", "Veel mogelijkheden; eigen stem", "Duur; training van cliënt en team", 12000, 600, "Sterk bewijs bij ALS en cerebrale parese", "OogTaal Hulpmiddelen", "vvov", false},
	{"Emotieherkenning via hartslag en huidgeleiding", "begrepen", "Spanning zien voordat die escaleert", "Vroeg signaal voor begeleiders", "Bewijs nog beperkt; duiding per cliënt", 600, 180, "Pilots bij ernstig meervoudige beperking", "SignaalZorg", "vnon", false},
	{"Levensboek-app", "begrepen", "Dat nieuwe begeleiders weten wie je bent", "Eigen verhaal met foto en geluid; ook voor familie", "Moet worden bijgehouden", 0, 36, "Kwalitatieve evaluatie; positief bij cliënten en familie", "MijnVerhaal", "vvvv", false},
	{"Sociaal robotje voor communicatie", "begrepen", "Oefenen met gesprekken en emoties", "Laagdrempelig; motiverend", "Kosten; niet voor iedereen", 3500, 400, "Kleine studies bij autisme", "Robo Care", "oovo", false},
	{"Gebarenapp met video", "begrepen", "Gebaren leren voor team en familie", "Iedereen leert dezelfde gebaren", "Alleen nuttig als het team het bijhoudt", 0, 60, "Praktijkervaring", "Gebaar Digitaal", "vvvv", false},
	{"Tolk-op-afstand via beeldbellen", "begrepen", "Begrijpen bij een andere taal of doofheid", "Snel een tolk; minder reistijd", "Goede verbinding nodig", 0, 400, "Evaluatie in de GGZ", "TolkNu", "vvvo", false},
	{"Pijnobservatie-app", "begrepen", "Pijn herkennen bij wie het niet kan zeggen", "Gestructureerde observatie; trend zichtbaar", "Vraagt discipline in het invullen", 0, 90, "Gevalideerde observatieschaal", "SignaalZorg", "vvvv", false},
	{"Belevingsgerichte prikkeltafel", "begrepen", "Contact maken met iemand met ernstige beperking", "Interactief; samen beleven", "Groot en duur", 8500, 250, "Ervaringen in de ouderenzorg en EMB", "Beleef Interactief", "vvov", false},
	// Dagstructuur
	{"Digitale dagplanner op tablet", "dagstructuur", "Weten wat er vandaag gebeurt", "Overzicht met pictogrammen; minder vragen aan begeleiders", "Tablet nodig; planning bijhouden", 350, 120, "Evaluatie bij 60 cliënten: meer zelfstandigheid", "Planpunt", "vvvv", false},
	{"Spraakassistent met herinneringen", "dagstructuur", "Herinnerd worden aan afspraken en medicatie", "Zonder scherm; zelf vragen stellen", "Privacy van een luisterend apparaat", 100, 0, "Pilots in beschermd wonen", "Huishulp Digitaal", "novo", false},
	{"Time Timer en visuele klok", "dagstructuur", "Tijd zien verstrijken", "Eenvoudig; geen data", "Beperkt tot tijd", 40, 0, "Veel ervaringskennis", "Planpunt", "vvvv", false},
	{"Medicijndispenser met herinnering", "dagstructuur", "Zelf op tijd medicijnen nemen", "Zelfstandigheid; melding bij overslaan", "Vullen door apotheek of begeleider", 300, 360, "Onderzoek in de thuiszorg", "MediTijd", "vvvo", false},
	{"Digitaal prikbord op de groep", "dagstructuur", "Iedereen op de groep weet het weekprogramma", "Eén bron; ook voor familie", "Scherm op de groep", 1200, 180, "Praktijkervaring", "Planpunt", "vvov", false},
	{"Stappenplan-app voor dagelijkse taken", "dagstructuur", "Zelf koken of aankleden in stappen", "Foto's en video per stap", "Stappenplannen maken kost tijd", 0, 72, "Pilot bij 30 cliënten", "StapVoorStap", "vvvv", false},
	{"Slimme deurbel met fotoherkenning", "dagstructuur", "Weten wie er aan de deur staat", "Veiliger; zelf opendoen", "Camera bij de voordeur", 200, 36, "Geen specifiek onderzoek", "Huishulp Digitaal", "nnvo", false},
	{"Dagritme-horloge met trilsignaal", "dagstructuur", "Ongemerkt herinnerd worden", "Onopvallend; geen scherm nodig", "Opladen vergeten", 150, 24, "Ervaringen bij autisme", "Planpunt", "vvov", false},
	{"Beweeg- en activiteitenscherm", "dagstructuur", "Meer bewegen overdag", "Speels; voor de groep", "Ruimte nodig", 6000, 300, "Onderzoek in de ouderenzorg", "Beleef Interactief", "vvov", false},
	// Sociaal contact
	{"Beeldbellen met eenvoudige bediening", "contact", "Contact met familie op afstand", "Eén knop; groot scherm", "Familie moet meedoen", 300, 96, "Evaluaties tijdens en na de coronaperiode", "Dichtbij Beeld", "vvvv", false},
	{"Familie-app voor berichten en foto's", "contact", "Familie op de hoogte houden van de dag", "Betrokkenheid familie; minder telefoontjes", "Begeleiders moeten berichten plaatsen", 0, 240, "Onderzoek naar familieparticipatie", "MijnVerhaal", "vvvv", false},
	{"Online ontmoetingsplatform voor cliënten", "contact", "Vrienden maken met gelijkgestemden", "Veilige omgeving met moderatie", "Begeleiding nodig bij het gebruik", 0, 120, "Pilot bij 100 deelnemers", "Samen Online", "vvov", false},
	{"Sociale robot als gezelschap", "contact", "Minder eenzaam zijn", "Altijd beschikbaar; gesprekjes en spelletjes", "Vervangt geen mensen; kosten", 2500, 300, "Gemengde resultaten in de ouderenzorg", "Robo Care", "oovo", false},
	{"Digitaal fotolijstje met familiefoto's", "contact", "Familie dichtbij voelen", "Familie stuurt zelf foto's", "Eenrichtingsverkeer", 150, 24, "Ervaringskennis", "Dichtbij Beeld", "vvvv", false},
	{"Buurt-app voor vrijwilligers", "contact", "Contact met de buurt en vrijwilligers", "Maatjes vinden dichtbij", "Vraagt actieve buurt", 0, 60, "Evaluatie in twee gemeenten", "Samen Online", "vvvo", false},
	{"Gameconsole met bewegingsspellen", "contact", "Samen spelen op de groep", "Plezier en beweging samen", "Niet voor iedereen geschikt", 500, 0, "Ervaringskennis", "Beleef Interactief", "oovv", false},
	{"Virtual reality uitstapjes", "contact", "Ervaringen delen als naar buiten gaan moeilijk is", "Nieuwe ervaringen; gespreksstof", "Niet bij epilepsie; misselijkheid", 800, 120, "Kleine studies", "Beleef Interactief", "vvon", false},
	{"Telefoon met fotoknoppen", "contact", "Zelf iemand bellen", "Geen nummers onthouden", "Alleen bellen", 120, 0, "Ervaringskennis", "Dichtbij Beeld", "vvvv", false},
	// Veilig en vrij bewegen
	{"GPS-tracker met leefcirkels", "veilig", "Zelfstandig naar buiten met een vangnet", "Meer vrijheid; afspraken per cirkel", "Privacy; moet worden gedragen", 250, 180, "Evaluatie leefcirkels in de ouderenzorg", "VrijBewegen", "vvov", false},
	{"Domotica deuren op maat", "veilig", "Deuren open voor wie het kan, dicht voor wie niet", "Minder vrijheidsbeperking voor de groep", "Installatie; koppeling met alarmering", 15000, 900, "Praktijkervaring bij instellingen", "Domotica Zorg", "vvvo", false},
	{"Valdetectie-sensor", "veilig", "Snel hulp na een val", "Automatische melding", "Valse meldingen", 200, 120, "Onderzoek in de ouderenzorg", "Nachtzorg Systemen", "vvvo", false},
	{"Epilepsiedetectie in bed", "veilig", "Aanvallen 's nachts op tijd zien", "Sneller hulp; rustiger voor familie", "Mist sommige aanvalstypen", 1500, 120, "Klinische studies, goede sensitiviteit voor tonisch-clonische aanvallen", "SignaalZorg", "vvvv", false},
	{"Leefstijlmonitoring met bewegingssensoren", "veilig", "Afwijkingen in het dagpatroon zien", "Zonder camera; vroeg signaal", "Vraagt duiding", 900, 240, "Onderzoek bij thuiswonende ouderen", "Domotica Zorg", "vvov", false},
	{"Alarmknop met spraakverbinding", "veilig", "Zelf hulp kunnen roepen", "Eenvoudig; direct contact", "Moet worden gedragen", 150, 150, "Breed gebruikt", "Nachtzorg Systemen", "vvvv", false},
	{"Zorgoproepsysteem met prioriteiten", "veilig", "De juiste oproep eerst", "Minder alarmmoeheid", "Groot project; invoering", 25000, 2400, "Praktijkervaring", "Domotica Zorg", "vvvo", false},
	{"Digitaal sleutelkastje", "veilig", "Hulpverleners toegang zonder sleutelbeheer", "Veilig; logboek", "Installatie bij de voordeur", 400, 60, "Ervaringen in de thuiszorg", "VrijBewegen", "vvvv", false},
	{"Slimme rookmelder met doormelding", "veilig", "Brandveiligheid bij zelfstandig wonen", "Doormelding naar begeleiding", "Onderhoud", 120, 36, "Wettelijke eisen", "Domotica Zorg", "vvvv", false},
	{"Wandelroute-app met begeleiding op afstand", "veilig", "Zelf een route lopen", "Zelfstandigheid; begeleider kijkt mee", "Goede dekking nodig", 0, 96, "Pilot bij 20 cliënten", "VrijBewegen", "vvvo", false},
	// Zelf doen
	{"Robotarm bij het eten", "zelfstandig", "Zelf eten zonder hulp", "Eigen tempo; waardigheid", "Duur; training", 6500, 300, "Onderzoek bij spierziekten", "Eigen Kracht Robotica", "vvov", false},
	{"Douche-toilet", "zelfstandig", "Zelfstandig naar het toilet", "Privacy en waardigheid", "Installatie", 2200, 60, "Ervaringen in de langdurige zorg", "Sanitair Zorg", "vvvv", false},
	{"Kookplaat met automatische uitschakeling", "zelfstandig", "Veilig zelf koken", "Brandveilig; meer zelfstandigheid", "Installatie", 800, 0, "Ervaringskennis", "Huishulp Digitaal", "vvvv", false},
	{"Tillift met plafondrails", "zelfstandig", "Veilige transfers", "Minder fysieke belasting voor begeleiders", "Bouwkundige aanpassing", 7000, 350, "Arbo-richtlijnen", "Eigen Kracht Robotica", "vvvv", false},
	{"Zelfrijdende rolstoelbesturing", "zelfstandig", "Zelf bewegen in huis", "Onafhankelijkheid", "Bewijs beperkt; kosten", 9000, 500, "Pilots", "Eigen Kracht Robotica", "oooo", false},
	{"Elektronisch cliëntdossier-app voor cliënten", "zelfstandig", "Zelf meelezen en meeschrijven in het plan", "Regie; transparantie", "Leesbaarheid; inlog", 0, 0, "Onderzoek naar cliëntportalen", "MijnVerhaal", "vvvv", false},
	{"Budget-app met pictogrammen", "zelfstandig", "Zelf met geld omgaan", "Overzicht; leren", "Koppeling met bank beperkt", 0, 48, "Pilot bij 40 cliënten", "StapVoorStap", "vvnv", false},
	{"Slimme weegschaal en gezondheidsapp", "zelfstandig", "Zelf letten op gezondheid", "Inzicht; motivatie", "Meetdruk", 80, 24, "Ervaringskennis", "Huishulp Digitaal", "vvov", false},
}
