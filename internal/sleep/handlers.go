package sleep

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/web"
)

//go:embed templates
var templateFS embed.FS

// uploadJS is the few lines that show the upload's own progress (see
// assets/upload.js); the form works without them.
//
//go:embed assets/upload.js
var uploadJS []byte

func (s *Service) parseTemplates() {
	s.tmpl = map[string]*template.Template{}
	for _, name := range []string{"overview", "client", "naaste", "sensors", "sensor", "sensor_form", "upload", "upload_status"} {
		s.tmpl[name] = s.rd.Parse(templateFS, "templates/parts.html", "templates/"+name+".html")
	}
	s.tmpl["sensor"] = clients.ParsePicker(s.rd, s.tmpl["sensor"])
	s.rd.Catalog.Add(translations())
}

// Who may do what: the zorgverlener of a location follows the nights of
// its clients; the aanbieder registers sensors and links them to clients
// (no night data); both may upload device files; a naaste sees an
// easy-read summary when the client shares sleep data with them; device
// tokens deliver data only.
var (
	ruleCare    = auth.Roles(auth.RoleZorgverlener)
	ruleAdmin   = auth.Roles(auth.RoleAanbieder)
	ruleUpload  = auth.Roles(auth.RoleZorgverlener, auth.RoleAanbieder)
	ruleEntry   = auth.Roles(auth.RoleNaaste, auth.RoleZorgverlener, auth.RoleAanbieder)
	ruleNaaste  = auth.Roles(auth.RoleNaaste)
	ruleDevice  = auth.Devices()
	ruleDevFile = auth.Devices(auth.RoleZorgverlener, auth.RoleAanbieder)
	ruleSummary = auth.Roles(auth.RoleNaaste, auth.RoleZorgverlener)
)

// maxBatchBody bounds one streamed batch on the wire.
const maxBatchBody = streamHeaderSize + 6*MaxBatchSamples + 4

