package support

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/chart"
	"github.com/volwaardig/volwaardig/internal/export"
	"github.com/volwaardig/volwaardig/internal/web"
)

// Who may use which part of the module.
var (
	// professionals may be invited into a family file (by the family).
	professionals = []auth.Role{auth.RoleZorgverlener, auth.RoleAanbieder, auth.RoleZorgkantoor, auth.RoleCrisisregisseur, auth.RoleCOT, auth.RoleOndersteuner}
	// family are the client and their naaste.
	family = []auth.Role{auth.RoleClient, auth.RoleNaaste}
	// readers open a family file (what they see is the family's choice).
	readers = append(slices.Clone(family), professionals...)
	// overview is the module's start page: professionals and the programme.
	overview = append(slices.Clone(professionals), auth.RoleProgramma)
	// aggregates: the supporters and the programme see the outcomes per
	// pilot and the business case.
	aggregates = []auth.Role{auth.RoleOndersteuner, auth.RoleProgramma}
)

func (s *Service) parseTemplates() {
	s.tmpl = map[string]*template.Template{}
	for _, name := range []string{"index", "family", "mine", "outcomes", "businesscase", "bcsettings"} {
		s.tmpl[name] = s.rd.Parse(templatesFS, "templates/"+name+".html", "templates/parts.html")
	}
}

// Routes registers the pages and the JSON API.
func (s *Service) Routes(rt *web.Router) {
	supporter := auth.Roles(auth.RoleOndersteuner)
	fam := auth.Roles(family...)
	programme := auth.Roles(auth.RoleProgramma)
	rt.HandleFunc("GET /ondersteuning", auth.Roles(overview...), s.handleIndex)
	rt.HandleFunc("GET /ondersteuning/gezin/{id}", auth.Roles(readers...), s.handleFamily)
	rt.HandleFunc("POST /ondersteuning/gezin/{id}/doelen", supporter, s.handleAddGoal)
	rt.HandleFunc("POST /ondersteuning/gezin/{id}/doelen/{gid}", supporter, s.handleUpdateGoal)
	rt.HandleFunc("POST /ondersteuning/gezin/{id}/netwerk", supporter, s.handleAddMember)
	rt.HandleFunc("POST /ondersteuning/gezin/{id}/logboek", supporter, s.handleAddAction)
	rt.HandleFunc("POST /ondersteuning/gezin/{id}/metingen", supporter, s.handleAddMeasurement)
	rt.HandleFunc("POST /ondersteuning/gezin/{id}/toelating", supporter, s.handleEligibility)
	rt.HandleFunc("POST /ondersteuning/gezin/{id}/plek", supporter, s.handleRefer)
	rt.HandleFunc("POST /ondersteuning/gezin/{id}/beeindigen", auth.Roles(append(slices.Clone(family), auth.RoleOndersteuner)...), s.handleEnd)
	rt.HandleFunc("POST /ondersteuning/gezin/{id}/heropenen", auth.Roles(append(slices.Clone(family), auth.RoleOndersteuner)...), s.handleReopen)
	rt.HandleFunc("POST /ondersteuning/gezin/{id}/toegang", fam, s.handleInvite)
	rt.HandleFunc("POST /ondersteuning/gezin/{id}/toegang/{gid}/intrekken", fam, s.handleWithdraw)
	rt.HandleFunc("GET /ondersteuning/mijn", fam, s.handleMine)
	rt.HandleFunc("POST /ondersteuning/mijn", fam, s.handleStart)
	rt.HandleFunc("GET /ondersteuning/uitkomsten", auth.Roles(aggregates...), s.handleOutcomes)
	rt.HandleFunc("GET /ondersteuning/businesscase", auth.Roles(aggregates...), s.handleBusinessCase)
	rt.HandleFunc("GET /ondersteuning/businesscase/export", auth.Roles(aggregates...), s.handleBCExport)
	rt.HandleFunc("GET /ondersteuning/businesscase/instellingen", programme, s.handleBCSettingsForm)
	rt.HandleFunc("POST /ondersteuning/businesscase/instellingen", programme, s.handleBCSettings)
	s.apiRoutes(rt)
	rt.Nav(web.NavItem{Path: "/ondersteuning", Label: "Cliëntondersteuning", English: "Client support", Order: 40, Rule: auth.Roles(overview...),
		Summary: "Caseload, gezinsdossiers, uitkomsten per pilot en de maatschappelijke businesscase.", SummaryEN: "Caseload, family files, outcomes per pilot and the social business case."})
	rt.Nav(web.NavItem{Path: "/ondersteuning/mijn", Label: "Mijn cliëntondersteuner", English: "My client supporter", Order: 40, Rule: fam,
		Summary: "Waar uw ondersteuner met u aan werkt, en wie uw gezinsdossier mag zien.", SummaryEN: "What your supporter works on with you, and who may see your family file.",
		RelativeLabel: "Cliëntondersteuning", RelativeSummary: "Waar de ondersteuner met het gezin aan werkt, en wie het gezinsdossier mag zien."})
}

