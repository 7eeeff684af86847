package audit

// The easy-read page of "Wie heeft mijn gegevens bekeken" says what a
// person looked at and why in everyday words, one idea a line, instead of
// the register's terms ("aanmelding complexe zorg gezocht", "bemiddeling
// naar zorg") the standard page shows beside each person (issue 11). The
// words are Dutch; the page translates them through the catalogue.

// easyObjects are the kinds of data in everyday words: for the client
// ("uw") and for a representative reading about the client; a kind not
// listed here is told with its standard label.
var easyObjects = map[string][2]string{
	"client":             {"uw naam en andere gegevens", "de naam en andere gegevens van de cliënt"},
	"bsn":                {"uw burgerservicenummer", "het burgerservicenummer van de cliënt"},
	"dossier":            {"uw dossier", "het dossier van de cliënt"},
	"night":              {"hoe u sliep", "hoe de cliënt sliep"},
	"sleep":              {"hoe u sliep", "hoe de cliënt sliep"},
	"sleep_night":        {"hoe u sliep", "hoe de cliënt sliep"},
	"sleep_overview":     {"hoe u sliep", "hoe de cliënt sliep"},
	"sleep_epochs":       {"wat de slaapsensor mat", "wat de slaapsensor mat"},
	"sensor_data":        {"wat de slaapsensor mat", "wat de slaapsensor mat"},
	"sleep_note":         {"een notitie over uw nachten", "een notitie over de nachten van de cliënt"},
	"placement_case":     {"uw zoektocht naar een woonplek", "de zoektocht naar een woonplek"},
	"proposal":           {"een woonplek voor u", "een woonplek voor de cliënt"},
	"placement_proposal": {"een woonplek voor u", "een woonplek voor de cliënt"},
	"client_list":        {"uw naam in een lijst", "de naam van de cliënt in een lijst"},
	"client_pick":        {"uw naam in een lijst", "de naam van de cliënt in een lijst"},
	"crisis_intake":      {"uw crisis", "de crisis van de cliënt"},
	"crisis_case":        {"uw crisis", "de crisis van de cliënt"},
	"support_case":       {"de hulp van uw cliëntondersteuner", "de hulp van de cliëntondersteuner"},
	"family_file":        {"de hulp van uw cliëntondersteuner", "de hulp van de cliëntondersteuner"},
	"care_plan":          {"wat u wilt als u niet meer kunt beslissen", "wat de cliënt wil als hij of zij niet meer kan beslissen"},
	"conversation_guide": {"een gesprek over zorgtechnologie", "een gesprek over zorgtechnologie"},
	"safety_report":      {"een melding over geweld", "een melding over geweld"},
	"report":             {"een melding", "een melding"},
	"export":             {"een kopie van uw gegevens", "een kopie van de gegevens"},
}

// easyPurposes are the reasons in everyday words.
var easyPurposes = map[string]string{
	PurposeCare:           "Om zorg te geven.",
	PurposeMediation:      "Om een woonplek te zoeken.",
	PurposeCrisis:         "Om te helpen in een crisis.",
	PurposeSupport:        "Om te helpen met vragen.",
	PurposeClientAccess:   "Om de gegevens zelf te bekijken.",
	PurposeEmergency:      "Omdat het een noodgeval was.",
	PurposeAdministration: "Om het systeem te beheren.",
	PurposeAccountability: "Om te controleren of alles goed ging.",
	PurposeSecurity:       "Om de gegevens te beschermen.",
	PurposeSafety:         "Om een melding over geweld te behandelen.",
}

// easyObject is a kind of data in everyday words, for the client (own)
// or about the client.
func easyObject(code string, own bool) string {
	w, ok := easyObjects[code]
	switch {
	case !ok:
		return ObjectLabel(code)
	case own:
		return w[0]
	default:
		return w[1]
	}
}

// easyPurpose is a reason in everyday words.
func easyPurpose(code string) string {
	if w, ok := easyPurposes[code]; ok {
		return w
	}
	return PurposeLabel(code) + "."
}
