package knowledge

import (
	"fmt"
	"strings"
)

// The programme's knowledge as the letters report it: Begeleiding à la
// carte made "more than 35 knowledge products, more than 13 vlogs and
// more than 90 inspiring articles" (final letter, 4 February 2022). The
// monitor counts the knowledge base's published items of each kind, so
// the demo carries that many (with the base's own items of those kinds)
// and the computed figures agree with the report. Titles and texts are
// written for the demo from the programme's themes and say so in their
// source; the trajectories' places are examples.
const (
	programmeProducts = 35
	programmeVlogs    = 13
	programmeArticles = 90
	// programmeSource marks every item of this set as demo content: the
	// editors' list and the item page show the source.
	programmeSource = "Demo-inhoud: voorbeeld van het werk van Begeleiding à la carte (programma Volwaardig Leven); titel en tekst zijn voor de demo geschreven"
	programmeOwner  = "Programma Volwaardig Leven, Begeleiding à la carte"
)

// alaCarteTheme is one theme of the renewal trajectories: what changed,
// a first step and a lesson, each one sentence.
type alaCarteTheme struct{ name, what, step, lesson string }

func alaCarteThemes() []alaCarteTheme {
	return []alaCarteTheme{
		{"dagbesteding per dagdeel", "Cliënten kiezen per dagdeel waar en met wie zij hun dag doorbrengen.", "Maak het aanbod per dagdeel zichtbaar met foto's.", "Houd een vaste kern van begeleiders, ook als het aanbod wisselt."},
		{"begeleiding thuis op afroep", "Cliënten die zelfstandig wonen vragen begeleiding wanneer zij die nodig hebben.", "Spreek af hoe een cliënt om hulp vraagt en hoe snel er iemand komt.", "Begeleiding op afroep vraagt vertrouwen van beide kanten."},
		{"samen plannen met naasten", "Naasten denken mee over de week en weten wie wat doet.", "Nodig naasten uit voor het eerste weekplan.", "Naasten willen meedenken, niet overnemen."},
		{"eigen regie over het budget", "Cliënten zien waar hun begeleidingsuren naartoe gaan en kiezen mee.", "Zet de uren van de week op één overzicht in eenvoudige taal.", "Een overzicht in uren zegt cliënten meer dan een bedrag."},
		{"werken en leren naast de dagbesteding", "Cliënten combineren dagbesteding met werk bij een gewone werkgever.", "Zoek één werkgever in de buurt die wil beginnen.", "Een vaste contactpersoon bij de werkgever maakt het verschil."},
		{"vrije tijd in de wijk", "Cliënten doen mee aan clubs en activiteiten in hun eigen wijk.", "Breng samen met de cliënt in kaart wat de wijk te bieden heeft.", "Een maatje uit de wijk houdt het vol als de begeleider er niet is."},
		{"flexibele roosters van begeleiders", "Begeleiders werken op de momenten dat cliënten hen nodig hebben.", "Laat het team zelf het rooster maken rond de wensen van cliënten.", "Flexibel roosteren lukt alleen als het team het zelf wil."},
		{"persoonsgericht ondersteuningsplan", "Het plan begint bij wat de cliënt wil, niet bij het aanbod.", "Begin het plan met de vraag: wat is voor jou een goede dag?", "Een kort plan dat de cliënt kent werkt beter dan een lang plan."},
		{"zorgtechnologie in de begeleiding", "Technologie geeft cliënten meer vrijheid, bijvoorbeeld een app voor de dagplanning.", "Laat cliënten de technologie eerst een maand proberen.", "Technologie helpt pas als de begeleider er zelf in gelooft."},
		{"samenwerken met de gemeente", "Begeleiding uit de Wlz en voorzieningen van de gemeente sluiten op elkaar aan.", "Maak één contactpersoon bij de gemeente en één bij de aanbieder.", "Korte lijnen lossen meer op dan nieuwe afspraken op papier."},
		{"verantwoorden aan het zorgkantoor", "Aanbieder en zorgkantoor spreken af hoe flexibele begeleiding wordt verantwoord.", "Leg vooraf vast wat u meet en hoe vaak.", "Verantwoorden in resultaten voor de cliënt scheelt administratie."},
		{"cliëntenraad als meedenker", "De cliëntenraad denkt vanaf het begin mee over de vernieuwing.", "Vraag de cliëntenraad welke vernieuwing zij het eerst willen.", "Een cliëntenraad die meedenkt, draagt de vernieuwing mee uit."},
	}
}