// flashes are the confirmations shown after a redirect.
var flashes = map[string]string{
	"doel":        "Het doel is toegevoegd.",
	"voortgang":   "De voortgang is opgeslagen.",
	"netwerk":     "Het contact staat nu in het netwerk.",
	"logboek":     "De actie staat in het logboek.",
	"meting":      "De meting is opgeslagen.",
	"uitgenodigd": "De uitnodiging is verstuurd: deze persoon kan nu de gekozen onderdelen zien.",
	"ingetrokken": "De toegang is ingetrokken. Deze persoon kan het dossier niet meer zien.",
	"gestart":     "Uw cliëntondersteuner is uitgenodigd en kan nu met u aan de slag.",
	"toelating":   "De toets en het besluit over de toelating zijn vastgelegd.",
	"opgeslagen":  "De instellingen van de businesscase zijn opgeslagen.",
	"plek":        "Het gezin is aangemeld bij het zorgkantoor. Het zorgkantoor krijgt een bericht en brengt de cliënt in beeld.",
	"beeindigd":   "De ondersteuning is beëindigd. Het dossier blijft bewaard en het gezin kan het blijven lezen.",
	"heropend":    "De ondersteuning loopt weer. Het einde en de reden om weer te beginnen staan in het dossier.",
}

func familyPath(id int64) string { return "/ondersteuning/gezin/" + strconv.FormatInt(id, 10) }

type indexPage struct {
	Supporter, Programme bool
	Caseload             []Family
	CountText            string
	ByPilot              []pilotGroup
	Shared               []Family
}

type pilotGroup struct {
	Pilot    Pilot
	Families []Family
}

func (s *Service) handleIndex(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	d := indexPage{Supporter: p.Role == auth.RoleOndersteuner, Programme: p.Role == auth.RoleProgramma}
	var err error
	if d.Supporter {
		if d.Caseload, err = s.Caseload(r.Context(), p); err != nil {
			s.rd.Fail(w, r, err)
			return
		}
		n := len(d.Caseload)
		d.CountText = web.Plural(n, "gezin", "gezinnen") + " in uw caseload."
		if web.LangFromRequest(r) == "en" {
			d.CountText = web.Plural(n, "family", "families") + " in your caseload."
		}
		for _, pl := range Pilots() {
			g := pilotGroup{Pilot: pl}
			for _, f := range d.Caseload {
				if f.Pilot == pl {
					g.Families = append(g.Families, f)
				}
			}
			if len(g.Families) > 0 {
				d.ByPilot = append(d.ByPilot, g)
			}
		}
	}
	if !d.Programme {
		if d.Shared, err = s.SharedWith(r.Context(), p); err != nil {
			s.rd.Fail(w, r, err)
			return
		}
	}
	s.rd.Render(w, r, http.StatusOK, s.tmpl["index"], web.Page{Title: "Cliëntondersteuning", Data: d, Flash: web.Flash(r, flashes)})
}

type familyPage struct {
	File
	Domains       []Domain
	ActionKinds   []ActionKind
	NetworkKinds  []NetworkKind
	Closenesses   []Closeness
	AllSections   []Section
	GoalsByDomain []domainGoals
	Map           template.HTML
	Chart         template.HTML
	ChartTable    template.HTML
	Professionals []Professional
	Latest        *Measurement
	Intake        *Measurement
	// Criteria are the family's pilot's eligibility criteria.
	Criteria PilotCriteria
	// EndReasons are the choices of the form that ends the support.
	EndReasons []EndReason
	// CanRefer: the installation has the placement module.
	CanRefer bool
	// Focus is the form the errors belong to (its section opens first).
	Focus string
	// Shown is the part of the log on the page: the last logShown entries
	// unless the reader asked for all (?alles=1).
	Shown   []Action
	AllLink bool
}

// logShown is how many log entries the family page shows at first.
const logShown = 10

type domainGoals struct {
	Domain Domain
	Goals  []Goal
}

