package crisis

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/web"
)

// Who may use which part of the module.
var (
	reporters = []auth.Role{auth.RoleZorgverlener, auth.RoleZorgkantoor, auth.RoleCrisisregisseur, auth.RoleCOT, auth.RoleOndersteuner}
	overview  = []auth.Role{auth.RoleZorgverlener, auth.RoleAanbieder, auth.RoleZorgkantoor, auth.RoleCrisisregisseur, auth.RoleCOT, auth.RoleOndersteuner, auth.RoleProgramma}
	monitors  = []auth.Role{auth.RoleZorgkantoor, auth.RoleCrisisregisseur, auth.RoleProgramma}
)

func (s *Service) parseTemplates() {
	s.tmpl = map[string]*template.Template{}
	for _, name := range []string{"index", "intake", "case", "decide", "availability", "settings", "monitor", "mine", "outside"} {
		s.tmpl[name] = s.rd.Parse(templatesFS, "templates/"+name+".html", "templates/parts.html")
		if name == "intake" {
			s.tmpl[name] = clients.ParsePicker(s.rd, s.tmpl[name])
		}
	}
}

// Routes registers the pages and the JSON API.
func (s *Service) Routes(rt *web.Router) {
	director := auth.Roles(auth.RoleCrisisregisseur)
	working := auth.Roles(auth.RoleCrisisregisseur, auth.RoleCOT)
	rt.HandleFunc("GET /crisis", auth.Roles(overview...), s.handleIndex)
	rt.HandleFunc("GET /crisis/melden", auth.Roles(reporters...), s.handleIntakeForm)
	rt.HandleFunc("POST /crisis/melden", auth.Roles(reporters...), s.handleIntake)
	rt.HandleFunc("GET /crisis/{id}", auth.Roles(reporters...), s.handleCase)
	rt.HandleFunc("POST /crisis/{id}/oppakken", director, s.handleTake)
	rt.HandleFunc("GET /crisis/{id}/besluit", director, s.handleDecide)
	rt.HandleFunc("POST /crisis/{id}/bed", director, s.handleReserve)
	rt.HandleFunc("POST /crisis/{id}/team", director, s.handleAssign)
	rt.HandleFunc("POST /crisis/{id}/ondersteuning", auth.Roles(auth.RoleCOT), s.handleSupport)
	rt.HandleFunc("POST /crisis/{id}/bevestigen", auth.Roles(auth.RoleCOT), s.handleAcknowledge)
	rt.HandleFunc("POST /crisis/{id}/opname", auth.Roles(auth.RoleAanbieder), s.handleAdmit)
	rt.HandleFunc("POST /crisis/{id}/vertrek", auth.Roles(auth.RoleAanbieder), s.handleEndStay)
	rt.HandleFunc("POST /crisis/{id}/verlenging", auth.Roles(reporters...), s.handleExtension)
	rt.HandleFunc("POST /crisis/{id}/verlenging/{eid}", director, s.handleJudge)
	rt.HandleFunc("POST /crisis/{id}/afsluiten", working, s.handleClose)
	rt.HandleFunc("POST /crisis/{id}/overdracht", working, s.handleHandover)
	rt.HandleFunc("GET /crisis/beschikbaarheid", auth.Roles(auth.RoleAanbieder, auth.RoleCOT), s.handleAvailability)
	rt.HandleFunc("POST /crisis/beschikbaarheid/bedden/{id}", auth.Roles(auth.RoleAanbieder), s.handleBedStatus)
	rt.HandleFunc("POST /crisis/beschikbaarheid/teams/{id}", auth.Roles(auth.RoleAanbieder, auth.RoleCOT), s.handleTeamStatus)
	rt.HandleFunc("GET /crisis/regio", director, s.handleSettingsForm)
	rt.HandleFunc("POST /crisis/regio", director, s.handleSettings)
	rt.HandleFunc("GET /crisis/monitor", auth.Roles(monitors...), s.handleMonitor)
	rt.HandleFunc("GET /mijn/crisis", auth.Roles(auth.RoleClient, auth.RoleNaaste), s.handleMine)
	s.apiRoutes(rt)
	rt.Nav(web.NavItem{Path: "/crisis", Label: "Crisis", English: "Crisis", Order: 20, Rule: auth.Roles(overview...),
		Summary: "Crisis melden, crisisregie, C.O.T.-ondersteuning en crisisbedden.", SummaryEN: "Report a crisis, crisis direction, C.O.T. support and crisis beds."})
	rt.Nav(web.NavItem{Path: "/mijn/crisis", Label: "Wat gebeurt er nu?", English: "What happens now?", Order: 20, Rule: auth.Roles(auth.RoleClient, auth.RoleNaaste),
		Summary: "Wat er gebeurt nu er een crisis is.", SummaryEN: "What happens now that there is a crisis."})
}