// alaCartePlaces are the example places of the 36 trajectories.
func alaCartePlaces() []string {
	return []string{"Zwolle", "Assen", "Leeuwarden", "Groningen", "Emmen", "Deventer", "Apeldoorn", "Arnhem", "Nijmegen", "Ede", "Amersfoort", "Utrecht",
		"Zeist", "Hilversum", "Haarlem", "Alkmaar", "Hoorn", "Amsterdam", "Almere", "Lelystad", "Leiden", "Den Haag", "Delft", "Rotterdam",
		"Dordrecht", "Gouda", "Breda", "Tilburg", "Eindhoven", "Den Bosch", "Helmond", "Venlo", "Roermond", "Maastricht", "Middelburg", "Goes"}
}

// programmeContent is the programme's knowledge products, vlogs and
// articles beyond the base's own items of those kinds (have counts them
// per kind), so the knowledge base publishes the letters' numbers.
func programmeContent(have map[string]int) []demoItem {
	themes, places := alaCarteThemes(), alaCartePlaces()
	const tags = "rol:professional fase:jongvolwassen,volwassen thema:praktisch"
	var out []demoItem
	// Knowledge products: a guide, a worksheet and a conversation card per
	// theme, as many as needed.
	formats := []struct{ title, summary string }{
		{"Handreiking %s", "Hoe u begint met %s: wat het oplevert, de eerste stap en wat anderen leerden."},
		{"Werkblad %s", "Een werkblad om %s samen met cliënten en naasten voor te bereiden."},
		{"Gesprekskaart %s", "Vragen om met een cliënt over %s te praten, in eenvoudige taal."},
	}
	for i := 0; i < programmeProducts-have[KindProduct] && i < len(formats)*len(themes); i++ {
		th, f := themes[i%len(themes)], formats[i/len(themes)]
		out = append(out, demoItem{kind: KindProduct, title: fmt.Sprintf(f.title, th.name), summary: fmt.Sprintf(f.summary, th.name),
			body: "## Wat verandert er?\n\n" + th.what + "\n\n## Eerste stap\n\n" + th.step + "\n\n## Wat anderen leerden\n\n" + th.lesson,
			tags: tags, owner: programmeOwner, source: programmeSource})
	}
	// Vlogs: a professional, a client or a relative of one trajectory
	// tells about a theme in a minute.
	for i := 0; i < programmeVlogs-have[KindVideo]; i++ {
		th, place := themes[i%len(themes)], places[(i*5)%len(places)]
		lines := []string{"Wij werken in " + place + " aan " + th.name + ".", th.what, th.step, th.lesson}
		out = append(out, demoItem{kind: KindVideo, title: "Vlog uit " + place + ": " + th.name,
			summary:    "Een begeleider uit " + place + " vertelt in één minuut over " + th.name + ".",
			video:      "https://video.volwaardig.example/a-la-carte-" + slugPart(place) + ".mp4",
			captions:   vtt(lines...),
			transcript: strings.Join(lines, " "),
			tags:       tags, owner: programmeOwner,
			source: programmeSource + "; het videoadres is een voorbeeld"})
	}
	// Articles: two per trajectory, how it began and what it brought.
	for i := 0; i < programmeArticles-have[KindArticle]; i++ {
		t := i / 2
		th, place := themes[t%len(themes)], places[t%len(places)]
		if i%2 == 0 {
			out = append(out, demoItem{kind: KindArticle, title: "Zo begon " + place + " met " + th.name,
				summary: "Een vernieuwingstraject in " + place + ": " + strings.ToLower(th.what[:1]) + th.what[1:],
				body:    th.what + "\n\n**De eerste stap:** " + th.step + "\n\nCliënten, naasten en begeleiders zetten de stappen samen.",
				tags:    tags, owner: programmeOwner, source: programmeSource})
			continue
		}
		out = append(out, demoItem{kind: KindArticle, title: "Wat " + th.name + " opleverde in " + place,
			summary: "Terugblik op twee jaar vernieuwing in " + place + ".",
			body:    th.what + "\n\n**De les:** " + th.lesson + "\n\nHet werk gaat door na het programma.",
			tags:    tags, owner: programmeOwner, source: programmeSource})
	}
	return out
}

// slugPart is a place name as part of an example address.
func slugPart(s string) string { return strings.ToLower(strings.ReplaceAll(s, " ", "-")) }