func (s *Service) renderFamily(w http.ResponseWriter, r *http.Request, id int64, status int, form map[string]string, errs []web.FieldError, focus string) {
	p := auth.FromContext(r.Context())
	fl, err := s.File(r.Context(), p, id)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	lang := web.LangFromRequest(r)
	tr := func(nl string) string { return s.rd.Catalog.Translate(lang, nl) }
	d := familyPage{File: fl, Criteria: criteriaOf(fl.Family.Pilot), EndReasons: EndReasons(), CanRefer: s.place != nil, Domains: Domains(), ActionKinds: ActionKinds(), NetworkKinds: NetworkKinds(), Closenesses: Closenesses(), AllSections: Sections(), Focus: focus}
	for _, dm := range Domains() {
		g := domainGoals{Domain: dm}
		for _, x := range fl.Goals {
			if x.Domain == dm {
				g.Goals = append(g.Goals, x)
			}
		}
		d.GoalsByDomain = append(d.GoalsByDomain, g)
	}
	d.Shown = fl.Actions
	if len(fl.Actions) > logShown && r.URL.Query().Get("alles") != "1" {
		d.Shown, d.AllLink = fl.Actions[:logShown], true
	}
	if fl.May(SectionNetwork) {
		d.Map = NetworkMap(fl.Family.ClientName, fl.Network, tr)
	}
	for i := range fl.Measurements {
		m := &fl.Measurements[i]
		if m.Moment == MomentIntake && d.Intake == nil {
			d.Intake = m
		}
		d.Latest = m
	}
	if d.Intake != nil && d.Latest != nil && d.Latest != d.Intake {
		b := chart.Bars{ID: "gezin-metingen", Title: tr("Metingen bij intake en nu"), Desc: tr("Kwaliteit van leven en belasting door het regelen van zorg, op een schaal van 1 tot 10."),
			Categories: []string{tr("Kwaliteit van leven"), tr("Belasting door regelen")},
			Series: []chart.Series{{Name: tr("Intake"), Values: []float64{float64(d.Intake.Quality), float64(d.Intake.Burden)}},
				{Name: tr("Laatste meting"), Values: []float64{float64(d.Latest.Quality), float64(d.Latest.Burden)}}}}
		d.Chart, d.ChartTable = b.ForScreens(), b.Table()
	}
	if fl.Manage {
		if d.Professionals, err = s.Professionals(r.Context()); err != nil {
			s.rd.Fail(w, r, err)
			return
		}
	}
	s.rd.Render(w, r, status, s.tmpl["family"], web.Page{Title: "Gezinsdossier", Data: d, Form: form, Errors: errs, Flash: web.Flash(r, flashes)})
}

func (s *Service) handleFamily(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	s.renderFamily(w, r, id, http.StatusOK, nil, nil, "")
}

func formMap(r *http.Request, names ...string) map[string]string {
	m := map[string]string{}
	for _, n := range names {
		m[n] = r.PostFormValue(n)
	}
	return m
}

// post runs a supporter's form on the family file: a bad form shows the
// page again with every error at its field and the values kept.
func (s *Service) post(w http.ResponseWriter, r *http.Request, focus, flash string, fields []string, do func(p *auth.Principal, id int64) error, rename func(string) string) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	if err := web.ParseForm(r); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	err = do(auth.FromContext(r.Context()), id)
	if errs, ok := web.FieldErrorsOf(err); ok {
		form := formMap(r, fields...)
		if rename != nil {
			for i := range errs {
				errs[i].Field = rename(errs[i].Field)
			}
			for _, f := range fields {
				form[rename(f)] = form[f]
			}
		}
		s.renderFamily(w, r, id, http.StatusUnprocessableEntity, form, errs, focus)
		return
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	// The confirmation's key goes in the query, before the fragment that
	// brings the reader back to the section they worked in.
	http.Redirect(w, r, familyPath(id)+"?"+web.FlashParam+"="+flash+"#"+focus, http.StatusSeeOther)
}

func (s *Service) handleAddGoal(w http.ResponseWriter, r *http.Request) {
	s.post(w, r, "doelen", "doel", []string{"domein", "doel", "stap", "voortgang"}, func(p *auth.Principal, id int64) error {
		_, err := s.AddGoal(r.Context(), p, id, GoalInput{Domain: r.PostFormValue("domein"), Goal: r.PostFormValue("doel"), NextStep: r.PostFormValue("stap"), Progress: r.PostFormValue("voortgang")})
		return err
	}, nil)
}

