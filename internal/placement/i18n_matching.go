package placement

// matchingTranslations are the English versions of the texts of the
// ranking, the batch explanation, the regional and national tables and
// the providers' pages (the Dutch text is the key), kept apart from
// translations so the parts of the module can change in parallel.
var matchingTranslations = map[string]string{
	"Agenda landelijke tafel": "Agenda of the national table",
	"De casussen die regio's niet binnen hun termijn konden oplossen. Uw uitkomst gaat terug naar de regio; bij verder bemiddelen met een nieuwe uiterste datum.": "The cases that regions could not solve within their deadline. Your outcome goes back to the region; with further mediation, with a new deadline.",
	"Waarom bij de landelijke tafel":              "Why at the national table",
	"Geëscaleerd op":                              "Escalated on",
	"met meerzorg":                                "with additional care (meerzorg)",
	"Er ligt geen casus bij de landelijke tafel.": "No case is at the national table.",
	"De agenda ontstaat vanzelf uit verstreken termijnen, urgente casussen zonder passende plek, casussen zonder voortgang, afgewezen voorstellen en bezwaren.": "The agenda builds itself from passed deadlines, urgent cases without a fitting place, cases without progress, declined proposals and objections.",
	"De landelijke tafel besluit over deze casussen en legt haar uitkomst zelf vast; u ziet die hieronder.":                                                     "The national table decides on these cases and records its outcome itself; you see it below.",
	"Uitkomsten van de landelijke tafel": "Outcomes of the national table",
	"nieuwe uiterste datum":              "new deadline",
	"vastgelegd door":                    "recorded by",
	"De landelijke tafel besloot de afgelopen 90 dagen niet over uw casussen.": "The national table made no decision on your cases in the last 90 days.",
	"Urgent, geen passende plek": "Urgent, no fitting place",
	"Kies een besluit.":          "Choose a decision.",
	"De nieuwe uiterste datum is geen datum; schrijf dd-mm-jjjj.":                                                                   "The new deadline is not a date; write dd-mm-yyyy.",
	"Schrijf kort op wat de tafel besloot en waarom.":                                                                               "Write briefly what the table decided and why.",
	"Geef een nieuwe uiterste datum in de toekomst.":                                                                                "Give a new deadline in the future.",
	"Kies een uitkomst van de landelijke tafel: verder bemiddelen, landelijk zoeken, op een andere manier helpen of stoppen.":       "Choose an outcome of the national table: further mediation, search nationally, help another way or stop.",
	"Alleen de landelijke tafel legt haar uitkomst vast. De regio ziet de uitkomst op de agenda zodra de landelijke tafel besloot.": "Only the national table records its outcome. The region sees the outcome on its agenda once the national table has decided.",
}