// flashes are the confirmations shown after a redirect (web.SeeOther).
var flashes = map[string]string{
	"gemeld":        "De crisis is gemeld. De crisisregisseur van de regio is direct gewaarschuwd.",
	"opgepakt":      "U heeft de melding in behandeling genomen.",
	"bed":           "Het crisisbed is gereserveerd.",
	"team":          "Het C.O.T. is toegewezen en gewaarschuwd.",
	"ondersteuning": "De ondersteuning is vastgelegd.",
	"verlenging":    "Het verzoek om verlenging is verstuurd.",
	"beoordeeld":    "Het verzoek om verlenging is beoordeeld.",
	"afgesloten":    "De crisis is afgesloten.",
	"overgedragen":  "De cliënt is overgedragen aan bemiddeling.",
	"bevestigd":     "U heeft bevestigd dat uw team de crisis oppakt. De melder en de crisisregisseur zien dat.",
	"opgenomen":     "De opname is bevestigd. De klok van de crisis is gestopt.",
	"vertrokken":    "Het crisisverblijf is beëindigd en het bed is weer vrij.",
	"bijgewerkt":    "De beschikbaarheid is bijgewerkt.",
	"instellingen":  "De instellingen van de regio zijn opgeslagen.",
}

// asWeb maps the module's errors to the shared error type.
func asWeb(err error) error {
	var out *ErrOutsideScope
	if errors.As(err, &out) {
		return out.Web()
	}
	return err
}

// fail answers an error: the emergency-access hint page for a case outside
// the reader's scope, otherwise the shared error page.
func (s *Service) fail(w http.ResponseWriter, r *http.Request, err error) {
	var out *ErrOutsideScope
	if errors.As(err, &out) {
		s.rd.Render(w, r, http.StatusForbidden, s.tmpl["outside"], web.Page{Title: "Geen toegang tot deze crisis", Data: out})
		return
	}
	s.rd.Fail(w, r, asWeb(err))
}

// ClockView is the admission clock as text for a page (never by colour
// alone): a label and a duration.
type ClockView struct {
	Label   string // Dutch, translated by the template
	Text    string
	Overdue bool
	// Deadline is set while the clock runs, so the page's script can keep
	// the text current between reloads (the page is right without it).
	Deadline string
}

func clockView(c Case, now time.Time, lang string) ClockView {
	k := c.ClockAt(now)
	if k.Stopped {
		labels := map[ClockStop][2]string{
			StopAdmitted: {"Opgenomen binnen de norm, na", "Opgenomen na de norm, na"},
			StopCOT:      {"C.O.T. ingezet binnen de norm, na", "C.O.T. ingezet na de norm, na"},
			StopClosed:   {"Afgerond binnen de norm, na", "Afgerond na de norm, na"},
		}[k.By]
		if k.Met {
			return ClockView{Label: labels[0], Text: DurationText(k.TakenFor, lang)}
		}
		return ClockView{Label: labels[1], Text: DurationText(k.TakenFor, lang), Overdue: true}
	}
	if k.Overdue > 0 {
		return ClockView{Label: "Norm overschreden met", Text: DurationText(k.Overdue, lang), Overdue: true, Deadline: c.DeadlineAt.UTC().Format(time.RFC3339)}
	}
	return ClockView{Label: "Tijd over tot de norm", Text: DurationText(k.Left, lang), Deadline: c.DeadlineAt.UTC().Format(time.RFC3339)}
}

// CaseRow is a case in a list.
type CaseRow struct {
	Case
	Clock    ClockView
	StayOver bool
}

func (s *Service) rows(cs []Case, lang string) []CaseRow {
	now := s.now()
	out := make([]CaseRow, len(cs))
	for i, c := range cs {
		out[i] = CaseRow{Case: c, Clock: clockView(c, now, lang), StayOver: c.StayOverLimit(now)}
	}
	return out
}

type indexPage struct {
	Director, Team, Reporter, Provider, Monitor bool
	Regions                                     []string
	Queue, TeamCases, Reported                  []CaseRow
}