func (s *Service) handleUpdateGoal(w http.ResponseWriter, r *http.Request) {
	gid, err := web.PathID(r, "gid")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	suffix := "-" + strconv.FormatInt(gid, 10)
	s.post(w, r, "doelen", "voortgang", []string{"voortgang", "stap"}, func(p *auth.Principal, id int64) error {
		return s.UpdateGoal(r.Context(), p, id, gid, GoalInput{Progress: r.PostFormValue("voortgang"), NextStep: r.PostFormValue("stap")})
	}, func(f string) string { return f + suffix })
}

func (s *Service) handleAddMember(w http.ResponseWriter, r *http.Request) {
	s.post(w, r, "netwerk", "netwerk", []string{"naam", "relatie", "contactsoort", "nabijheid"}, func(p *auth.Principal, id int64) error {
		_, err := s.AddMember(r.Context(), p, id, MemberInput{Name: r.PostFormValue("naam"), Relation: r.PostFormValue("relatie"), Kind: r.PostFormValue("contactsoort"), Closeness: r.PostFormValue("nabijheid")})
		return err
	}, nil)
}

func (s *Service) handleAddAction(w http.ResponseWriter, r *http.Request) {
	s.post(w, r, "logboek", "logboek", []string{"soort", "datum", "onderwerp", "uitkomst", "minuten"}, func(p *auth.Principal, id int64) error {
		_, err := s.AddAction(r.Context(), p, id, ActionInput{Kind: r.PostFormValue("soort"), Date: r.PostFormValue("datum"), Subject: r.PostFormValue("onderwerp"), Outcome: r.PostFormValue("uitkomst"), Minutes: r.PostFormValue("minuten")})
		return err
	}, nil)
}

func (s *Service) handleAddMeasurement(w http.ResponseWriter, r *http.Request) {
	s.post(w, r, "metingen", "meting", []string{"moment", "meetdatum", "kwaliteit", "belasting", "rust"}, func(p *auth.Principal, id int64) error {
		_, err := s.AddMeasurement(r.Context(), p, id, MeasureInput{Moment: r.PostFormValue("moment"), Date: r.PostFormValue("meetdatum"), Quality: r.PostFormValue("kwaliteit"), Burden: r.PostFormValue("belasting"), RestHours: r.PostFormValue("rust")})
		return err
	}, nil)
}

func (s *Service) handleEligibility(w http.ResponseWriter, r *http.Request) {
	s.post(w, r, "toelating", "toelating", []string{"besluit", "toelichting"}, func(p *auth.Principal, id int64) error {
		_, err := s.CheckEligibility(r.Context(), p, id, EligibilityInput{Met: r.PostForm["criteria"], Decision: r.PostFormValue("besluit"), Note: r.PostFormValue("toelichting")})
		return err
	}, nil)
}

// decodeReferForm reads the form that refers a family for a place,
// without the database so it can be fuzzed (issue 18); the register
// checks the profile and the rest (Refer). Only "ja" ticks urgency and
// consent.
func decodeReferForm(f url.Values) ReferInput {
	return ReferInput{Profile: f.Get("zorgprofiel"), Dossierhouder: f.Get("dossierhouder"), Reason: f.Get("plekreden"),
		Urgent: f.Get("spoed") == "ja", Consent: f.Get("toestemming") == "ja"}
}

// decodeInviteForm reads the form that invites a professional: who
// (an account id; anything else reads as 0, which Invite refuses at the
// field) and the sections ticked (decodeInviteSections checks them).
func decodeInviteForm(f url.Values) InviteInput {
	who, _ := strconv.ParseInt(f.Get("wie"), 10, 64)
	return InviteInput{UserID: who, Sections: f["delen"]}
}

// decodeStartForm reads the form that starts a family file: the client,
// the pilot and the supporter invited (ids that are not numbers read as
// 0, which Start refuses).
func decodeStartForm(f url.Values) StartInput {
	client, _ := strconv.ParseInt(f.Get("client"), 10, 64)
	sup, _ := strconv.ParseInt(f.Get("ondersteuner"), 10, 64)
	return StartInput{ClientID: client, Pilot: f.Get("pilot"), SupporterID: sup}
}

func (s *Service) handleRefer(w http.ResponseWriter, r *http.Request) {
	s.post(w, r, "plek", "plek", []string{"zorgprofiel", "dossierhouder", "plekreden", "spoed", "toestemming"}, func(p *auth.Principal, id int64) error {
		_, err := s.Refer(r.Context(), p, id, decodeReferForm(r.PostForm))
		return err
	}, nil)
}

