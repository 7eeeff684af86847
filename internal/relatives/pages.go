package relatives

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/chart"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/web"
)

// moreRoutes are the pages beyond the plan builder: call-backs and the
// experts' desk, peers, respite and the survey.
func (s *Service) moreRoutes(rt *web.Router) {
	rt.HandleFunc("GET /naasten/terugbellen", relative, s.handleCallbackForm)
	rt.HandleFunc("POST /naasten/terugbellen", relative, s.handleCallback)
	rt.HandleFunc("GET /naasten/ervaringsdeskundige", relative, s.handleDesk)
	rt.HandleFunc("POST /naasten/ervaringsdeskundige", relative, s.handleSaveExpert)
	rt.HandleFunc("POST /naasten/ervaringsdeskundige/{id}", relative, s.handleHandled)
	rt.HandleFunc("GET /naasten/lotgenoten", relative, s.handlePeers)
	rt.HandleFunc("POST /naasten/lotgenoten", relative, s.handleSavePeer)
	rt.HandleFunc("POST /naasten/lotgenoten/{id}/contact", relative, s.handleContact)
	rt.HandleFunc("POST /naasten/lotgenoten/verzoeken/{id}/aannemen", relative, s.handleAccept)
	rt.HandleFunc("POST /naasten/lotgenoten/contacten/{id}/bericht", relative, s.handleContactMessage)
	rt.HandleFunc("GET /naasten/logeren", auth.Roles(auth.RoleNaaste, auth.RoleZorgverlener, auth.RoleOndersteuner), s.handleRespite)
	rt.HandleFunc("GET /naasten/vragenlijst", relative, s.handleSurveyForm)
	rt.HandleFunc("POST /naasten/vragenlijst", relative, s.handleSurvey)
	rt.HandleFunc("GET /naasten/vragenlijst/uitkomsten", auth.Public(), s.handleResults)
}

// --- call-backs ---

type callbackPage struct {
	Topics  []choice
	Moments []struct {
		Value, Label string
		From, To     int
	}
	Mine []Callback
}

func (s *Service) renderCallback(w http.ResponseWriter, r *http.Request, status int, form map[string]string, errs []web.FieldError) {
	mine, err := s.MyCallbacks(r.Context(), auth.FromContext(r.Context()))
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	s.rd.Render(w, r, status, s.tmpl["callback"], web.Page{Title: "Bel mij terug", Form: form, Errors: localErrs(r, errs), Flash: web.Flash(r, flashes),
		Data: callbackPage{Topics: Topics, Moments: Moments, Mine: mine}})
}

func (s *Service) handleCallbackForm(w http.ResponseWriter, r *http.Request) {
	s.renderCallback(w, r, http.StatusOK, map[string]string{"onderwerp": r.URL.Query().Get("onderwerp")}, nil)
}

