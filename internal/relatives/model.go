package relatives

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

// Section is one part of a plan, shared or not on its own.
type Section struct {
	Code    string // form field and share code
	Label   string // Dutch
	LabelEN string
	Hint    string // Dutch: what to write, for the form
}

// Sections are the five parts of a plan in the order the form and the
// PDF show them.
var Sections = []Section{
	{Code: "netwerk", Label: "Netwerk en contacten", LabelEN: "Network and contacts", Hint: "Wie zijn er belangrijk: familie, vrienden, buren, begeleiders, de huisarts. Met telefoonnummer."},
	{Code: "dagritme", Label: "Dagritme en gewoonten", LabelEN: "Daily routines and habits", Hint: "Hoe ziet een gewone dag eruit? Wat helpt, wat maakt onrustig, wat eet en drinkt uw naaste graag?"},
	{Code: "medisch", Label: "Medische informatie", LabelEN: "Medical information", Hint: "Diagnoses, medicijnen en wanneer, allergieën, de huisarts en specialisten."},
	{Code: "planb", Label: "Plan B bij een acute situatie", LabelEN: "Plan B for an acute situation", Hint: "Wat moet er gebeuren als u plotseling uitvalt? Wie wordt als eerste gebeld, waar kan uw naaste terecht?"},
	{Code: "taken", Label: "Wie neemt welke taak over", LabelEN: "Who takes over which task", Hint: "Welke taken doet u nu, en wie neemt ze over: geldzaken, afspraken, bezoek, vervoer."},
}

// SectionCodes are the codes of Sections.
func SectionCodes() []string {
	out := make([]string, len(Sections))
	for i, s := range Sections {
		out[i] = s.Code
	}
	return out
}

// Plan is a relative's plan (zorgtestament / goed-leven-plan).
type Plan struct {
	ID         int64
	OwnerID    int64
	OwnerName  string
	ClientID   int64 // 0: the relative's own document
	ClientName string
	Title      string
	Text       map[string]string // section code → text
	ReviewAt   time.Time
	RemindedAt time.Time
	CreatedAt  time.Time
	UpdatedAt  time.Time
	// Shares are the people the plan is shared with (for the owner).
	Shares []Share
	// Granted are the sections the reader may see: every section for the
	// owner, the shared ones for anyone else.
	Granted []string
}

// Mine reports whether p owns the plan.
func (pl Plan) Mine(p *auth.Principal) bool { return p != nil && p.UserID == pl.OwnerID }

// Sees reports whether the reader may see section code.
func (pl Plan) Sees(code string) bool { return slices.Contains(pl.Granted, code) }

// ReviewDue reports whether the plan's review date has passed at now.
func (pl Plan) ReviewDue(now time.Time) bool { return !pl.ReviewAt.After(now) }

// Share is one person a plan is shared with.
type Share struct {
	ID        int64
	PlanID    int64
	UserID    int64
	Name      string
	Role      auth.Role
	Sections  []string
	GrantedAt time.Time
	RevokedAt time.Time
}

// Active reports whether the share still holds.
func (sh Share) Active() bool { return sh.RevokedAt.IsZero() }

// Limits on what a plan holds: a plan is a few pages, not an archive.
const (
	maxTitle   = 200
	maxSection = 10000
	maxName    = 200
)

// PlanInput is what the plan form and the API send.
type PlanInput struct {
	// ClientID is the registered client the plan is about; 0 for the
	// relative's own document.
	ClientID int64             `json:"client_id"`
	Title    string            `json:"title"`
	Text     map[string]string `json:"sections"`
	// Review is the next review date, dd-mm-jjjj or jjjj-mm-dd; empty is
	// a year from now.
	Review string `json:"review,omitempty"`
}

// validate checks every field at once and returns the review date; now
// bounds it (not in the past, at most five years ahead).
func (in *PlanInput) validate(now time.Time, defaultReview time.Duration) (time.Time, error) {
	var errs []web.FieldError
	in.Title = strings.TrimSpace(in.Title)
	switch {
	case in.Title == "":
		errs = append(errs, web.FieldError{Field: "titel", Message: "Geef het plan een naam, bijvoorbeeld ‘Plan voor Sanne’.", English: "Give the plan a name, for example ‘Plan for Sanne’."})
	case utf8.RuneCountInString(in.Title) > maxTitle:
		errs = append(errs, web.FieldError{Field: "titel", Message: fmt.Sprintf("De naam van het plan is te lang: maximaal %d tekens.", maxTitle), English: fmt.Sprintf("The plan's name is too long: at most %d characters.", maxTitle)})
	}
	if in.Text == nil {
		in.Text = map[string]string{}
	}
	for k := range in.Text {
		if !slices.Contains(SectionCodes(), k) {
			errs = append(errs, web.FieldError{Field: "sections", Message: "Onbekend onderdeel van het plan: " + clip(k, 40) + ".", English: "Unknown part of the plan: " + clip(k, 40) + "."})
		}
	}
	filled := 0
	for _, sec := range Sections {
		v := strings.TrimSpace(strings.ReplaceAll(in.Text[sec.Code], "\r\n", "\n"))
		in.Text[sec.Code] = v
		if v != "" {
			filled++
		}
		if utf8.RuneCountInString(v) > maxSection {
			errs = append(errs, web.FieldError{Field: sec.Code, Message: fmt.Sprintf("‘%s’ is te lang: maximaal %d tekens.", sec.Label, maxSection), English: fmt.Sprintf("‘%s’ is too long: at most %d characters.", sec.LabelEN, maxSection)})
		}
	}
	if filled == 0 {
		errs = append(errs, web.FieldError{Field: Sections[0].Code, Message: "Vul ten minste één onderdeel van het plan in.", English: "Fill in at least one part of the plan."})
	}
	review := now.Add(defaultReview)
	if r := strings.TrimSpace(in.Review); r != "" {
		d, err := parseDay(r)
		today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
		switch {
		case err != nil:
			errs = append(errs, web.FieldError{Field: "herzien", Message: "Schrijf de datum van de volgende controle als dd-mm-jjjj, bijvoorbeeld 01-06-2027.", English: "Write the next review date as dd-mm-yyyy, for example 01-06-2027."})
		case d.Before(today):
			errs = append(errs, web.FieldError{Field: "herzien", Message: "De datum van de volgende controle ligt in het verleden. Kies een datum vanaf vandaag.", English: "The next review date is in the past. Choose a date from today."})
		case d.After(now.AddDate(5, 0, 0)):
			errs = append(errs, web.FieldError{Field: "herzien", Message: "Kies een datum van de volgende controle binnen vijf jaar.", English: "Choose a next review date within five years."})
		default:
			review = d
		}
	}
	return review, web.Invalid(errs...)
}