func (s *Service) handleEnd(w http.ResponseWriter, r *http.Request) {
	s.post(w, r, "einde", "beeindigd", []string{"reden", "einddatum", "eindtoelichting"}, func(p *auth.Principal, id int64) error {
		return s.End(r.Context(), p, id, EndInput{Reason: r.PostFormValue("reden"), Date: r.PostFormValue("einddatum"), Note: r.PostFormValue("eindtoelichting")})
	}, nil)
}

// handleReopen reopens from the family file or, for the family, from
// its easy-read page (terug=mijn), which then shows the errors or the
// confirmation itself.
func (s *Service) handleReopen(w http.ResponseWriter, r *http.Request) {
	if err := web.ParseForm(r); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	if r.PostFormValue("terug") == "mijn" {
		id, err := web.PathID(r, "id")
		if err != nil {
			s.rd.Fail(w, r, err)
			return
		}
		err = s.Reopen(r.Context(), auth.FromContext(r.Context()), id, r.PostFormValue("heropenreden"))
		if errs, ok := web.FieldErrorsOf(err); ok {
			s.renderMine(w, r, http.StatusUnprocessableEntity, formMap(r, "heropenreden"), errs)
			return
		}
		if err != nil {
			s.rd.Fail(w, r, err)
			return
		}
		http.Redirect(w, r, "/ondersteuning/mijn?"+web.FlashParam+"=heropend", http.StatusSeeOther)
		return
	}
	s.post(w, r, "einde", "heropend", []string{"heropenreden"}, func(p *auth.Principal, id int64) error {
		return s.Reopen(r.Context(), p, id, r.PostFormValue("heropenreden"))
	}, nil)
}

func (s *Service) handleInvite(w http.ResponseWriter, r *http.Request) {
	s.post(w, r, "toegang", "uitgenodigd", []string{"wie"}, func(p *auth.Principal, id int64) error {
		_, err := s.Invite(r.Context(), p, id, decodeInviteForm(r.PostForm))
		return err
	}, nil)
}

func (s *Service) handleWithdraw(w http.ResponseWriter, r *http.Request) {
	gid, err := web.PathID(r, "gid")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	s.post(w, r, "toegang", "ingetrokken", nil, func(p *auth.Principal, id int64) error {
		return s.Withdraw(r.Context(), p, id, gid)
	}, nil)
}

type minePage struct {
	Files      []mineFile
	Clients    []mineClient
	Pilots     []Pilot
	Supporters []Professional
}

type mineFile struct {
	File
	// About: a naaste reads about the client by name, never "u".
	About bool
	// Working is the goals the supporter works on, NextSteps their next
	// steps, Recent the last actions.
	Working []Goal
	Recent  []Action
	// Lead says who the supporter is, in the page's language.
	Lead string
	// CanReopen: the support ended, the reader may manage the file and no
	// newer file runs for the client, so the family may start it again
	// here (the newest ended file only).
	CanReopen bool
	// PlaceNews is where the newest referral to the care office stands,
	// in plain words (nil without one the register knows).
	PlaceNews *placeNews
}

// placeNews is a referral's phase told to the family in plain words.
type placeNews struct {
	FamilyID int64
	Text     string
	Since    time.Time
}

// placeNewsOf tells the newest referral's phase in plain words, in the
// page's language: to the client as "u", to a relative about the client
// by first name.
func (s *Service) placeNewsOf(lang string, fl File, about bool) *placeNews {
	for _, r := range fl.Referrals {
		if !r.HasStatus {
			continue
		}
		tr := func(nl string) string { return s.rd.Catalog.Translate(lang, nl) }
		text := tr(r.Status.Easy)
		if about {
			first := fl.Family.ClientName
			if i := strings.IndexByte(first, ' '); i > 0 {
				first = first[:i]
			}
			text = fmt.Sprintf(tr(r.Status.EasyAbout), first)
		}
		if r.Status.Easy == "" {
			text = r.Status.Phase
			if lang == "en" {
				text = r.Status.PhaseEN
			}
		}
		return &placeNews{FamilyID: fl.Family.ID, Text: text, Since: r.Status.Since}
	}
	return nil
}

// leadLine is the first easy-read line: who the supporter is.
func (s *Service) leadLine(lang string, f Family, about bool) string {
	var pattern string
	switch {
	case !f.Active() && f.Supporter != "" && about:
		pattern = "{ondersteuner} was de cliëntondersteuner van {naam}."
	case !f.Active() && f.Supporter != "":
		pattern = "{ondersteuner} was uw cliëntondersteuner."
	case f.Supporter == "" && about:
		pattern = "{naam} heeft nu geen cliëntondersteuner."
	case f.Supporter == "":
		pattern = "U heeft nu geen cliëntondersteuner."
	case about:
		pattern = "{ondersteuner} is de cliëntondersteuner van {naam}."
	default:
		pattern = "{ondersteuner} is uw cliëntondersteuner."
	}
	return strings.NewReplacer("{naam}", f.ClientName, "{ondersteuner}", f.Supporter).Replace(s.rd.Catalog.Translate(lang, pattern))
}