func (s *Service) handleCallback(w http.ResponseWriter, r *http.Request) {
	if err := web.ParseForm(r); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	in := decodeCallbackForm(r.PostForm)
	form := map[string]string{"onderwerp": in.Topic, "telefoon": in.Phone, "moment": in.Preferred, "vraag": in.Question}
	c, err := s.RequestCallback(r.Context(), auth.FromContext(r.Context()), in)
	if fe, ok := web.FieldErrorsOf(err); ok {
		s.renderCallback(w, r, http.StatusUnprocessableEntity, form, fe)
		return
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	// A request no expert could take waits for whoever is free first: the
	// relative is told so, not promised a call at the chosen moment.
	if c.ExpertID == 0 {
		web.SeeOther(w, r, "/naasten/terugbellen", "wachtrij")
		return
	}
	web.SeeOther(w, r, "/naasten/terugbellen", "gevraagd")
}

type deskPage struct {
	IsExpert bool
	Desk     ExpertDesk
	Topics   []choice
	Days     []dayRow
}

type dayRow struct {
	N        int
	Name     string
	From, To string
}

func (s *Service) renderDesk(w http.ResponseWriter, r *http.Request, status int, form map[string]string, errs []web.FieldError) {
	p := auth.FromContext(r.Context())
	d := deskPage{IsExpert: p.HasDuty(auth.DutyExpertByExperience), Topics: Topics}
	if d.IsExpert {
		desk, err := s.Desk(r.Context(), p)
		if err != nil {
			s.rd.Fail(w, r, err)
			return
		}
		d.Desk = desk
		if form == nil {
			form = map[string]string{}
			for _, t := range desk.Expert.Topics {
				form["onderwerp-"+t] = "1"
			}
			if desk.Expert.Active || len(desk.Expert.Topics) == 0 {
				form["actief"] = "1"
			}
			for _, sl := range desk.Expert.Slots {
				form["van-"+strconv.Itoa(sl.Weekday)], form["tot-"+strconv.Itoa(sl.Weekday)] = clockText(sl.From), clockText(sl.To)
			}
		}
		for i, n := range Weekdays {
			d.Days = append(d.Days, dayRow{N: i + 1, Name: n})
		}
	}
	s.rd.Render(w, r, status, s.tmpl["expert"], web.Page{Title: "Terugbelverzoeken", Data: d, Form: form, Errors: localErrs(r, errs), Flash: web.Flash(r, flashes)})
}

// handleDesk is the experts' desk. A relative without the expert duty
// gets a page that says what the desk is for (200, not 403: the route is
// the relatives', the duty decides what it holds).
func (s *Service) handleDesk(w http.ResponseWriter, r *http.Request) {
	s.renderDesk(w, r, http.StatusOK, nil, nil)
}

// expertInput reads the expert's form (topics, available, a slot per
// weekday) and the values to show again; a function of its own so the
// fuzz test runs the decoder the page uses.
func expertInput(r *http.Request) (ExpertInput, map[string]string) {
	in := ExpertInput{Topics: r.PostForm["onderwerpen"], Active: r.PostFormValue("actief") == "1"}
	form := map[string]string{"actief": r.PostFormValue("actief")}
	for _, t := range in.Topics {
		form["onderwerp-"+t] = "1"
	}
	for d := 0; d < 7; d++ {
		n := strconv.Itoa(d + 1)
		in.From[d], in.To[d] = r.PostFormValue("van-"+n), r.PostFormValue("tot-"+n)
		form["van-"+n], form["tot-"+n] = in.From[d], in.To[d]
	}
	return in, form
}

func (s *Service) handleSaveExpert(w http.ResponseWriter, r *http.Request) {
	if err := web.ParseForm(r); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	in, form := expertInput(r)
	err := s.SaveExpert(r.Context(), auth.FromContext(r.Context()), in)
	if fe, ok := web.FieldErrorsOf(err); ok {
		s.renderDesk(w, r, http.StatusUnprocessableEntity, form, fe)
		return
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	web.SeeOther(w, r, "/naasten/ervaringsdeskundige", "profiel")
}

func (s *Service) handleHandled(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err == nil {
		err = web.ParseForm(r)
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	err = s.HandleCallback(r.Context(), auth.FromContext(r.Context()), id, decodeHandleForm(r.PostForm))
	if fe, ok := web.FieldErrorsOf(err); ok {
		n := idString(id)
		s.renderDesk(w, r, http.StatusUnprocessableEntity, map[string]string{"status-" + n: r.PostFormValue("status"), "uitkomst-" + n: r.PostFormValue("uitkomst")}, fe)
		return
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	web.SeeOther(w, r, "/naasten/ervaringsdeskundige", "afgehandeld")
}

// --- peers ---

type peersPage struct {
	Desk       PeerDesk
	Relations  []choice
	LifePhases []choice
}

func (s *Service) renderPeers(w http.ResponseWriter, r *http.Request, status int, form map[string]string, errs []web.FieldError) {
	p := auth.FromContext(r.Context())
	f := PeerFilter{Relation: r.URL.Query().Get("relatie"), LifePhase: r.URL.Query().Get("fase")}
	if !validChoice(Relations, f.Relation) {
		f.Relation = ""
	}
	if !validChoice(LifePhases, f.LifePhase) {
		f.LifePhase = ""
	}
	d, err := s.Peers(r.Context(), p, f)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	if form == nil {
		form = map[string]string{"relatie": d.Me.Relation, "levensfase": d.Me.LifePhase, "intro": d.Me.Intro}
	}
	s.rd.Render(w, r, status, s.tmpl["peers"], web.Page{Title: "Lotgenoten", Form: form, Errors: localErrs(r, errs), Flash: web.Flash(r, flashes),
		Data: peersPage{Desk: d, Relations: Relations, LifePhases: LifePhases}})
}

func (s *Service) handlePeers(w http.ResponseWriter, r *http.Request) {
	s.renderPeers(w, r, http.StatusOK, nil, nil)
}

func (s *Service) handleSavePeer(w http.ResponseWriter, r *http.Request) {
	if err := web.ParseForm(r); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	in := decodePeerForm(r.PostForm)
	err := s.SavePeer(r.Context(), auth.FromContext(r.Context()), in)
	if fe, ok := web.FieldErrorsOf(err); ok {
		s.renderPeers(w, r, http.StatusUnprocessableEntity, map[string]string{"relatie": in.Relation, "levensfase": in.LifePhase, "intro": in.Intro}, fe)
		return
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	key := "aangemeld"
	if !in.OptIn {
		key = "afgemeld"
	}
	web.SeeOther(w, r, "/naasten/lotgenoten", key)
}

func (s *Service) handleContact(w http.ResponseWriter, r *http.Request) {
	s.peerMessage(w, r, "bericht-", s.RequestContact, "contact")
}

func (s *Service) handleAccept(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err == nil {
		err = s.AcceptContact(r.Context(), auth.FromContext(r.Context()), id)
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	web.SeeOther(w, r, "/naasten/lotgenoten", "geaccepteerd")
}

func (s *Service) handleContactMessage(w http.ResponseWriter, r *http.Request) {
	s.peerMessage(w, r, "contactbericht-", s.MessageContact, "bericht")
}

// peerMessage posts the form's message about the peer contact in the path
// through send: a request for contact or a message in an accepted one. A
// refused message is shown again at its own field (field + the contact's
// id) on the peers page; a sent one returns there with the key's notice.
func (s *Service) peerMessage(w http.ResponseWriter, r *http.Request, field string,
	send func(ctx context.Context, p *auth.Principal, id int64, text string) error, key string) {
	id, err := web.PathID(r, "id")
	if err == nil {
		err = web.ParseForm(r)
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	err = send(r.Context(), auth.FromContext(r.Context()), id, r.PostFormValue("bericht"))
	if fe, ok := web.FieldErrorsOf(err); ok {
		s.renderPeers(w, r, http.StatusUnprocessableEntity, map[string]string{field + idString(id): r.PostFormValue("bericht")}, fe)
		return
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	web.SeeOther(w, r, "/naasten/lotgenoten", key)
}

// The form decoders below read the relatives' forms without the database,
// so they can be fuzzed (issue 18); the service checks what they read with
// pure functions shared with the API (CallbackInput.validate,
// checkHandle, checkPeer, checkPeerMessage, ShareInput.validate).

// decodeCallbackForm reads a relative's request for a call-back.
func decodeCallbackForm(f url.Values) CallbackInput {
	return CallbackInput{Topic: f.Get("onderwerp"), Phone: f.Get("telefoon"), Preferred: f.Get("moment"), Question: f.Get("vraag")}
}

// decodeHandleForm reads an expert's record of a call.
func decodeHandleForm(f url.Values) HandleInput {
	return HandleInput{Status: f.Get("status"), Outcome: f.Get("uitkomst")}
}

// decodePeerForm reads a relative's opt-in to the peer list; only an
// explicit "aanmelden=0" takes them off.
func decodePeerForm(f url.Values) PeerInput {
	return PeerInput{OptIn: f.Get("aanmelden") != "0", Relation: f.Get("relatie"), LifePhase: f.Get("levensfase"), Intro: f.Get("intro")}
}

// --- respite ---

// respiteShown is how many places the page lists: nationally a search
// without criteria finds some four hundred, far too many to read on a
// phone, so the page lists the first ones and says how to narrow down.
const respiteShown = 25

type respitePage struct {
	Available      bool
	Searched       bool
	Total          int // places found; Places holds at most respiteShown
	Near           string
	Municipalities []orgs.Municipality
	Distances      []int
	Needs          []choice
	Places         []RespitePlace
}

// Needs are the care needs a relative can search respite for: the Wlz
// sector of the zorgprofiel.
var Needs = []choice{{"VG", "Verstandelijke beperking (VG)"}, {"LVG", "Licht verstandelijke beperking (LVG)"}, {"LG", "Lichamelijke beperking (LG)"}, {"ZG", "Zintuiglijke beperking (ZG)"}}

// respiteDistances are the distances (km) a relative can limit a search
// around their municipality to: a short drive up to across the country.
var respiteDistances = []int{10, 25, 50, 100}

// RespiteForm is a respite search as typed: the care-office region (the
// API's older criterion), the relative's municipality (CBS code or name)
// and a distance around it, the days and the care need.
type RespiteForm struct {
	Region, Municipality, MaxKm, From, To, Need string
}

// RespiteSearch reads and checks a respite search; every fault at once.
func (s *Service) RespiteSearch(in RespiteForm) (RespiteQuery, error) {
	var errs []web.FieldError
	q := RespiteQuery{Region: strings.ToUpper(strings.TrimSpace(in.Region)), Need: strings.ToUpper(strings.TrimSpace(in.Need))}
	if q.Region != "" && orgs.RegionName(q.Region) == "" {
		errs = append(errs, web.FieldError{Field: "regio", Message: "Kies een regio uit de lijst.", English: "Choose a region from the list."})
	}
	if v := strings.TrimSpace(in.Municipality); v != "" {
		m, ok := orgs.MunicipalityByCode(v)
		if !ok {
			m, ok = orgs.MunicipalityByName(v)
		}
		if ok {
			q.Near, q.Region = m, "" // distance, not the region's border, decides
		} else {
			errs = append(errs, web.FieldError{Field: "gemeente", Message: "Kies uw gemeente uit de lijst.", English: "Choose your municipality from the list."})
		}
	}
	if v := strings.TrimSpace(in.MaxKm); v != "" {
		km, err := strconv.Atoi(v)
		switch {
		case err != nil || !slices.Contains(respiteDistances, km):
			errs = append(errs, web.FieldError{Field: "afstand", Message: "Kies een afstand uit de lijst.", English: "Choose a distance from the list."})
		case q.Near.Code == "" && strings.TrimSpace(in.Municipality) == "":
			errs = append(errs, web.FieldError{Field: "gemeente", Message: "Kies uw gemeente: de afstand wordt vanaf daar gemeten.", English: "Choose your municipality: the distance is measured from there."})
		default:
			q.MaxKm = km
		}
	}
	if q.Need != "" && !validChoice(Needs, q.Need) {
		errs = append(errs, web.FieldError{Field: "zorg", Message: "Kies een soort zorg uit de lijst.", English: "Choose a kind of care from the list."})
	}
	today := s.now().Truncate(24 * time.Hour)
	var err error
	if strings.TrimSpace(in.From) != "" {
		if q.From, err = parseDay(in.From); err != nil {
			errs = append(errs, web.FieldError{Field: "van", Message: "Schrijf de eerste dag als dd-mm-jjjj, bijvoorbeeld 12-02-2027.", English: "Write the first day as dd-mm-yyyy, for example 12-02-2027."})
		} else if q.From.Before(today) {
			errs = append(errs, web.FieldError{Field: "van", Message: "De eerste dag ligt in het verleden. Kies een dag vanaf vandaag.", English: "The first day is in the past. Choose a day from today."})
		}
	}
	if strings.TrimSpace(in.To) != "" {
		if q.To, err = parseDay(in.To); err != nil {
			errs = append(errs, web.FieldError{Field: "tot", Message: "Schrijf de laatste dag als dd-mm-jjjj, bijvoorbeeld 14-02-2027.", English: "Write the last day as dd-mm-yyyy, for example 14-02-2027."})
		} else if !q.From.IsZero() && q.To.Before(q.From) {
			errs = append(errs, web.FieldError{Field: "tot", Message: "De laatste dag ligt voor de eerste dag.", English: "The last day is before the first day."})
		}
	}
	return q, web.Invalid(errs...)
}

// FindRespite searches the places module and, around a chosen
// municipality, keeps the places within the distance, nearest first.
func (s *Service) FindRespite(ctx context.Context, q RespiteQuery) ([]RespitePlace, error) {
	ps, err := s.respite.SearchRespite(ctx, q)
	if err != nil || q.Near.Code == "" {
		return ps, err
	}
	out := ps[:0:0]
	for _, p := range ps {
		if q.MaxKm == 0 || (p.Km >= 0 && p.Km <= q.MaxKm) {
			out = append(out, p)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Km < out[j].Km })
	return out, nil
}

func (s *Service) handleRespite(w http.ResponseWriter, r *http.Request) {
	d := respitePage{Available: s.respite != nil, Municipalities: orgs.Municipalities(), Distances: respiteDistances, Needs: Needs}
	qv := r.URL.Query()
	form := map[string]string{"regio": qv.Get("regio"), "gemeente": qv.Get("gemeente"), "afstand": qv.Get("afstand"), "van": qv.Get("van"), "tot": qv.Get("tot"), "zorg": qv.Get("zorg")}
	var errs []web.FieldError
	// The page always searches: a first visit (no criteria, or only the
	// language or easy-read switch) lists every place, so a relative sees
	// what exists before narrowing it down instead of an empty form.
	if d.Available {
		q, err := s.RespiteSearch(RespiteForm{Region: form["regio"], Municipality: form["gemeente"], MaxKm: form["afstand"], From: form["van"], To: form["tot"], Need: form["zorg"]})
		if fe, ok := web.FieldErrorsOf(err); ok {
			errs = fe
		} else if err != nil {
			s.rd.Fail(w, r, err)
			return
		} else {
			d.Searched, d.Near = true, q.Near.Name
			if q.Near.Code != "" {
				form["gemeente"] = q.Near.Code // a name typed in the address selects its entry
			}
			if d.Places, err = s.FindRespite(r.Context(), q); err != nil {
				s.rd.Fail(w, r, err)
				return
			}
			if d.Total = len(d.Places); d.Total > respiteShown {
				d.Places = d.Places[:respiteShown]
			}
		}
	}
	status := http.StatusOK
	if len(errs) > 0 {
		status = http.StatusUnprocessableEntity
	}
	s.rd.Render(w, r, status, s.tmpl["respite"], web.Page{Title: "Logeren en deeltijdverblijf", Data: d, Form: form, Errors: localErrs(r, errs)})
}

// --- survey ---

type surveyPage struct {
	Cycle         Cycle
	Answered      bool
	Qualities     []choice
	Satisfactions []choice
	Scores        []int
}

func (s *Service) renderSurvey(w http.ResponseWriter, r *http.Request, status int, form map[string]string, errs []web.FieldError) {
	c, done, err := s.Answered(r.Context(), auth.FromContext(r.Context()))
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	s.rd.Render(w, r, status, s.tmpl["survey"], web.Page{Title: "Hoe gaat het met u?", Form: form, Errors: localErrs(r, errs), Flash: web.Flash(r, flashes),
		Data: surveyPage{Cycle: c, Answered: done, Qualities: qualities, Satisfactions: satisfactions, Scores: []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}}})
}

func (s *Service) handleSurveyForm(w http.ResponseWriter, r *http.Request) {
	s.renderSurvey(w, r, http.StatusOK, nil, nil)
}

func yesNo(v string) *bool {
	switch v {
	case "ja":
		t := true
		return &t
	case "nee":
		f := false
		return &f
	}
	return nil
}

func (s *Service) handleSurvey(w http.ResponseWriter, r *http.Request) {
	if err := web.ParseForm(r); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	form := map[string]string{}
	for _, f := range []string{"cijfer", "kwaliteit", "gelukkig", "tevreden", "klaarstaan", "opmerkingen"} {
		form[f] = r.PostFormValue(f)
	}
	score, _ := strconv.Atoi(strings.TrimSpace(form["cijfer"]))
	a := Answer{Score: score, Quality: form["kwaliteit"], Happy: yesNo(form["gelukkig"]), Satisfaction: form["tevreden"], AlwaysReady: yesNo(form["klaarstaan"]), Remarks: form["opmerkingen"]}
	err := s.Respond(r.Context(), auth.FromContext(r.Context()), a)
	if fe, ok := web.FieldErrorsOf(err); ok {
		s.renderSurvey(w, r, http.StatusUnprocessableEntity, form, fe)
		return
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	web.SeeOther(w, r, "/naasten/vragenlijst/uitkomsten", "ingevuld")
}

type resultsPage struct {
	Results []Result
	Latest  Result
	Any     bool
	Chart   chart.Bars
}

func (s *Service) handleResults(w http.ResponseWriter, r *http.Request) {
	rs, err := s.Results(r.Context())
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	d := resultsPage{Results: rs}
	d.Latest, d.Any = Latest(rs)
	lang := web.LangFromRequest(r)
	d.Chart = resultsChart(rs, func(nl string) string { return s.rd.Catalog.Translate(lang, nl) })
	s.rd.Render(w, r, http.StatusOK, s.tmpl["results"], web.Page{Title: "Uitkomsten vragenlijst naasten", Data: d, Flash: web.Flash(r, flashes)})
}

// resultsChart shows the published percentages per cycle. The chart is
// drawn in Go, outside the page's template, so its words are translated
// here with t (the reader's language).
func resultsChart(rs []Result, t func(string) string) chart.Bars {
	b := chart.Bars{ID: "uitkomsten", Title: t("Kwaliteit van leven van naasten per meting"), Desc: t("Percentage naasten per uitkomst, per meting van twee jaar. Metingen met minder dan 5 antwoorden staan er niet in."),
		Unit: "%", Format: func(v float64) string { return strconv.Itoa(int(v)) + "%" }}
	good, happy, notSat, ready := chart.Series{Name: t("Goed of zeer goed")}, chart.Series{Name: t("Gelukkig")}, chart.Series{Name: t("Niet tevreden")}, chart.Series{Name: t("Altijd klaarstaan")}
	for _, r := range rs {
		if !r.Published {
			continue
		}
		b.Categories = append(b.Categories, r.Cycle.Name)
		good.Values = append(good.Values, float64(r.GoodPct))
		happy.Values = append(happy.Values, float64(r.HappyPct))
		notSat.Values = append(notSat.Values, float64(r.NotSatisfiedPct))
		ready.Values = append(ready.Values, float64(r.AlwaysReadyPct))
	}
	b.Series = []chart.Series{good, happy, notSat, ready}
	return b
}