func (s *Service) handleIndex(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	lang := web.LangFromRequest(r)
	d := indexPage{Director: p.Role == auth.RoleCrisisregisseur, Team: p.Role == auth.RoleCOT, Reporter: slices.Contains(reporters, p.Role),
		Provider: p.Role == auth.RoleAanbieder || p.Role == auth.RoleCOT, Monitor: slices.Contains(monitors, p.Role), Regions: p.Scope.Regions}
	var shown []Case
	if d.Director {
		cs, err := s.RegionCases(r.Context(), p.Scope.Regions)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d.Queue, shown = s.rows(cs, lang), append(shown, cs...)
	}
	if d.Team {
		cs, err := s.TeamCases(r.Context(), p.Scope.Teams)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d.TeamCases, shown = s.rows(cs, lang), append(shown, cs...)
	}
	if d.Reporter {
		cs, err := s.ReportedBy(r.Context(), p.UserID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d.Reported, shown = s.rows(cs, lang), append(shown, cs...)
	}
	if err := s.recordList(r.Context(), p, dedupeCases(shown)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.rd.Render(w, r, http.StatusOK, s.tmpl["index"], web.Page{Title: "Crisis", Data: d, Flash: web.Flash(r, flashes)})
}

func dedupeCases(cs []Case) []Case {
	seen := map[int64]bool{}
	var out []Case
	for _, c := range cs {
		if !seen[c.ID] {
			seen[c.ID] = true
			out = append(out, c)
		}
	}
	return out
}

type intakePage struct {
	Regions   []string
	Urgencies []Urgency
	// Pick is the client picker the form starts with; MayCreate and
	// MayBSN say whether the reporter may register a person not yet in
	// the register, with a BSN.
	Pick              clients.Pick
	MayCreate, MayBSN bool
}

func (s *Service) renderIntake(w http.ResponseWriter, r *http.Request, status int, form map[string]string, errs []web.FieldError, pick clients.Pick) {
	regions, err := s.RegionCodes(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := auth.FromContext(r.Context())
	d := intakePage{Regions: regions, Urgencies: Urgencies(), Pick: pick, MayCreate: clients.MayRegisterAtCrisis(p.Role), MayBSN: clients.MayEnterBSN(p.Role)}
	s.rd.Render(w, r, status, s.tmpl["intake"], web.Page{Title: "Crisis melden", Data: d, Form: form, Errors: errs})
}

// intakePick runs the client picker of the report form.
func (s *Service) intakePick(r *http.Request, p *auth.Principal, query string, chosen int64) (clients.Pick, error) {
	return s.reg.Find(r.Context(), p, clients.PickRequest{Field: "client", Action: "/crisis/melden", Query: query, Chosen: max(chosen, 0)})
}

func (s *Service) handleIntakeForm(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	region, err := s.homeRegion(r.Context(), p)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	form := map[string]string{"regio": region}
	chosen, _ := strconv.ParseInt(r.URL.Query().Get("client"), 10, 64)
	pick, err := s.intakePick(r, p, r.URL.Query().Get("client_zoek"), chosen)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	var errs []web.FieldError
	if pick.Refused {
		errs = append(errs, pick.Error())
	}
	s.renderIntake(w, r, http.StatusOK, form, errs, pick)
}

// homeRegion guesses the reporter's region to preselect it: the first
// region of the scope, else the region of the first location or
// organisation.
func (s *Service) homeRegion(ctx context.Context, p *auth.Principal) (string, error) {
	if len(p.Scope.Regions) > 0 {
		return p.Scope.Regions[0], nil
	}
	if s.orgs == nil {
		return "", nil
	}
	var loc, org int64
	if len(p.Scope.Locations) > 0 {
		loc = p.Scope.Locations[0]
	}
	if len(p.Scope.Organisations) > 0 {
		org = p.Scope.Organisations[0]
	}
	return s.orgs.HomeRegion(ctx, loc, org)
}

func formMap(r *http.Request, names ...string) map[string]string {
	m := map[string]string{}
	for _, n := range names {
		m[n] = r.PostFormValue(n)
	}
	return m
}

var intakeFields = []string{"naam", "geboortedatum", "bsn", "regio", "waar", "wat", "risicos", "urgentie", "geprobeerd", "telefoon", "dossierhouder"}

func (s *Service) handleIntake(w http.ResponseWriter, r *http.Request) {
	if err := web.ParseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	p := auth.FromContext(r.Context())
	in, errs := ParseIntakeForm(r.PostForm)
	form := formMap(r, intakeFields...)
	// The chosen client is checked by the register as a search would be:
	// a forged or out-of-scope id is refused at the field.
	pick, err := s.intakePick(r, p, "", in.ClientID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	switch {
	case in.ClientID != 0 && pick.Picked.ID == 0:
		errs = append(errs, pick.Error())
	case in.ClientID != 0:
		// The chosen client wins over a name typed before choosing.
		in.ClientName, in.BirthDate, in.BSN = "", time.Time{}, ""
	default:
		errs = append(errs, registerErrors(p, in)...)
	}
	if len(errs) > 0 {
		s.renderIntake(w, r, http.StatusUnprocessableEntity, form, errs, pick)
		return
	}
	id, err := s.Report(r.Context(), p, in)
	if fields, ok := web.FieldErrorsOf(err); ok {
		for i := range fields {
			if fields[i].Field == "client_id" {
				fields[i].Field = "client"
			}
		}
		s.renderIntake(w, r, http.StatusUnprocessableEntity, form, fields, pick)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	web.SeeOther(w, r, "/crisis/"+strconv.FormatInt(id, 10), "gemeld")
}

type casePage struct {
	View
	Clock        ClockView
	StayOver     bool
	Bed          *Bed
	Team         *Team
	Support      []SupportRecord
	Extensions   []Extension
	Pending      bool
	CanHandover  bool
	SupportKinds []SupportKind
	MaxExtension int
	// ClientLink: the reader reaches the client's record in the register
	// (in scope or with emergency access), so the page links to it.
	ClientLink bool
}

func (s *Service) caseData(r *http.Request, v View) (casePage, error) {
	ctx := r.Context()
	d := casePage{View: v, Clock: clockView(v.Case, s.now(), web.LangFromRequest(r)), StayOver: v.Case.StayOverLimit(s.now()),
		CanHandover: s.placement != nil, SupportKinds: []SupportKind{SupportVisit, SupportAdvice, SupportEnd}, MaxExtension: MaxExtensionDays}
	if ref, err := s.reg.Ref(ctx, v.Case.ClientID); err == nil {
		ok, _, err := s.clientAccess(ctx, auth.FromContext(ctx), ref)
		if err != nil {
			return d, err
		}
		d.ClientLink = ok
	}
	if v.Case.BedID != 0 {
		b, err := s.Bed(ctx, v.Case.BedID)
		if err != nil {
			return d, err
		}
		d.Bed = &b
	}
	if v.Case.TeamID != 0 {
		t, err := s.Team(ctx, v.Case.TeamID)
		if err != nil {
			return d, err
		}
		d.Team = &t
	}
	var err error
	if d.Support, err = s.Support(ctx, v.Case.ID); err != nil {
		return d, err
	}
	if d.Extensions, err = s.Extensions(ctx, v.Case.ID); err != nil {
		return d, err
	}
	for _, e := range d.Extensions {
		if e.Status == ExtensionRequested {
			d.Pending = true
		}
	}
	return d, nil
}

func (s *Service) openFromPath(w http.ResponseWriter, r *http.Request) (View, bool) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return View{}, false
	}
	v, err := s.Open(r.Context(), auth.FromContext(r.Context()), id)
	if err != nil {
		s.fail(w, r, err)
		return View{}, false
	}
	return v, true
}

func (s *Service) renderCase(w http.ResponseWriter, r *http.Request, v View, status int, errs []web.FieldError, form map[string]string) {
	d, err := s.caseData(r, v)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.rd.Render(w, r, status, s.tmpl["case"], web.Page{Title: "Crisismelding", Data: d, Errors: errs, Form: form, Flash: web.Flash(r, flashes)})
}

func (s *Service) handleCase(w http.ResponseWriter, r *http.Request) {
	v, ok := s.openFromPath(w, r)
	if !ok {
		return
	}
	s.renderCase(w, r, v, http.StatusOK, nil, nil)
}

// afterAction answers a case form: redirect on success, the case page
// with the errors on bad input or a conflict.
func (s *Service) afterAction(w http.ResponseWriter, r *http.Request, v View, err error, melding string, form map[string]string) {
	if err == nil {
		web.SeeOther(w, r, "/crisis/"+strconv.FormatInt(v.Case.ID, 10), melding)
		return
	}
	if fields, ok := web.FieldErrorsOf(err); ok {
		s.renderCase(w, r, v, http.StatusUnprocessableEntity, fields, form)
		return
	}
	var we *web.Error
	if errors.As(err, &we) && we.Code == web.CodeConflict {
		s.renderCase(w, r, v, http.StatusConflict, []web.FieldError{{Message: we.Message}}, form)
		return
	}
	s.fail(w, r, err)
}

func (s *Service) postCase(w http.ResponseWriter, r *http.Request) (View, *auth.Principal, bool) {
	if err := web.ParseForm(r); err != nil {
		s.fail(w, r, err)
		return View{}, nil, false
	}
	v, ok := s.openFromPath(w, r)
	return v, auth.FromContext(r.Context()), ok
}

func (s *Service) handleTake(w http.ResponseWriter, r *http.Request) {
	v, p, ok := s.postCase(w, r)
	if !ok {
		return
	}
	s.afterAction(w, r, v, s.Take(r.Context(), p, v.Case.ID), "opgepakt", nil)
}

type decidePage struct {
	Case    Case
	Clock   ClockView
	Region  string
	Own     bool
	Regions []string
	Beds    []BedRow
	Teams   []TeamRow
	FreeOwn int
	Reason  string
	// Expertise is the expertise the crisis needs, as chosen on the page;
	// Expertises are those the region's teams offer.
	Expertise  string
	Expertises []string
	// NoFreeOwn: the crisis's own region has no free contracted bed; the
	// page says so and lists the free beds of the neighbouring regions
	// (Neighbours) and of the rest of the country (National), each with
	// the age of its figure and the phone to call.
	NoFreeOwn bool
	Neighbour []BedRow
	National  []BedRow
	// RegionNames names the regions ("Utrecht") by code.
	RegionNames map[string]string
}

// BedRow is a bed with the age of its availability figure.
type BedRow struct {
	Bed
	Fresh   Freshness
	AgeText string
}

// TeamRow is a team with the age of its availability figure and whether
// it has the expertise asked for.
type TeamRow struct {
	Team
	Fresh   Freshness
	AgeText string
	Matches bool
}

func (s *Service) bedRows(bs []Bed, lang string) []BedRow {
	now := s.now()
	out := make([]BedRow, len(bs))
	for i, b := range bs {
		f := FreshnessAt(b.AvailabilityAt, now, s.cfg.StaleAfter)
		out[i] = BedRow{Bed: b, Fresh: f, AgeText: DurationText(f.Age, lang)}
	}
	return out
}

func (s *Service) teamRows(ts []Team, lang string) []TeamRow {
	now := s.now()
	out := make([]TeamRow, len(ts))
	for i, t := range ts {
		f := FreshnessAt(t.AvailabilityAt, now, s.cfg.StaleAfter)
		out[i] = TeamRow{Team: t, Fresh: f, AgeText: DurationText(f.Age, lang)}
	}
	return out
}

func (s *Service) renderDecide(w http.ResponseWriter, r *http.Request, v View, status int, errs []web.FieldError, form map[string]string) {
	ctx := r.Context()
	lang := web.LangFromRequest(r)
	region := strings.ToUpper(r.URL.Query().Get("regio"))
	if form != nil && form["regio"] != "" {
		region = form["regio"]
	}
	if !regionPattern.MatchString(region) {
		region = v.Case.Region
	}
	regions, err := s.RegionCodes(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	beds, err := s.Beds(ctx, region)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	teams, err := s.Teams(ctx, region)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	expertise := strings.TrimSpace(r.URL.Query().Get("expertise"))
	if form != nil && form["expertise"] != "" {
		expertise = form["expertise"]
	}
	offered := Expertises(teams)
	if !slices.ContainsFunc(offered, func(e string) bool { return strings.EqualFold(e, expertise) }) {
		expertise = ""
	}
	RankTeams(teams, expertise)
	own, err := s.Beds(ctx, v.Case.Region)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := decidePage{Case: v.Case, Clock: clockView(v.Case, s.now(), lang), Region: region, Own: region == v.Case.Region, Regions: regions,
		Beds: s.bedRows(beds, lang), Teams: s.teamRows(teams, lang), Expertise: expertise, Expertises: offered}
	for i := range d.Teams {
		d.Teams[i].Matches = expertise != "" && d.Teams[i].HasExpertise(expertise)
	}
	for _, b := range own {
		if b.Contracted && b.Status == BedFree {
			d.FreeOwn++
		}
	}
	if d.RegionNames, err = s.RegionNames(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.FreeOwn == 0 {
		d.NoFreeOwn = true
		all, err := s.Beds(ctx, "")
		if err != nil {
			s.fail(w, r, err)
			return
		}
		near := map[string]bool{}
		for _, n := range Neighbours(v.Case.Region) {
			near[n] = true
		}
		var nb, nat []Bed
		for _, b := range all {
			if !b.Contracted || b.Status != BedFree || b.Region == v.Case.Region {
				continue
			}
			if near[b.Region] {
				nb = append(nb, b)
			} else {
				nat = append(nat, b)
			}
		}
		d.Neighbour, d.National = s.bedRows(nb, lang), s.bedRows(nat, lang)
	}
	s.rd.Render(w, r, status, s.tmpl["decide"], web.Page{Title: "Besluiten over een crisis", Data: d, Errors: errs, Form: form})
}

func (s *Service) handleDecide(w http.ResponseWriter, r *http.Request) {
	v, ok := s.openFromPath(w, r)
	if !ok {
		return
	}
	p := auth.FromContext(r.Context())
	if err := s.mayDirect(p, v.Case); err != nil {
		s.fail(w, r, audit.RecordDenial(r.Context(), s.aud, p, err))
		return
	}
	if !v.Case.Status.Undecided() {
		web.SeeOther(w, r, "/crisis/"+strconv.FormatInt(v.Case.ID, 10), "")
		return
	}
	s.renderDecide(w, r, v, http.StatusOK, nil, nil)
}

func (s *Service) afterDecide(w http.ResponseWriter, r *http.Request, v View, err error, melding string) {
	if err == nil {
		web.SeeOther(w, r, "/crisis/"+strconv.FormatInt(v.Case.ID, 10), melding)
		return
	}
	form := formMap(r, "bed", "team", "bedreden", "teamreden", "regio", "opschalen", "expertise")
	if fields, ok := web.FieldErrorsOf(err); ok {
		s.renderDecide(w, r, v, http.StatusUnprocessableEntity, fields, form)
		return
	}
	var we *web.Error
	if errors.As(err, &we) && we.Code == web.CodeConflict {
		s.renderDecide(w, r, v, http.StatusConflict, []web.FieldError{{Message: we.Message}}, form)
		return
	}
	s.fail(w, r, err)
}

// decideForm is the decide page's form for one choice: the bed or team
// chosen, whether to escalate to another region, and why.
type decideForm struct {
	ID       int64
	Escalate bool
	Reason   string
}

// decodeDecideForm reads the decide page's bed form (choice "bed") or team
// form (choice "team") without the database, so it can be fuzzed (issue
// 18): a bed or team must be chosen by its id and, when the form escalates
// (it shows another region's beds or teams), a reason given. Both mistakes
// at once: the escalation reason used to come only after a bed was chosen.
// The rules that need the chosen bed or team (its region) are the
// service's, in ReserveBed and AssignTeam, with the same reason messages
// (escalationCheck).
func decodeDecideForm(f url.Values, choice string) (decideForm, []web.FieldError) {
	in := decideForm{Escalate: f.Get("opschalen") == "1", Reason: f.Get(choice + "reden")}
	var errs []web.FieldError
	id, err := strconv.ParseInt(strings.TrimSpace(f.Get(choice)), 10, 64)
	if err != nil || id <= 0 {
		if choice == "team" {
			errs = append(errs, web.FieldError{Field: "team", Message: "Kies een C.O.T.-team.", English: "Choose a crisis team."})
		} else {
			errs = append(errs, web.FieldError{Field: choice, Message: "Kies een crisisbed.", English: "Choose a crisis bed."})
		}
	}
	if in.Escalate {
		switch {
		case strings.TrimSpace(in.Reason) == "":
			errs = append(errs, web.FieldError{Field: choice + "reden", Message: "Geef de reden voor het opschalen naar een andere regio.", English: "Give the reason for escalating to another region."})
		case utf8.RuneCountInString(in.Reason) > maxShort*5:
			errs = append(errs, web.FieldError{Field: choice + "reden", Message: "De reden is te lang: gebruik hoogstens 1000 tekens.", English: "The reason is too long: use at most 1000 characters."})
		}
	}
	if len(errs) > 0 {
		return decideForm{}, errs
	}
	in.ID = id
	return in, nil
}

// decodeSettingsForm reads a region's settings form without the database,
// so it can be fuzzed (issue 18). A norm or stay that is not a whole
// number reads as 0 and an acute norm as -1, which settingsErrors refuses
// with the field named (an acute norm of 0 keeps the region's current
// one, as for an API client of before the acute norm). Who is on call is
// decided from the region's current settings, not here.
func decodeSettingsForm(f url.Values) Settings {
	atoi := func(field string, bad int) int {
		n, err := strconv.Atoi(strings.TrimSpace(f.Get(field)))
		if err != nil {
			return bad
		}
		return n
	}
	return Settings{Region: strings.ToUpper(strings.TrimSpace(f.Get("regio"))), NormHours: atoi("norm", 0), AcuteNormHours: atoi("acuut", -1), StayLimitDays: atoi("verblijf", 0)}
}

func (s *Service) handleReserve(w http.ResponseWriter, r *http.Request) {
	v, p, ok := s.postCase(w, r)
	if !ok {
		return
	}
	in, errs := decodeDecideForm(r.PostForm, "bed")
	var err error
	if len(errs) > 0 {
		err = web.Invalid(errs...)
	} else {
		err = s.ReserveBed(r.Context(), p, v.Case.ID, in.ID, in.Escalate, in.Reason)
	}
	s.afterDecide(w, r, v, err, "bed")
}

func (s *Service) handleAssign(w http.ResponseWriter, r *http.Request) {
	v, p, ok := s.postCase(w, r)
	if !ok {
		return
	}
	in, errs := decodeDecideForm(r.PostForm, "team")
	var err error
	if len(errs) > 0 {
		err = web.Invalid(errs...)
	} else {
		err = s.AssignTeam(r.Context(), p, v.Case.ID, in.ID, in.Escalate, in.Reason)
	}
	s.afterDecide(w, r, v, err, "team")
}

func (s *Service) handleSupport(w http.ResponseWriter, r *http.Request) {
	v, p, ok := s.postCase(w, r)
	if !ok {
		return
	}
	in, errs := decodeSupportForm(r.PostForm)
	err := web.Invalid(errs...)
	if err == nil {
		err = s.AddSupport(r.Context(), p, v.Case.ID, in.Kind, in.Note)
	}
	s.afterAction(w, r, v, err, "ondersteuning", formMap(r, "soort", "notitie"))
}

func (s *Service) handleExtension(w http.ResponseWriter, r *http.Request) {
	v, p, ok := s.postCase(w, r)
	if !ok {
		return
	}
	in, errs := decodeExtensionForm(r.PostForm)
	err := web.Invalid(errs...)
	if err == nil {
		_, err = s.RequestExtension(r.Context(), p, v.Case.ID, in.Days, in.Reason)
	}
	s.afterAction(w, r, v, err, "verlenging", formMap(r, "dagen", "verlengreden"))
}

func (s *Service) handleJudge(w http.ResponseWriter, r *http.Request) {
	v, p, ok := s.postCase(w, r)
	if !ok {
		return
	}
	eid, err := web.PathID(r, "eid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in, errs := decodeJudgeForm(r.PostForm)
	if err = web.Invalid(errs...); err == nil {
		err = s.JudgeExtension(r.Context(), p, v.Case.ID, eid, in.Grant, in.Note)
	}
	s.afterAction(w, r, v, err, "beoordeeld", formMap(r, "oordeel"))
}

func (s *Service) handleClose(w http.ResponseWriter, r *http.Request) {
	v, p, ok := s.postCase(w, r)
	if !ok {
		return
	}
	note, errs := decodeCloseForm(r.PostForm)
	err := web.Invalid(errs...)
	if err == nil {
		err = s.Close(r.Context(), p, v.Case.ID, note)
	}
	s.afterAction(w, r, v, err, "afgesloten", formMap(r, "toelichting"))
}

func (s *Service) handleHandover(w http.ResponseWriter, r *http.Request) {
	v, p, ok := s.postCase(w, r)
	if !ok {
		return
	}
	// Without a placement module the form's mistakes do not matter: the
	// service says handing over is unavailable, as before.
	in, errs := decodeHandoverForm(r.PostForm)
	err := web.Invalid(errs...)
	if err == nil || !s.HandoverAvailable() {
		_, err = s.Handover(r.Context(), p, v.Case.ID, in)
	}
	var we *web.Error
	if errors.As(err, &we) && we.Code == web.CodeUnavailable {
		s.renderCase(w, r, v, http.StatusServiceUnavailable, []web.FieldError{{Message: we.Message}}, nil)
		return
	}
	s.afterAction(w, r, v, err, "overgedragen", formMap(r, "reden", "dossierhouder", "zorgprofiel", "urgent"))
}

type availabilityPage struct {
	Beds     []BedRow
	Teams    []TeamRow
	Provider bool
	// Arrivals are the crisis admissions in the provider's beds: who is
	// coming, when and from whom, and who is staying.
	Arrivals []Arrival
	// StaleAfter is the configured age after which a figure shows as
	// stale, in words.
	StaleAfter string
}

func (s *Service) handleAvailability(w http.ResponseWriter, r *http.Request) {
	s.renderAvailability(w, r, http.StatusOK, nil)
}

func (s *Service) renderAvailability(w http.ResponseWriter, r *http.Request, status int, errs []web.FieldError) {
	p := auth.FromContext(r.Context())
	lang := web.LangFromRequest(r)
	d := availabilityPage{StaleAfter: DurationText(s.cfg.StaleAfter, lang)}
	if p.Role == auth.RoleAanbieder {
		d.Provider = true
		beds, err := s.BedsOf(r.Context(), p.Scope.Organisations)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		teams, err := s.TeamsOf(r.Context(), p.Scope.Organisations)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d.Beds, d.Teams = s.bedRows(beds, lang), s.teamRows(teams, lang)
		if d.Arrivals, err = s.Arrivals(r.Context(), p, lang); err != nil {
			s.fail(w, r, err)
			return
		}
	} else {
		for _, id := range p.Scope.Teams {
			t, err := s.Team(r.Context(), id)
			if err != nil {
				continue
			}
			d.Teams = append(d.Teams, s.teamRows([]Team{t}, lang)...)
		}
	}
	s.rd.Render(w, r, status, s.tmpl["availability"], web.Page{Title: "Beschikbaarheid van crisisbedden en teams", Data: d, Flash: web.Flash(r, flashes), Errors: errs})
}

// providerAction runs a bed provider's act on a case (admission, end of
// stay) and returns to the availability page, with a refusal or conflict
// shown there.
func (s *Service) providerAction(w http.ResponseWriter, r *http.Request, do func(context.Context, *auth.Principal, int64) error, melding string) {
	if err := web.ParseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := web.PathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = do(r.Context(), auth.FromContext(r.Context()), id)
	var we *web.Error
	if errors.As(err, &we) && we.Code == web.CodeConflict {
		s.renderAvailability(w, r, http.StatusConflict, []web.FieldError{{Message: we.Message}})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	web.SeeOther(w, r, "/crisis/beschikbaarheid", melding)
}

func (s *Service) handleAdmit(w http.ResponseWriter, r *http.Request) {
	s.providerAction(w, r, s.ConfirmAdmission, "opgenomen")
}

func (s *Service) handleEndStay(w http.ResponseWriter, r *http.Request) {
	s.providerAction(w, r, s.EndStay, "vertrokken")
}

func (s *Service) handleAcknowledge(w http.ResponseWriter, r *http.Request) {
	v, p, ok := s.postCase(w, r)
	if !ok {
		return
	}
	s.afterAction(w, r, v, s.Acknowledge(r.Context(), p, v.Case.ID), "bevestigd", nil)
}

func (s *Service) handleBedStatus(w http.ResponseWriter, r *http.Request) {
	if err := web.ParseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := web.PathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	st, errs := decodeBedStatusForm(r.PostForm)
	if err := web.Invalid(errs...); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.SetBedStatus(r.Context(), auth.FromContext(r.Context()), id, st); err != nil {
		s.fail(w, r, err)
		return
	}
	web.SeeOther(w, r, "/crisis/beschikbaarheid", "bijgewerkt")
}

func (s *Service) handleTeamStatus(w http.ResponseWriter, r *http.Request) {
	if err := web.ParseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := web.PathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in, errs := decodeTeamStatusForm(r.PostForm)
	if err := web.Invalid(errs...); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.SetTeamAvailability(r.Context(), auth.FromContext(r.Context()), id, in.Available, in.Note); err != nil {
		s.fail(w, r, err)
		return
	}
	web.SeeOther(w, r, "/crisis/beschikbaarheid", "bijgewerkt")
}

type settingsPage struct {
	Settings []Settings
	Me       int64
}

func (s *Service) renderSettings(w http.ResponseWriter, r *http.Request, status int, errs []web.FieldError, form map[string]string) {
	p := auth.FromContext(r.Context())
	d := settingsPage{Me: p.UserID}
	for _, region := range p.Scope.Regions {
		st, err := s.Settings(r.Context(), region)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d.Settings = append(d.Settings, st)
	}
	s.rd.Render(w, r, status, s.tmpl["settings"], web.Page{Title: "Instellingen crisisregie", Data: d, Errors: errs, Form: form, Flash: web.Flash(r, flashes)})
}

func (s *Service) handleSettingsForm(w http.ResponseWriter, r *http.Request) {
	s.renderSettings(w, r, http.StatusOK, nil, nil)
}

func (s *Service) handleSettings(w http.ResponseWriter, r *http.Request) {
	if err := web.ParseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	p := auth.FromContext(r.Context())
	st := decodeSettingsForm(r.PostForm)
	cur, err := s.Settings(r.Context(), st.Region)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	st.OnCallUserID = onCallAfter(cur.OnCallUserID, p.UserID, r.PostFormValue("dienst") == "1")
	err = s.SetSettings(r.Context(), p, st)
	if fields, ok := web.FieldErrorsOf(err); ok {
		// The region's form shows again what was typed, keyed like its
		// field ids ("norm-ZK11"); "regio" says which region's form it was.
		region := r.PostFormValue("regio")
		form := map[string]string{"regio": region}
		for _, k := range []string{"norm", "acuut", "verblijf", "dienst"} {
			form[k+"-"+region] = r.PostFormValue(k)
		}
		s.renderSettings(w, r, http.StatusUnprocessableEntity, fields, form)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	web.SeeOther(w, r, "/crisis/regio", "instellingen")
}

// onCallAfter is who is on call after user me said whether they are: on
// duty makes me the one on call; going off duty ends one's own duty, never
// a colleague's.
func onCallAfter(current, me int64, onDuty bool) int64 {
	switch {
	case onDuty:
		return me
	case current == me:
		return 0
	}
	return current
}

type minePage struct {
	Cases []MineRow
	// Call is whom to call when there is no crisis now: the region's
	// on-call crisis director (zero when unknown).
	Call CallContact
}

// MineRow is one crisis in the client's easy-read view.
type MineRow struct {
	CaseRow
	Easy []string
	// About: the reader is a relative or representative, and Easy and Call
	// are already translated lines about the client by name.
	About bool
	Call  string
	// Contact names whom to call with the number (zero: Call alone).
	Contact CallContact
}

// errNoCrisisReading refuses a representative who represents clients but
// may read the crises of none of them.
var errNoCrisisReading = web.Forbidden("U kunt de crisisgegevens niet inzien: de cliënt deelt die niet met u en uw machtiging geeft geen recht om namens de cliënt te handelen. Wilt u meelezen? Vraag de cliënt om dit met u te delen, of vraag het zorgkantoor om uw machtiging aan te passen.",
	"You cannot see the crisis data: the client does not share it with you and your authorisation does not let you act for the client. Want to read along? Ask the client to share it with you, or ask the care office to change your authorisation.")

// ownCases lists the latest crises (three per client) of the clients the
// client or representative may read them of, as the client register
// decides (a representative: with "mag handelen" or the client's consent
// for crisis data), and records the reading on the client's behalf.
func (s *Service) ownCases(ctx context.Context, p *auth.Principal) ([]Case, error) {
	reach, err := s.reg.Represented(ctx, p, clients.SubjectCrisis)
	if err != nil {
		return nil, err
	}
	if p.Role == auth.RoleNaaste && len(reach) == 0 && len(p.Scope.Represents) > 0 {
		return nil, audit.RecordDenial(ctx, s.aud, p, clients.RefuseEach(ctx, s.reg, p, clients.SubjectCrisis,
			audit.Event{Action: audit.ActionRead, Object: "crisis_case", Purpose: audit.PurposeClientAccess}, errNoCrisisReading))
	}
	var shown []Case
	by := map[int64]clients.Authority{}
	for _, a := range reach {
		by[a.ClientID] = a
		cs, err := s.ClientCases(ctx, a.ClientID)
		if err != nil {
			return nil, err
		}
		if len(cs) > 3 {
			cs = cs[:3]
		}
		shown = append(shown, cs...)
	}
	if err := s.recordOwn(ctx, p, shown, by); err != nil {
		return nil, err
	}
	return shown, nil
}

func (s *Service) handleMine(w http.ResponseWriter, r *http.Request) {
	shown, err := s.ownCases(r.Context(), auth.FromContext(r.Context()))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var d minePage
	lang := web.LangFromRequest(r)
	about := auth.FromContext(r.Context()).Role != auth.RoleClient
	for _, row := range s.rows(shown, lang) {
		m := MineRow{CaseRow: row, Easy: EasyRead(row.Case), Call: easyReadCall}
		if about {
			// A relative reads about the client by name, never "u".
			fill := func(pattern string) string {
				return strings.ReplaceAll(s.rd.Catalog.Translate(lang, pattern), "{naam}", row.ClientName)
			}
			m.About, m.Easy, m.Call = true, nil, fill(easyReadCallAbout)
			for _, l := range EasyReadAbout(row.Case) {
				m.Easy = append(m.Easy, fill(l))
			}
		}
		if m.Contact, err = s.callFor(r.Context(), row.Case); err != nil {
			s.fail(w, r, err)
			return
		}
		d.Cases = append(d.Cases, m)
	}
	if len(d.Cases) == 0 {
		if d.Call, err = s.ownRegionCall(r.Context(), auth.FromContext(r.Context())); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.rd.Render(w, r, http.StatusOK, s.tmpl["mine"], web.Page{Title: "Wat gebeurt er nu?", Data: d})
}