// mineClient is a client the caller may start a family file for.
type mineClient struct {
	ID   int64
	Name string
}

func (s *Service) renderMine(w http.ResponseWriter, r *http.Request, status int, form map[string]string, errs []web.FieldError) {
	p := auth.FromContext(r.Context())
	files, reach, err := s.Own(r.Context(), p)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	d := minePage{Pilots: Pilots()}
	withFile := map[int64]bool{}
	for _, fl := range files {
		mf := mineFile{File: fl, About: p.Role != auth.RoleClient}
		mf.Lead = s.leadLine(web.LangFromRequest(r), fl.Family, mf.About)
		mf.PlaceNews = s.placeNewsOf(web.LangFromRequest(r), fl, mf.About)
		for _, g := range fl.Goals {
			if g.Progress < 100 {
				mf.Working = append(mf.Working, g)
			}
		}
		mf.Recent = fl.Actions[:min(3, len(fl.Actions))]
		d.Files = append(d.Files, mf)
		if fl.Family.Active() {
			withFile[fl.Family.ClientID] = true
		}
	}
	newestEnded := map[int64]int{}
	for i, mf := range d.Files {
		if !mf.Ended || !mf.Manage || withFile[mf.Family.ClientID] {
			continue
		}
		if j, ok := newestEnded[mf.Family.ClientID]; !ok || mf.Family.EndedOn.After(d.Files[j].Family.EndedOn) {
			newestEnded[mf.Family.ClientID] = i
		}
	}
	for _, i := range newestEnded {
		d.Files[i].CanReopen = true
	}
	var ids []int64
	for _, a := range reach {
		if a.Act && !withFile[a.ClientID] {
			ids = append(ids, a.ClientID)
		}
	}
	if len(ids) > 0 {
		names, err := s.reg.Names(r.Context(), ids)
		if err != nil {
			s.rd.Fail(w, r, err)
			return
		}
		for _, id := range ids {
			d.Clients = append(d.Clients, mineClient{ID: id, Name: names[id]})
		}
		ps, err := s.Professionals(r.Context())
		if err != nil {
			s.rd.Fail(w, r, err)
			return
		}
		for _, pr := range ps {
			if pr.Role == auth.RoleOndersteuner {
				d.Supporters = append(d.Supporters, pr)
			}
		}
	}
	s.rd.Render(w, r, status, s.tmpl["mine"], web.Page{Title: "Mijn cliëntondersteuner", Data: d, Form: form, Errors: errs, Flash: web.Flash(r, flashes)})
}

func (s *Service) handleMine(w http.ResponseWriter, r *http.Request) {
	s.renderMine(w, r, http.StatusOK, nil, nil)
}