// Routes registers Nachtrust's pages and API.
func (s *Service) Routes(rt *web.Router) {
	if s.rd == nil {
		panic("sleep: Routes needs a renderer")
	}
	h := func(p string, r auth.Rule, fn http.HandlerFunc, o ...web.Option) { rt.Handle(p, r, fn, o...) }
	h("GET /nachtrust", ruleEntry, s.handleOverview)
	h("GET /nachtrust/clienten/{id}", ruleCare, s.handleClient)
	h("POST /nachtrust/clienten/{id}/notities", ruleCare, s.handleAddNote)
	h("GET /nachtrust/naaste/{id}", ruleNaaste, s.handleNaaste)
	h("GET /nachtrust/sensoren", ruleAdmin, s.handleSensors)
	h("GET /nachtrust/sensoren/nieuw", ruleAdmin, s.handleSensorForm)
	h("POST /nachtrust/sensoren/nieuw", ruleAdmin, s.handleSensorCreate)
	h("GET /nachtrust/sensoren/{id}", ruleAdmin, s.handleSensor)
	h("POST /nachtrust/sensoren/{id}/koppelingen", ruleAdmin, s.handleLink)
	h("POST /nachtrust/sensoren/{id}/koppelingen/{lid}/beeindigen", ruleAdmin, s.handleEndLink)
	h("GET /nachtrust/upload", ruleUpload, s.handleUploadForm)
	h("POST /nachtrust/upload", ruleUpload, s.handleUpload, web.MaxBody(4*s.MaxUpload))
	h("GET /nachtrust/upload/{id}", ruleUpload, s.handleUploadStatus)
	h("GET /nachtrust/upload.js", ruleUpload, s.handleUploadJS)

	api := func(summary string, req, resp any, status int, query ...web.Param) web.Option {
		return web.API(web.Spec{Summary: summary, Tag: "sleep", Request: req, Response: resp, Status: status, Query: query})
	}
	h("GET /api/v1/sleep/sensors", ruleUpload, s.apiSensors, api("The sensors the caller may deliver for", nil, sensorsResponse{}, 0))
	h("POST /api/v1/sleep/sensors", ruleAdmin, s.apiCreateSensor, api("Register a sensor", createSensorRequest{}, sensorJSON{}, http.StatusCreated))
	h("POST /api/v1/sleep/sensors/{serial}/links", ruleAdmin, s.apiLink, api("Link a sensor to a client for a period", linkRequest{}, idResponse{}, http.StatusCreated))
	h("GET /api/v1/sleep/sensors/{serial}/links", ruleAdmin, s.apiLinks, api("A sensor's links", nil, linksResponse{}, 0))
	h("POST /api/v1/sleep/sensors/{serial}/links/{id}/end", ruleAdmin, s.apiEndLink, api("End a sensor's link now", nil, linkJSON{}, 0))
	h("POST /api/v1/sleep/sensors/{serial}/files", ruleDevFile, s.apiFile, web.MaxBody(s.MaxUpload), web.API(web.Spec{
		Summary: "Deliver one device file (.agd, .csv, .cwa, .gt3x, .bin)", Tag: "sleep", Response: Result{},
		RequestMedia: []string{"application/octet-stream"}, Errors: []int{http.StatusServiceUnavailable},
		Query: []web.Param{{Name: "name", Required: true, Description: "The file name; its extension decides the format."},
			{Name: "hz", Type: "number", Description: "Sample rate of a raw CSV."}, {Name: "start", Format: "date-time", Description: "Start time of a raw CSV (RFC 3339)."}}}))
	h("POST /api/v1/sleep/sensors/{serial}/stream", ruleDevice, s.apiStream, web.MaxBody(maxBatchBody), web.API(web.Spec{
		Summary: "Deliver one VWS1 batch of raw samples", Tag: "sleep", Response: streamResponse{},
		RequestMedia: []string{"application/octet-stream"}}))
	h("GET /api/v1/sleep/uploads/{id}", ruleUpload, s.apiUpload, api("The files of one upload and how far each is", nil, uploadsResponse{}, 0))
	h("GET /api/v1/sleep/overview", ruleCare, s.apiOverview, api("The caller's clients with their last night", nil, overviewResponse{}, 0))
	h("GET /api/v1/sleep/clients/{id}/nights", ruleCare, s.apiNights, api("A client's nights", nil, nightsResponse{}, 0,
		web.Param{Name: "from", Format: "date", Description: "First night (yyyy-mm-dd); default 29 days before to."},
		web.Param{Name: "to", Format: "date", Description: "Last night (yyyy-mm-dd); default last night."}))
	h("GET /api/v1/sleep/clients/{id}/summary", ruleSummary, s.apiSummary, api("A client's last night", nil, summaryResponse{}, 0))
	h("GET /api/v1/sleep/clients/{id}/notes", ruleCare, s.apiNotes, api("A client's notes with the nights before and after each", nil, notesResponse{}, 0))
	h("POST /api/v1/sleep/clients/{id}/notes", ruleCare, s.apiAddNote, api("Note a change in a client's care", addNoteRequest{}, idResponse{}, http.StatusCreated))

	rt.Nav(web.NavItem{Path: "/nachtrust", Label: "Nachtrust", English: "Night rest", Rule: ruleEntry, Order: 30,
		Summary: "Slaap en nachtrust: patronen zien en bespreken wat helpt.", SummaryEN: "Sleep and night rest: see patterns and discuss what helps."})
}

// t translates a Dutch text for the request's language.
func (s *Service) t(r *http.Request, nl string) string {
	return s.rd.Catalog.Translate(web.LangFromRequest(r), nl)
}

var errNoClientAccess = web.Forbidden("U heeft geen toegang tot de nachten van deze cliënt.", "You have no access to this client's nights.")