// parseDay reads dd-mm-jjjj (the forms) or jjjj-mm-dd (the API).
func parseDay(s string) (time.Time, error) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	return web.ParseDate(s)
}

// ShareInput is who a plan is shared with: an account by its name and
// role, and the sections they may see.
type ShareInput struct {
	Name     string    `json:"name"`
	Role     auth.Role `json:"role"`
	Sections []string  `json:"sections"`
	// Picked says the person was chosen from the page's picker: UserID is
	// the account chosen (0: none), and Name and Role are not asked for.
	Picked bool  `json:"-"`
	UserID int64 `json:"-"`
}

// ShareRoles are the roles a plan may be shared with: another relative,
// the client, a specialised supporter, a care professional.
var ShareRoles = []auth.Role{auth.RoleNaaste, auth.RoleClient, auth.RoleOndersteuner, auth.RoleZorgverlener}

// shareRoleLabel is the Dutch name of a share role in the form.
func shareRoleLabel(r auth.Role) string {
	switch r {
	case auth.RoleNaaste:
		return "Naaste (familie, vriend)"
	case auth.RoleClient:
		return "Cliënt"
	case auth.RoleOndersteuner:
		return "Cliëntondersteuner"
	case auth.RoleZorgverlener:
		return "Zorgverlener"
	}
	return string(r)
}

func (in *ShareInput) validate() []web.FieldError {
	var errs []web.FieldError
	in.Name = strings.Join(strings.Fields(in.Name), " ")
	switch {
	case in.Picked:
		if in.UserID <= 0 {
			errs = append(errs, web.FieldError{Field: "persoon", Message: "Zoek de persoon op naam en kies hem of haar uit de lijst.", English: "Search the person by name and choose them from the list."})
		}
	case in.Name == "":
		errs = append(errs, web.FieldError{Field: "naam", Message: "Vul de naam in van de persoon met wie u het plan deelt.", English: "Fill in the name of the person you share the plan with."})
	case utf8.RuneCountInString(in.Name) > maxName:
		errs = append(errs, web.FieldError{Field: "naam", Message: "De naam is te lang.", English: "The name is too long."})
	}
	if !in.Picked && !slices.Contains(ShareRoles, in.Role) {
		errs = append(errs, web.FieldError{Field: "rol", Message: "Kies wie de persoon is: naaste, cliënt, cliëntondersteuner of zorgverlener.", English: "Choose who the person is: relative, client, client supporter or care professional."})
	}
	in.Sections = slices.Compact(slices.Sorted(slices.Values(in.Sections)))
	bad := false
	for _, c := range in.Sections {
		if !slices.Contains(SectionCodes(), c) {
			bad = true
		}
	}
	switch {
	case bad:
		errs = append(errs, web.FieldError{Field: "onderdelen", Message: "Kies alleen onderdelen uit de lijst.", English: "Choose only parts from the list."})
	case len(in.Sections) == 0:
		errs = append(errs, web.FieldError{Field: "onderdelen", Message: "Kies ten minste één onderdeel dat de persoon mag zien.", English: "Choose at least one part the person may see."})
	}
	return errs
}

// clip shortens s to at most n runes, for echoing bad input safely.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// orderedSections keeps codes in the order of Sections.
func orderedSections(codes []string) []string {
	var out []string
	for _, s := range Sections {
		if slices.Contains(codes, s.Code) {
			out = append(out, s.Code)
		}
	}
	return out
}

// Lines are the paragraphs of a section's text, for the page.
func (pl Plan) Lines(code string) []string {
	var out []string
	for _, l := range strings.Split(pl.Text[code], "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// sectionLabel is the Dutch label of section code.
func sectionLabel(code string) string {
	for _, s := range Sections {
		if s.Code == code {
			return s.Label
		}
	}
	return code
}

// SectionLabels are the Dutch labels of the shared sections.
func (sh Share) SectionLabels() []string {
	out := make([]string, len(sh.Sections))
	for i, c := range sh.Sections {
		out[i] = sectionLabel(c)
	}
	return out
}