func (s *Service) handleStart(w http.ResponseWriter, r *http.Request) {
	if err := web.ParseForm(r); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	_, err := s.Start(r.Context(), auth.FromContext(r.Context()), decodeStartForm(r.PostForm))
	if errs, ok := web.FieldErrorsOf(err); ok {
		s.renderMine(w, r, http.StatusUnprocessableEntity, formMap(r, "client", "pilot", "ondersteuner"), errs)
		return
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	web.SeeOther(w, r, "/ondersteuning/mijn", "gestart")
}

type outcomesPage struct {
	Outcomes
	QualityChart, QualityTable template.HTML
	BurdenChart, BurdenTable   template.HTML
}

func (s *Service) handleOutcomes(w http.ResponseWriter, r *http.Request) {
	o, err := s.Outcomes(r.Context())
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	lang := web.LangFromRequest(r)
	tr := func(nl string) string { return s.rd.Catalog.Translate(lang, nl) }
	d := outcomesPage{Outcomes: o}
	var cats []string
	qi, qf, bi, bf := chart.Series{Name: tr("Intake")}, chart.Series{Name: tr("Vervolgmeting")}, chart.Series{Name: tr("Intake")}, chart.Series{Name: tr("Vervolgmeting")}
	for _, po := range o.Pilots {
		if !po.MeansShown {
			continue
		}
		cats = append(cats, tr(po.Pilot.Short()))
		qi.Values, qf.Values = append(qi.Values, po.QualityIntake), append(qf.Values, po.QualityFollowUp)
		bi.Values, bf.Values = append(bi.Values, po.BurdenIntake), append(bf.Values, po.BurdenFollowUp)
	}
	if len(cats) > 0 {
		q := chart.Bars{ID: "uitkomst-kwaliteit", Title: tr("Kwaliteit van leven per pilot (gemiddeld, 1 tot 10)"), Desc: tr("Gemiddelde bij de intake en bij de laatste vervolgmeting, alleen pilots met ten minste 5 gemeten gezinnen."),
			Categories: cats, Series: []chart.Series{qi, qf}}
		b := chart.Bars{ID: "uitkomst-belasting", Title: tr("Belasting door het regelen van zorg per pilot (gemiddeld, 1 tot 10)"), Desc: tr("Gemiddelde bij de intake en bij de laatste vervolgmeting; lager is beter."),
			Categories: cats, Series: []chart.Series{bi, bf}}
		d.QualityChart, d.QualityTable, d.BurdenChart, d.BurdenTable = q.ForScreens(), q.Table(), b.ForScreens(), b.Table()
	}
	s.rd.Render(w, r, http.StatusOK, s.tmpl["outcomes"], web.Page{Title: "Uitkomsten per pilot", Data: d})
}

type bcPage struct {
	Config       BCConfig
	A, B         Scenario
	MayConfigure bool
	Parties      []Party
}

// scenarioDefaults are scenario A (the families in support now, or 450,
// the letters' figure, when that count is small and would be a person
// count under web.SmallCount in the form) and B (twice as many).
func (s *Service) scenarioDefaults(r *http.Request) (int, int) {
	counts, err := s.store.activeFamilies(r.Context())
	n := 0
	if err == nil {
		for _, c := range counts {
			n += c.N
		}
	}
	if n < web.SmallCount {
		n = 450
	}
	return n, 2 * n
}

func (s *Service) scenarios(r *http.Request) (BCConfig, Scenario, Scenario, map[string]string, error) {
	q := r.URL.Query()
	da, db := s.scenarioDefaults(r)
	form := map[string]string{"gezinnen_a": q.Get("gezinnen_a"), "gezinnen_b": q.Get("gezinnen_b")}
	a, b, err := ParseScenarioFamilies(q.Get("gezinnen_a"), q.Get("gezinnen_b"), da, db)
	if err != nil {
		return BCConfig{}, Scenario{}, Scenario{}, form, err
	}
	if form["gezinnen_a"] == "" {
		form["gezinnen_a"] = strconv.Itoa(a)
	}
	if form["gezinnen_b"] == "" {
		form["gezinnen_b"] = strconv.Itoa(b)
	}
	c, err := s.BusinessCase(r.Context())
	if err != nil {
		return c, Scenario{}, Scenario{}, form, err
	}
	return c, c.Calculate(a), c.Calculate(b), form, nil
}

func (s *Service) handleBusinessCase(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	c, a, b, form, err := s.scenarios(r)
	status := http.StatusOK
	var errs []web.FieldError
	if fe, ok := web.FieldErrorsOf(err); ok {
		errs, status = fe, http.StatusUnprocessableEntity
		if c, err = s.BusinessCase(r.Context()); err == nil {
			da, db := s.scenarioDefaults(r)
			a, b = c.Calculate(da), c.Calculate(db)
		}
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	d := bcPage{Config: c, A: a, B: b, MayConfigure: mayConfigureBC(p), Parties: Parties()}
	s.rd.Render(w, r, status, s.tmpl["businesscase"], web.Page{Title: "Maatschappelijke businesscase", Data: d, Form: form, Errors: errs, Flash: web.Flash(r, flashes)})
}

// bcTables are the business case as export tables: the two scenarios per
// party, then the assumptions (every driver with its costs and shares).
func bcTables(c BCConfig, a, b Scenario) []export.Table {
	res := export.Table{Name: "Resultaat", Header: []string{"Partij",
		"A: kosten zonder ondersteuner (euro)", "A: kosten met ondersteuner (euro)", "A: besparing (euro)",
		"B: kosten zonder ondersteuner (euro)", "B: kosten met ondersteuner (euro)", "B: besparing (euro)"}}
	eur := func(c int64) float64 { return float64(c) / 100 }
	for i, pr := range a.Rows {
		br := b.Rows[i]
		res.Rows = append(res.Rows, []any{pr.Party.Label(), eur(pr.Without), eur(pr.With), eur(pr.Saving), eur(br.Without), eur(br.With), eur(br.Saving)})
	}
	res.Rows = append(res.Rows,
		[]any{"Totaal", eur(a.Without), eur(a.With), eur(a.Saving), eur(b.Without), eur(b.With), eur(b.Saving)},
		[]any{"Kosten van de ondersteuners", nil, nil, eur(-a.SupporterCost), nil, nil, eur(-b.SupporterCost)},
		[]any{"Netto opbrengst", nil, nil, eur(a.Net), nil, nil, eur(b.Net)})
	hdr := []string{"Kostenpost", "Kosten per gezin per jaar zonder ondersteuner (euro)", "Kosten per gezin per jaar met ondersteuner (euro)"}
	for _, p := range Parties() {
		hdr = append(hdr, "Aandeel "+p.Label()+" (%)")
	}
	as := export.Table{Name: "Aannames", Header: hdr}
	for _, d := range c.Drivers {
		row := []any{DriverLabel(d.Code), d.CostWithout, d.CostWith}
		for _, p := range Parties() {
			row = append(row, d.Shares[p])
		}
		as.Rows = append(as.Rows, row)
	}
	as.Rows = append(as.Rows, []any{"Kosten van de ondersteuner per gezin per jaar", c.SupporterCost, nil},
		[]any{"Aantal gezinnen scenario A", a.Families, nil}, []any{"Aantal gezinnen scenario B", b.Families, nil})
	return []export.Table{res, as}
}

// assumptionsText is printed with every export: where the figures come from.
const assumptionsText = "De bedragen zijn aannames van dit product in de geest van het Copiloot-onderzoek, niet de cijfers van dat onderzoek. Het programma past ze aan op de instellingenpagina."

func (s *Service) handleBCExport(w http.ResponseWriter, r *http.Request) {
	c, a, b, _, err := s.scenarios(r)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	tables := bcTables(c, a, b)
	var buf bytes.Buffer
	format := r.URL.Query().Get("formaat")
	switch format {
	case "xlsx":
		err = export.WriteXLSX(&buf, tables...)
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	case "pdf":
		doc := export.Document{Title: "Maatschappelijke businesscase cliëntondersteuning", Blocks: []export.Block{export.Paragraph{Text: assumptionsText}, tables[0], export.Heading{Text: "Aannames"}, tables[1]}}
		err = export.WritePDF(&buf, doc)
		w.Header().Set("Content-Type", "application/pdf")
	case "", "csv":
		format = "csv"
		both := export.Table{Header: tables[0].Header, Rows: tables[0].Rows}
		both.Rows = append(both.Rows, []any{}, []any{assumptionsText}, []any{})
		both.Rows = append(both.Rows, append([]any{}, toAny(tables[1].Header)...))
		both.Rows = append(both.Rows, tables[1].Rows...)
		err = export.WriteCSV(&buf, both)
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	default:
		s.rd.Fail(w, r, web.BadInput("formaat", "Kies als formaat csv, xlsx of pdf.", "Choose csv, xlsx or pdf as the format."))
		return
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="businesscase-clientondersteuning.`+format+`"`)
	_, _ = w.Write(buf.Bytes())
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

type bcSettingsPage struct {
	Config  BCConfig
	Parties []Party
}

func (s *Service) renderBCSettings(w http.ResponseWriter, r *http.Request, status int, form map[string]string, errs []web.FieldError) {
	c, err := s.BusinessCase(r.Context())
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	if form == nil {
		form = BCForm(c)
	}
	s.rd.Render(w, r, status, s.tmpl["bcsettings"], web.Page{Title: "Instellingen businesscase", Data: bcSettingsPage{Config: c, Parties: Parties()}, Form: form, Errors: errs})
}

func (s *Service) handleBCSettingsForm(w http.ResponseWriter, r *http.Request) {
	s.renderBCSettings(w, r, http.StatusOK, nil, nil)
}

func (s *Service) handleBCSettings(w http.ResponseWriter, r *http.Request) {
	if err := web.ParseForm(r); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	form := map[string]string{}
	for k, v := range r.PostForm {
		if len(v) > 0 && (k == "kosten_ondersteuner" || strings.HasPrefix(k, "zonder_") || strings.HasPrefix(k, "met_") || strings.HasPrefix(k, "pct_")) {
			form[k] = v[0]
		}
	}
	_, err := s.SaveBusinessCase(r.Context(), auth.FromContext(r.Context()), form)
	if errs, ok := web.FieldErrorsOf(err); ok {
		s.renderBCSettings(w, r, http.StatusUnprocessableEntity, form, errs)
		return
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	web.SeeOther(w, r, "/ondersteuning/businesscase", "opgeslagen")
}