// openClient checks that p may see the client's sleep data: a zorgverlener
// of one of the client's locations, or a naaste the client shares sleep
// data with. Every decision is audited.
func (s *Service) openClient(ctx context.Context, p *auth.Principal, clientID int64, object string) (string, error) {
	ref, err := s.reg.Ref(ctx, clientID)
	if err != nil {
		if errors.Is(err, clients.ErrNotFound) {
			return "", web.NotFound("Deze cliënt bestaat niet.", "This client does not exist.")
		}
		return "", err
	}
	purpose := audit.PurposeCare
	var ok bool
	var au clients.Authority
	switch p.Role {
	case auth.RoleZorgverlener:
		ok = s.policy.CanSeeClient(p, ref)
	case auth.RoleNaaste:
		// The register decides, as for every module: an authorisation to
		// act, or the client's consent to share sleep data with this
		// naaste; the read is then on the client's behalf.
		purpose = audit.PurposeClientAccess
		if au, err = s.reg.AuthorityFor(ctx, p, clientID, clients.SubjectSleepData); err != nil {
			return "", err
		}
		ok = au.Read
	}
	ev := au.Audit(audit.Event{Action: audit.ActionRead, ClientID: clientID, Object: object, ObjectID: strconv.FormatInt(clientID, 10), Purpose: purpose})
	if !ok {
		ev.Outcome = audit.OutcomeDenied
		if err := s.aud.Record(ctx, p, ev); err != nil {
			return "", err
		}
		return "", errNoClientAccess
	}
	if err := s.aud.Record(ctx, p, ev); err != nil {
		return "", err
	}
	c, err := s.reg.Get(ctx, clientID)
	if err != nil {
		return "", err
	}
	return c.Name, nil
}

// overviewRow is one client on the morning overview.
type overviewRow struct {
	ClientID int64
	Name     string
	Sensors  []string
	Night    Night
	HasNight bool
}

// overview gathers, for the locations in scope, the clients with a sensor
// link and their night of the given date (jjjj-mm-dd), or their last night
// when night is empty (the API's default).
func (s *Service) overview(ctx context.Context, p *auth.Principal, night string) ([]overviewRow, error) {
	sensors, err := s.Sensors(ctx, nil, p.Scope.Locations)
	if err != nil {
		return nil, err
	}
	byClient := map[int64]*overviewRow{}
	var order []int64
	cutoff := s.clock.Now().AddDate(0, 0, -30)
	// The sensors' links, the clients' policy input and names and their
	// last nights are each read for the whole page at once: one query per
	// sensor and four per client made the overview mostly queries (issue
	// 18).
	linksOf, err := s.linksOf(ctx, sensors)
	if err != nil {
		return nil, err
	}
	for _, sn := range sensors {
		for _, l := range linksOf[sn.ID] {
			if !l.End.IsZero() && l.End.Before(cutoff) {
				continue
			}
			row := byClient[l.ClientID]
			if row == nil {
				row = &overviewRow{ClientID: l.ClientID}
				byClient[l.ClientID] = row
				order = append(order, l.ClientID)
			}
			if !slices.Contains(row.Sensors, sn.Serial) {
				row.Sensors = append(row.Sensors, sn.Serial)
			}
		}
	}
	refs, err := s.reg.Refs(ctx, order)
	if err != nil {
		return nil, err
	}
	var visible []int64
	for _, id := range order {
		if ref, ok := refs[id]; ok && s.policy.CanSeeClient(p, ref) {
			visible = append(visible, id)
		}
	}
	names, err := s.reg.Names(ctx, visible)
	if err != nil {
		return nil, err
	}
	var last map[int64]Night
	if night == "" {
		if last, err = s.store.lastNights(ctx, visible); err != nil {
			return nil, err
		}
	}
	var out []overviewRow
	var evs []audit.Event
	for _, id := range visible {
		row := byClient[id]
		row.Name = names[id]
		if night == "" {
			row.Night, row.HasNight = last[id]
		} else {
			ns, err := s.Nights(ctx, id, night, night)
			if err != nil {
				return nil, err
			}
			if len(ns) > 0 {
				row.Night, row.HasNight = ns[0], true
			}
		}
		evs = append(evs, audit.Event{Action: audit.ActionRead, ClientID: id, Object: "sleep_overview", ObjectID: strconv.FormatInt(id, 10), Purpose: audit.PurposeCare})
		out = append(out, *row)
	}
	if err := audit.RecordAll(ctx, s.aud, p, evs); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b overviewRow) int {
		if a.Night.Flagged() != b.Night.Flagged() {
			if a.Night.Flagged() {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out, nil
}

// sharedClient is a client whose sleep summary a naaste may see.
type sharedClient struct {
	ID   int64
	Name string
}

func (s *Service) handleOverview(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	data := map[string]any{"Role": string(p.Role)}
	var errs []web.FieldError
	form := map[string]string{}
	switch p.Role {
	case auth.RoleZorgverlener:
		// The morning to look back from: today unless another is chosen
		// (ochtend, dd-mm-jjjj); its night is the evening before.
		morning := s.clock.Now().In(s.loc)
		morning = time.Date(morning.Year(), morning.Month(), morning.Day(), 0, 0, 0, 0, s.loc)
		if q := strings.TrimSpace(r.URL.Query().Get("ochtend")); q != "" {
			form["ochtend"] = q
			if d, err := s.rd.Fmt.ParseDate(q); err != nil {
				errs = append(errs, web.FieldError{Field: "ochtend", Message: "Vul bij ‘ochtend’ een datum in als dd-mm-jjjj, bijvoorbeeld 01-03-2026."})
			} else {
				morning = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, s.loc)
			}
		}
		if len(errs) == 0 {
			form["ochtend"] = morning.Format("02-01-2006")
		}
		night := morning.AddDate(0, 0, -1)
		data["Morning"], data["Night"] = morning.Format("02-01-2006"), night.Format("02-01-2006")
		data["Previous"], data["Next"] = night.Format("02-01-2006"), morning.AddDate(0, 0, 1).Format("02-01-2006")
		rows, err := s.overview(r.Context(), p, night.Format("2006-01-02"))
		if err != nil {
			s.rd.Fail(w, r, err)
			return
		}
		data["Rows"] = rows
	case auth.RoleAanbieder:
		sensors, err := s.Sensors(r.Context(), p.Scope.Organisations, nil)
		if err != nil {
			s.rd.Fail(w, r, err)
			return
		}
		data["Sensors"] = len(sensors)
	case auth.RoleNaaste:
		var shared []sharedClient
		reach, err := s.reg.Represented(r.Context(), p, clients.SubjectSleepData)
		if err != nil {
			s.rd.Fail(w, r, err)
			return
		}
		var evs []audit.Event
		for _, au := range reach {
			id := au.ClientID
			c, err := s.reg.Get(r.Context(), id)
			if err != nil {
				s.rd.Fail(w, r, err)
				return
			}
			evs = append(evs, au.Audit(audit.Event{Action: audit.ActionRead, ClientID: id, Object: "sleep_shared", ObjectID: strconv.FormatInt(id, 10), Purpose: audit.PurposeClientAccess}))
			shared = append(shared, sharedClient{ID: id, Name: c.Name})
		}
		if err := audit.RecordAll(r.Context(), s.aud, p, evs); err != nil {
			s.rd.Fail(w, r, err)
			return
		}
		data["Shared"] = shared
	}
	status := http.StatusOK
	if len(errs) > 0 {
		status = http.StatusUnprocessableEntity
	}
	s.rd.Render(w, r, status, s.tmpl["overview"], web.Page{Title: "Nachtrust", Data: data, Errors: errs, Form: form})
}

// glance is "last night at a glance".
type glance struct {
	Night  Night
	Has    bool
	InBed  string // h:mm
	Asleep string
	Awake  string
}

func hm(minutes int) string {
	if minutes < 0 {
		minutes = 0
	}
	return fmt.Sprintf("%d:%02d", minutes/60, minutes%60)
}

// clientView is everything the client page shows.
type clientView struct {
	ClientID   int64
	Name       string
	Glance     glance
	Actogram   template.HTML
	ActoTable  []Night
	TrendTST   chartPair
	TrendWASO  chartPair
	TrendAwake chartPair
	Notes      []noteView
	Today      string
	Flagged    int
}

type chartPair struct {
	SVG, Table template.HTML // SVG holds the wide and the phone drawing (chart.Line.ForScreens)
}

func (s *Service) handleClient(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := auth.FromContext(ctx)
	id, err := web.PathID(r, "id")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	name, err := s.openClient(ctx, p, id, "sleep_client")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	v, err := s.clientView(ctx, r, id, name)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	s.renderClient(w, r, http.StatusOK, v, nil, nil)
}

func (s *Service) renderClient(w http.ResponseWriter, r *http.Request, status int, v *clientView, errs []web.FieldError, form map[string]string) {
	// A saved note lands at #notities, far down the page: its confirmation
	// stands there (the template), not at the top out of view.
	flash := web.Flash(r, flashes())
	s.rd.Render(w, r, status, s.tmpl["client"], web.Page{Title: "Nachten van een cliënt", Data: v, Errors: errs, Form: form, Flash: flash, NoticeInPlace: flash != ""})
}

// flashes are the confirmations after the module's forms, by the key the
// redirect carries (web.SeeOther): without one, a registered sensor or a
// new link landed on the sensor's page as if nothing had happened.
func flashes() map[string]string {
	return map[string]string{
		"sensor-geregistreerd": "De sensor is geregistreerd. Koppel hem hieronder aan een cliënt.",
		"gekoppeld":            "De sensor is gekoppeld aan de cliënt.",
		"koppeling-beeindigd":  "De koppeling is beëindigd.",
		"notitie-opgeslagen":   "De notitie is opgeslagen.",
	}
}

func (s *Service) clientView(ctx context.Context, r *http.Request, id int64, name string) (*clientView, error) {
	today := s.clock.Now().In(s.loc)
	to := NightOf(s.clock.Now(), s.loc)
	toD, _ := time.Parse("2006-01-02", to)
	from := toD.AddDate(0, 0, -29).Format("2006-01-02")
	nights, err := s.Nights(ctx, id, from, to)
	if err != nil {
		return nil, err
	}
	v := &clientView{ClientID: id, Name: name, Today: today.Format("02-01-2006")}
	if len(nights) > 0 {
		last := nights[len(nights)-1]
		v.Glance = glance{Night: last, Has: true, InBed: hm(last.Duration), Asleep: hm(last.TST), Awake: hm(last.WASO)}
	}
	for _, n := range nights {
		if n.Flagged() {
			v.Flagged++
		}
	}
	fromT, _, _ := NightWindow(from, s.loc)
	_, toT, _ := NightWindow(to, s.loc)
	eps, err := s.LoadEpochs(ctx, s.db, id, fromT, toT.Add(24*time.Hour))
	if err != nil {
		return nil, err
	}
	lang := web.LangFromRequest(r)
	v.Actogram = Actogram(eps, toD.AddDate(0, 0, -29), 30, s.loc, func(nl string) string { return s.rd.Catalog.Translate(lang, nl) })
	v.ActoTable = nights
	v.TrendTST, v.TrendWASO, v.TrendAwake = s.trends(r, nights)
	notes, err := s.Notes(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, n := range notes {
		c, err := s.Compare(ctx, n)
		if err != nil {
			return nil, err
		}
		v.Notes = append(v.Notes, noteView{NoteComparison: c, Sentences: c.Sentences(name, func(nl string) string { return s.rd.Catalog.Translate(lang, nl) })})
	}
	return v, nil
}

// trends draws TST, WASO and awakenings against the baseline band (median
// ± 2 spreads, the flag thresholds), each with its table.
func (s *Service) trends(r *http.Request, nights []Night) (tst, waso, awk chartPair) {
	var labels []string
	var vt, vw, va, tl, th, wl, wh, al, ah []float64
	nan := math.NaN()
	for _, n := range nights {
		d, _ := time.Parse("2006-01-02", n.Date)
		labels = append(labels, d.Format("02-01"))
		if n.Status != StatusOK {
			vt, vw, va = append(vt, nan), append(vw, nan), append(va, nan)
		} else {
			vt, vw, va = append(vt, float64(n.TST)/60), append(vw, float64(n.WASO)), append(va, float64(n.Awakenings))
		}
		b := n.Baseline
		if b.N >= BaselineMinNights {
			tl, th = append(tl, (b.TSTMed-2*b.TSTSpread)/60), append(th, (b.TSTMed+2*b.TSTSpread)/60)
			wl, wh = append(wl, math.Max(0, b.WASOMed-2*b.WASOSpread)), append(wh, b.WASOMed+2*b.WASOSpread)
			al, ah = append(al, math.Max(0, b.AwakeMed-2*b.AwakeSpread)), append(ah, b.AwakeMed+2*b.AwakeSpread)
		} else {
			tl, th, wl, wh, al, ah = append(tl, nan), append(th, nan), append(wl, nan), append(wh, nan), append(al, nan), append(ah, nan)
		}
	}
	band := s.t(r, "Eigen basislijn (gebruikelijke spreiding)")
	mk := func(id, title, desc, series, unit string, vals, lo, hi []float64) chartPair {
		l := lineChart(id, s.t(r, title), s.t(r, desc), labels, s.t(r, series), s.t(r, unit), vals, lo, hi, band)
		l.BandEnds = [2]string{s.t(r, "laag"), s.t(r, "hoog")}
		return chartPair{SVG: l.ForScreens(), Table: l.Table()}
	}
	tst = mk("trend-tst", "Totale slaaptijd per nacht", "Uren slaap per nacht, met de eigen basislijn van de afgelopen 14 nachten als grijze band.", "Slaaptijd", "uren", vt, tl, th)
	waso = mk("trend-waso", "Wakker na inslapen (WASO) per nacht", "Minuten wakker na het inslapen, met de eigen basislijn als grijze band.", "Wakker na inslapen", "minuten", vw, wl, wh)
	awk = mk("trend-awk", "Aantal keer wakker per nacht", "Aantal keer wakker geworden, met de eigen basislijn als grijze band.", "Keer wakker", "aantal", va, al, ah)
	return
}

func (s *Service) handleAddNote(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := auth.FromContext(ctx)
	id, err := web.PathID(r, "id")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	name, err := s.openClient(ctx, p, id, "sleep_note")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	if err := web.ParseForm(r); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	form := map[string]string{"text": r.PostFormValue("text"), "date": r.PostFormValue("date")}
	in, errs := decodeNoteForm(r.PostForm, s.rd.Fmt)
	if len(errs) == 0 {
		nid, err := s.AddNote(ctx, Note{ClientID: id, Date: in.Date, Text: in.Text, CreatedBy: p.UserID, Author: p.DisplayName})
		if err != nil {
			s.rd.Fail(w, r, err)
			return
		}
		if err := s.aud.Record(ctx, p, audit.Event{Action: audit.ActionCreate, ClientID: id, Object: "sleep_note", ObjectID: strconv.FormatInt(nid, 10), Purpose: audit.PurposeCare}); err != nil {
			s.rd.Fail(w, r, err)
			return
		}
		// The note's confirmation key travels like web.SeeOther's, with the
		// anchor after it so the page opens at the notes.
		http.Redirect(w, r, fmt.Sprintf("/nachtrust/clienten/%d?%s=notitie-opgeslagen#notities", id, web.FlashParam), http.StatusSeeOther)
		return
	}
	v, err := s.clientView(ctx, r, id, name)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	s.renderClient(w, r, http.StatusUnprocessableEntity, v, errs, form)
}

// naasteView is the easy-read summary for a relative.
type naasteView struct {
	Name   string
	Nights []Night
	Last   Night
	Has    bool
	Usual  string // usual sleep h:mm (baseline median)
	Calmer bool
}

func (s *Service) handleNaaste(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := auth.FromContext(ctx)
	id, err := web.PathID(r, "id")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	name, err := s.openClient(ctx, p, id, "sleep_summary")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	to := NightOf(s.clock.Now(), s.loc)
	toD, _ := time.Parse("2006-01-02", to)
	nights, err := s.Nights(ctx, id, toD.AddDate(0, 0, -6).Format("2006-01-02"), to)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	v := naasteView{Name: name, Nights: nights}
	if len(nights) > 0 {
		v.Last, v.Has = nights[len(nights)-1], true
		if v.Last.Baseline.N > 0 {
			v.Usual = hm(int(v.Last.Baseline.TSTMed))
		}
	}
	s.rd.Render(w, r, http.StatusOK, s.tmpl["naaste"], web.Page{Title: "Hoe sliep uw naaste?", Data: v})
}

// readAll reads a request body within its route limit.
func readAll(r *http.Request) ([]byte, error) {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, &web.Error{Code: web.CodeTooLarge, Message: "Het bestand is te groot.", English: "The file is too large."}
		}
		return nil, web.BadInput("", "De gegevens konden niet worden gelezen.", "The data could not be read.")
	}
	return b, nil
}

func (s *Service) handleUploadJS(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "private, max-age=3600")
	_, _ = w.Write(uploadJS)
}
