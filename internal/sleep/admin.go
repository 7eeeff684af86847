package sleep

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/web"
)

// LocationNamer names the locations of an organisation for the sensor
// form; *orgs.Store is wrapped by the wiring to provide it. Nil shows
// location numbers only.
type LocationNamer interface {
	Locations(ctx context.Context, organisationID int64) ([]Place, error)
	// LocationOrganisation is the organisation a location belongs to.
	LocationOrganisation(ctx context.Context, locationID int64) (int64, error)
}

// Place is a location to choose from.
type Place struct {
	ID   int64
	Name string
}

// inScope reports whether a sensor belongs to p's organisation or location.
func inScope(p *auth.Principal, sn Sensor) bool {
	return p != nil && (p.InOrganisation(sn.OrganisationID) || p.AtLocation(sn.LocationID))
}

// mayDeliver reports whether p may deliver data of sensor sn (upload a
// file, stream a batch): a user bound to locations, such as a zorgverlener,
// only for the sensors of those locations, whose linked clients are the
// location's own; a user of the whole organisation (the aanbieder) for all
// its sensors. inScope alone let a care worker of one location upload
// into the record of a client at another location of the organisation
// (issue 9, finding 13).
func mayDeliver(p *auth.Principal, sn Sensor) bool {
	if p == nil {
		return false
	}
	if len(p.Scope.Locations) > 0 {
		return p.AtLocation(sn.LocationID)
	}
	return p.InOrganisation(sn.OrganisationID)
}

var errDeliverScope = web.Forbidden("Deze sensor hoort niet bij uw locatie; lever alleen gegevens van sensoren van uw eigen locatie.", "This sensor does not belong to your location; deliver data only from sensors of your own location.")

var errSensorScope = web.Forbidden("Deze sensor hoort niet bij uw organisatie.", "This sensor does not belong to your organisation.")

func (s *Service) places(ctx context.Context, p *auth.Principal) ([]Place, error) {
	var out []Place
	if s.Places != nil {
		for _, o := range p.Scope.Organisations {
			// A failed look-up is an error, not an organisation without
			// locations: else the form offers no location and a valid
			// choice is refused as not the user's own.
			ps, err := s.Places.Locations(ctx, o)
			if err != nil {
				return nil, fmt.Errorf("locations of organisation %d: %w", o, err)
			}
			out = append(out, ps...)
		}
	}
	for _, l := range p.Scope.Locations {
		if !slices.ContainsFunc(out, func(x Place) bool { return x.ID == l }) {
			out = append(out, Place{ID: l, Name: "Locatie " + strconv.FormatInt(l, 10)})
		}
	}
	return out, nil
}

type sensorRow struct {
	Sensor  Sensor
	Place   string
	Current *Link
	Client  string
}

func (s *Service) sensorRows(ctx context.Context, p *auth.Principal) ([]sensorRow, error) {
	sensors, err := s.Sensors(ctx, p.Scope.Organisations, p.Scope.Locations)
	if err != nil {
		return nil, err
	}
	places, err := s.places(ctx, p)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, pl := range places {
		names[pl.ID] = pl.Name
	}
	now := s.clock.Now()
	linksOf, err := s.linksOf(ctx, sensors)
	if err != nil {
		return nil, err
	}
	var out []sensorRow
	for _, sn := range sensors {
		row := sensorRow{Sensor: sn, Place: names[sn.LocationID]}
		links := linksOf[sn.ID]
		for i := range links {
			if links[i].Covers(now) {
				row.Current = &links[i]
				if c, err := s.reg.Get(ctx, links[i].ClientID); err == nil {
					row.Client = c.Name
					if err := s.auditLinkRead(ctx, p, links[i]); err != nil {
						return nil, err
					}
				}
			}
		}
		out = append(out, row)
	}
	return out, nil
}

func (s *Service) handleSensors(w http.ResponseWriter, r *http.Request) {
	rows, err := s.sensorRows(r.Context(), auth.FromContext(r.Context()))
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	s.rd.Render(w, r, http.StatusOK, s.tmpl["sensors"], web.Page{Title: "Sensoren", Data: rows})
}

func (s *Service) handleSensorForm(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	places, err := s.places(r.Context(), p)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	s.rd.Render(w, r, http.StatusOK, s.tmpl["sensor_form"], web.Page{Title: "Sensor registreren", Data: places, Form: map[string]string{"kind": KindWrist}})
}

func (s *Service) handleSensorCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := auth.FromContext(ctx)
	if err := web.ParseForm(r); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	sn, form, errs := decodeSensorForm(r.PostForm)
	places, err := s.places(ctx, p)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	loc := sn.LocationID
	if !slices.ContainsFunc(errs, func(e web.FieldError) bool { return e.Field == "location" }) && !slices.ContainsFunc(places, func(x Place) bool { return x.ID == loc }) {
		errs = append(errs, web.FieldError{Field: "location", Message: msgSensorLocation, English: msgSensorLocationEN})
	}
	var id int64
	if len(errs) == 0 {
		sn.OrganisationID, err = s.orgOf(ctx, p, loc)
		if err != nil {
			s.rd.Fail(w, r, err)
			return
		}
		id, err = s.CreateSensor(ctx, sn, p.UserID)
		if err != nil {
			we := web.AsError(err)
			if we.Code == web.CodeInternal {
				s.rd.Fail(w, r, err)
				return
			}
			f := we.Field
			if f == "" {
				f = "serial"
			}
			errs = append(errs, web.FieldError{Field: f, Message: we.Message, English: we.English})
		}
	}
	if len(errs) > 0 {
		s.rd.Render(w, r, http.StatusUnprocessableEntity, s.tmpl["sensor_form"], web.Page{Title: "Sensor registreren", Data: places, Form: form, Errors: errs})
		return
	}
	web.SeeOther(w, r, fmt.Sprintf("/nachtrust/sensoren/%d", id), "sensor-geregistreerd")
}

// orgOf is the organisation a new sensor at loc belongs to: the
// aanbieder's own (first) organisation.
func (s *Service) orgOf(ctx context.Context, p *auth.Principal, loc int64) (int64, error) {
	if s.Places != nil {
		o, err := s.Places.LocationOrganisation(ctx, loc)
		if err != nil {
			return 0, err
		}
		if o != 0 {
			return o, nil
		}
	}
	if len(p.Scope.Organisations) > 0 {
		return p.Scope.Organisations[0], nil
	}
	return 0, nil
}

type sensorPage struct {
	Sensor Sensor
	Links  []linkRow
	// Pick is the client picker of the link form: a client found by name
	// or birth date among those cared for at the sensor's location.
	Pick  clients.Pick
	Today string
}

type linkRow struct {
	Link   Link
	Client string
	Open   bool
	// NoBasis: the link is current but the client has no recorded legal
	// basis, so the sensor's data is refused; said on the page, so that
	// staff record the basis first instead of wondering where the nights are.
	NoBasis bool
}

func (s *Service) sensorPage(ctx context.Context, p *auth.Principal, id int64) (*sensorPage, error) {
	sn, err := s.SensorByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !inScope(p, sn) {
		return nil, errSensorScope
	}
	links, err := s.Links(ctx, id)
	if err != nil {
		return nil, err
	}
	sp := &sensorPage{Sensor: sn, Today: s.clock.Now().In(s.loc).Format("02-01-2006")}
	for _, l := range links {
		row := linkRow{Link: l, Open: l.End.IsZero()}
		if l.Covers(s.clock.Now()) {
			ok, err := s.reg.HasBasis(ctx, l.ClientID, clients.SubjectSleepMonitoring, s.clock.Now())
			if err != nil {
				return nil, err
			}
			row.NoBasis = !ok
		}
		if c, err := s.reg.Get(ctx, l.ClientID); err == nil {
			row.Client = c.Name
			if err := s.auditLinkRead(ctx, p, l); err != nil {
				return nil, err
			}
		}
		sp.Links = append(sp.Links, row)
	}
	return sp, nil
}

func (s *Service) handleSensor(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	p := auth.FromContext(r.Context())
	sp, err := s.sensorPage(r.Context(), p, id)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	q := r.URL.Query()
	chosen, _ := strconv.ParseInt(q.Get("client"), 10, 64)
	if sp.Pick, err = s.linkPick(r.Context(), p, sp.Sensor, q.Get("client_zoek"), chosen); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	var errs []web.FieldError
	if sp.Pick.Refused {
		errs = append(errs, web.FieldError{Field: "client", Message: msgLinkClient, English: msgLinkClientEN})
	}
	s.rd.Render(w, r, http.StatusOK, s.tmpl["sensor"], web.Page{Title: "Sensor", Data: sp, Form: map[string]string{"start": sp.Today}, Errors: errs, Flash: web.Flash(r, flashes())})
}

// linkPick runs the client picker of the link form: only the clients that
// may be linked to this sensor (mayLinkClient) are found or chosen, and
// only they are recorded as seen.
func (s *Service) linkPick(ctx context.Context, p *auth.Principal, sn Sensor, query string, chosen int64) (clients.Pick, error) {
	return s.reg.Find(ctx, p, clients.PickRequest{Field: "client", Action: fmt.Sprintf("/nachtrust/sensoren/%d", sn.ID), Query: query, Chosen: max(chosen, 0),
		Keep: func(ctx context.Context, id int64) (bool, error) { return s.mayLinkClient(ctx, p, id, sn) }})
}

func (s *Service) handleLink(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := auth.FromContext(ctx)
	id, err := web.PathID(r, "id")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	sp, err := s.sensorPage(ctx, p, id)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	if err := web.ParseForm(r); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	in, form, formErrs := decodeLinkForm(r.PostForm, s.rd.Fmt)
	var errs []web.FieldError
	clientID := in.ClientID
	if sp.Pick, err = s.linkPick(ctx, p, sp.Sensor, "", clientID); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	if sp.Pick.Picked.ID == 0 {
		errs = append(errs, web.FieldError{Field: "client", Message: msgLinkClient, English: msgLinkClientEN})
	}
	errs = append(errs, formErrs...)
	if len(errs) == 0 {
		if _, err := s.LinkSensor(ctx, id, clientID, in.Start, in.End, p.UserID); err != nil {
			we := web.AsError(err)
			if we.Code == web.CodeInternal {
				s.rd.Fail(w, r, err)
				return
			}
			f := we.Field
			if f == "" {
				f = "start"
			}
			errs = append(errs, web.FieldError{Field: f, Message: we.Message, English: we.English})
		} else {
			if err := s.aud.Record(ctx, p, audit.Event{Action: audit.ActionCreate, ClientID: clientID, Object: "sleep_link", ObjectID: strconv.FormatInt(id, 10), Purpose: audit.PurposeCare}); err != nil {
				s.rd.Fail(w, r, err)
				return
			}
			web.SeeOther(w, r, fmt.Sprintf("/nachtrust/sensoren/%d", id), "gekoppeld")
			return
		}
	}
	s.rd.Render(w, r, http.StatusUnprocessableEntity, s.tmpl["sensor"], web.Page{Title: "Sensor", Data: sp, Form: form, Errors: errs})
}

// mayLinkClient: the aanbieder may link a sensor only to a client its
// organisation cares for at the sensor's location. Sensors are registered
// per location and the location's zorgverleners follow its nights on their
// morning overview; a client of another location linked here would be on
// no overview at all.
func (s *Service) mayLinkClient(ctx context.Context, p *auth.Principal, clientID int64, sn Sensor) (bool, error) {
	if clientID <= 0 {
		return false, nil
	}
	ref, err := s.reg.Ref(ctx, clientID)
	if err != nil {
		return false, nil
	}
	return s.policy.CanSeeClient(p, ref) && slices.Contains(ref.Locations, sn.LocationID), nil
}

// Why a client cannot be linked to the sensor.
const (
	msgLinkClient   = "Kies een cliënt van uw organisatie die zorg krijgt op de locatie van deze sensor."
	msgLinkClientEN = "Choose a client of your organisation who receives care at this sensor's location."
)

func (s *Service) handleEndLink(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := auth.FromContext(ctx)
	id, err := web.PathID(r, "id")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	lid, err := web.PathID(r, "lid")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	sp, err := s.sensorPage(ctx, p, id)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	if !slices.ContainsFunc(sp.Links, func(l linkRow) bool { return l.Link.ID == lid }) {
		s.rd.Fail(w, r, web.NotFound("Deze koppeling bestaat niet.", "This link does not exist."))
		return
	}
	if err := s.EndLink(ctx, lid, s.clock.Now()); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	for _, l := range sp.Links {
		if l.Link.ID == lid {
			if err := s.aud.Record(ctx, p, audit.Event{Action: audit.ActionUpdate, ClientID: l.Link.ClientID, Object: "sleep_link", ObjectID: strconv.FormatInt(lid, 10), Purpose: audit.PurposeCare}); err != nil {
				s.rd.Fail(w, r, err)
				return
			}
		}
	}
	web.SeeOther(w, r, fmt.Sprintf("/nachtrust/sensoren/%d", id), "koppeling-beeindigd")
}

// uploadSensors are the sensors p may upload for.
// uploadSensors lists the sensors p may deliver data of (see mayDeliver).
func (s *Service) uploadSensors(ctx context.Context, p *auth.Principal) ([]Sensor, error) {
	all, err := s.Sensors(ctx, p.Scope.Organisations, p.Scope.Locations)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(sn Sensor) bool { return !mayDeliver(p, sn) }), nil
}

// uploadChoice is a sensor in the upload form's list, with the client it
// is linked to now: a nurse holding a wrist sensor knows whose it is, not
// its serial number.
type uploadChoice struct {
	Sensor Sensor
	Client string // "" when linked to nobody now
}

// uploadChoices names the client each sensor is linked to now; showing
// who wears a sensor is a read of that link, audited as on the sensors
// page.
func (s *Service) uploadChoices(ctx context.Context, p *auth.Principal, sensors []Sensor) ([]uploadChoice, error) {
	now := s.clock.Now()
	out := make([]uploadChoice, 0, len(sensors))
	linksOf, err := s.linksOf(ctx, sensors)
	if err != nil {
		return nil, err
	}
	for _, sn := range sensors {
		ch := uploadChoice{Sensor: sn}
		for _, l := range linksOf[sn.ID] {
			if !l.Covers(now) {
				continue
			}
			if c, err := s.reg.Get(ctx, l.ClientID); err == nil {
				ch.Client = c.Name
				if err := s.auditLinkRead(ctx, p, l); err != nil {
					return nil, err
				}
			}
		}
		out = append(out, ch)
	}
	return out, nil
}

func (s *Service) handleUploadForm(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	sensors, err := s.uploadSensors(r.Context(), p)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	choices, err := s.uploadChoices(r.Context(), p, sensors)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	s.rd.Render(w, r, http.StatusOK, s.tmpl["upload"], web.Page{Title: "Bestanden van sensoren inlezen", Data: choices})
}

func (s *Service) handleUpload(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := auth.FromContext(ctx)
	sensors, err := s.uploadSensors(ctx, p)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	fail := func(errs []web.FieldError, form map[string]string) {
		choices, err := s.uploadChoices(ctx, p, sensors)
		if err != nil {
			s.rd.Fail(w, r, err)
			return
		}
		s.rd.Render(w, r, http.StatusUnprocessableEntity, s.tmpl["upload"], web.Page{Title: "Bestanden van sensoren inlezen", Data: choices, Errors: errs, Form: form})
	}
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		fail([]web.FieldError{{Field: "files", Message: "De bestanden konden niet worden ontvangen (te groot of afgebroken). Probeer het opnieuw met minder of kleinere bestanden."}}, nil)
		return
	}
	form := map[string]string{"sensor": r.FormValue("sensor"), "hz": r.FormValue("hz"), "start": r.FormValue("start")}
	in, errs := decodeUploadFields(r.Form, sensors, s.loc)
	sid, hz, start := in.SensorID, in.Hz, in.Start
	var files []NewUpload
	for _, fh := range r.MultipartForm.File["files"] {
		if fh.Size > s.MaxUpload {
			errs = append(errs, web.FieldError{Field: "files", Message: "Een bestand is groter dan 100 MB; splits de opname.", English: "A file is larger than 100 MB; split the recording."})
			break
		}
		f, err := fh.Open()
		if err != nil {
			s.rd.Fail(w, r, err)
			return
		}
		data, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			s.rd.Fail(w, r, err)
			return
		}
		files = append(files, NewUpload{SensorID: sid, Name: fh.Filename, Data: data, Hz: hz, Start: start})
	}
	if len(files) == 0 && !slices.ContainsFunc(errs, func(e web.FieldError) bool { return e.Field == "files" }) {
		errs = append(errs, web.FieldError{Field: "files", Message: "Kies een of meer bestanden.", English: "Choose one or more files."})
	}
	// Every mistake at once (issue 18), listed in the form's order so the
	// summary reads like the form: a missing file came only after the
	// other fields were right.
	slices.SortStableFunc(errs, func(a, b web.FieldError) int { return uploadFieldOrder(a.Field) - uploadFieldOrder(b.Field) })
	if len(errs) > 0 {
		fail(errs, form)
		return
	}
	grp, err := s.QueueUploads(ctx, files, p.UserID)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	// The files are stored for the clients the sensor is linked to, later
	// and in the background (whose audit entry names the sensor): record
	// here who delivered them.
	if err := s.auditDelivery(ctx, p, sid, "sleep_upload", strconv.FormatInt(grp, 10)); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/nachtrust/upload/%d", grp), http.StatusSeeOther)
}

// uploadFieldOrder is a field's place on the upload form.
func uploadFieldOrder(field string) int {
	return slices.Index([]string{"sensor", "files", "hz", "start"}, field)
}

// uploadView is the status page of a group of uploads.
type uploadView struct {
	Uploads []Upload
	Done    bool
}

func (s *Service) uploadGroupFor(ctx context.Context, p *auth.Principal, grp int64) ([]Upload, error) {
	ups, err := s.UploadGroup(ctx, grp)
	if err != nil {
		return nil, err
	}
	if len(ups) == 0 {
		return nil, web.NotFound("Deze upload bestaat niet.", "This upload does not exist.")
	}
	sn, err := s.SensorByID(ctx, ups[0].SensorID)
	if err != nil {
		return nil, err
	}
	if !inScope(p, sn) {
		return nil, errSensorScope
	}
	// The status page and its API tell what was stored, refused or
	// recomputed for the clients the sensor is linked to: a read of their
	// data (NEN 7513), recorded once per client, like the delivery.
	links, err := s.Links(ctx, sn.ID)
	if err != nil {
		return nil, err
	}
	var evs []audit.Event
	seen := map[int64]bool{}
	for _, l := range links {
		if !seen[l.ClientID] {
			seen[l.ClientID] = true
			evs = append(evs, audit.Event{Action: audit.ActionRead, ClientID: l.ClientID, Object: "sleep_upload", ObjectID: strconv.FormatInt(grp, 10), Purpose: audit.PurposeCare})
		}
	}
	if err := s.aud.RecordMany(ctx, p, evs); err != nil {
		return nil, err
	}
	return ups, nil
}

func (s *Service) handleUploadStatus(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	grp, err := web.PathID(r, "id")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	ups, err := s.uploadGroupFor(ctx, auth.FromContext(ctx), grp)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	v := uploadView{Uploads: ups, Done: true}
	for _, u := range ups {
		if u.Status == UploadWaiting || u.Status == UploadBusy {
			v.Done = false
		}
	}
	if !v.Done {
		// Without JavaScript the page reloads itself until the files are
		// processed; the <progress> elements show how far each one is.
		w.Header().Set("Refresh", "2")
	}
	s.rd.Render(w, r, http.StatusOK, s.tmpl["upload_status"], web.Page{Title: "Inlezen van bestanden", Data: v})
}

// auditLinkRead records that p saw which client a sensor is linked to: the
// link tells who wears a sleep sensor, which is personal data.
func (s *Service) auditLinkRead(ctx context.Context, p *auth.Principal, l Link) error {
	return s.aud.Record(ctx, p, audit.Event{Action: audit.ActionRead, ClientID: l.ClientID, Object: "sleep_link", ObjectID: strconv.FormatInt(l.ID, 10), Purpose: audit.PurposeCare})
}

// auditDelivery records that p delivered data of a sensor (an upload or a
// file over the API), once for every client the sensor has been linked
// to, since the data is stored for whichever link covers its time.
func (s *Service) auditDelivery(ctx context.Context, p *auth.Principal, sensorID int64, object, objectID string) error {
	links, err := s.Links(ctx, sensorID)
	if err != nil {
		return err
	}
	seen := map[int64]bool{}
	for _, l := range links {
		if seen[l.ClientID] {
			continue
		}
		seen[l.ClientID] = true
		if err := s.aud.Record(ctx, p, audit.Event{Action: audit.ActionCreate, ClientID: l.ClientID, Object: object, ObjectID: objectID, Purpose: audit.PurposeCare}); err != nil {
			return err
		}
	}
	return nil
}

// parseStartTime reads the start time of a raw CSV as a Dutch reader types
// it, "05-12-2026 22:00" (a date input of the type datetime-local showed
// mm/dd/yyyy in the browser, which a Dutch reader takes for the wrong
// day), or the form's earlier ISO value "2026-12-05T22:00".
func parseStartTime(v string, loc *time.Location) (time.Time, error) {
	v = strings.Join(strings.Fields(v), " ")
	for _, layout := range []string{"02-01-2006 15:04", "2-1-2006 15:04", "02-01-2006 15.04", "2-1-2006 15.04", "2006-01-02T15:04"} {
		if t, err := time.ParseInLocation(layout, v, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("sleep: start time %q is not dd-mm-jjjj uu:mm", v)
}

// The refusal of a sensor's location, in the form and the handler alike.
const (
	msgSensorLocation   = "Kies de locatie waar de sensor gebruikt wordt."
	msgSensorLocationEN = "Choose the location where the sensor is used."
)

// decodeSensorForm reads the sensor registration form without the
// database, so it can be fuzzed (issue 18): a serial number of 1 to 64
// bytes, a known kind, a location id. It returns the sensor, the form as
// typed to show again, and every mistake at once, with the same rules and
// messages as CreateSensor; whether the location is one of the user's own
// is the handler's to check.
func decodeSensorForm(f url.Values) (Sensor, map[string]string, []web.FieldError) {
	form := map[string]string{"serial": f.Get("serial"), "kind": f.Get("kind"), "label": f.Get("label"), "location": f.Get("location")}
	sn := Sensor{Serial: strings.TrimSpace(form["serial"]), Kind: form["kind"], Label: form["label"]}
	var errs []web.FieldError
	if sn.Serial == "" || len(sn.Serial) > 64 {
		errs = append(errs, web.FieldError{Field: "serial", Message: "Vul het serienummer van de sensor in (hoogstens 64 tekens).", English: "Enter the sensor's serial number (at most 64 characters)."})
	}
	if sn.Kind != KindWrist && sn.Kind != KindBed {
		errs = append(errs, web.FieldError{Field: "kind", Message: "Kies het soort sensor: polssensor of matrassensor.", English: "Choose the kind of sensor: wrist or mattress."})
	}
	if loc, err := strconv.ParseInt(form["location"], 10, 64); err != nil || loc <= 0 {
		errs = append(errs, web.FieldError{Field: "location", Message: msgSensorLocation, English: msgSensorLocationEN})
	} else {
		sn.LocationID = loc
	}
	return sn, form, errs
}

// linkForm is the form that links a sensor to a client, read.
type linkForm struct {
	// ClientID is the client chosen; the picker checks it may be linked.
	ClientID int64
	Start    time.Time
	// End is the zero time for a link without an end.
	End time.Time
}

// decodeLinkForm reads the link form without the database, so it can be
// fuzzed (issue 18): a real start date, a real end date or none, and an
// end after the start (LinkSensor's rule, shown with the others). It
// returns the link, the dates as typed to show again, and every mistake
// at once; the client is the picker's to check.
func decodeLinkForm(f url.Values, fm web.Formatter) (linkForm, map[string]string, []web.FieldError) {
	form := map[string]string{"start": f.Get("start"), "end": f.Get("end")}
	var in linkForm
	in.ClientID, _ = strconv.ParseInt(f.Get("client"), 10, 64)
	var errs []web.FieldError
	start, err := fm.ParseDate(form["start"])
	if err != nil {
		errs = append(errs, web.FieldError{Field: "start", Message: "Vul de begindatum in als dd-mm-jjjj.", English: "Enter the start date as dd-mm-yyyy."})
	}
	var end time.Time
	if strings.TrimSpace(form["end"]) != "" {
		if end, err = fm.ParseDate(form["end"]); err != nil {
			errs = append(errs, web.FieldError{Field: "end", Message: "Vul de einddatum in als dd-mm-jjjj, of laat het veld leeg.", English: "Enter the end date as dd-mm-yyyy, or leave it empty."})
		}
	}
	if len(errs) == 0 && !end.IsZero() && !end.After(start) {
		errs = append(errs, web.FieldError{Field: "end", Message: "Het einde van de koppeling moet na het begin liggen.", English: "The end of the link must be after its start."})
	}
	if len(errs) > 0 {
		return linkForm{ClientID: in.ClientID}, form, errs
	}
	in.Start, in.End = start, end
	return in, form, nil
}

// uploadFields are the upload form's fields besides the files: the sensor
// the files come from and, for a raw recording without them, its sample
// rate and start.
type uploadFields struct {
	SensorID int64
	Hz       float64
	Start    time.Time
}

// decodeUploadFields reads the upload form's sensor, frequency and start
// without the database, so they can be fuzzed (issue 18): one of sensors
// (those the uploader may deliver for), a rate above 0 and at most 3200
// Hz or none, a start as dd-mm-jjjj uu:mm in loc or none. Every mistake at
// once. The sensor id read is returned even when refused, as the files
// are tagged with it before the refusal is shown.
func decodeUploadFields(f url.Values, sensors []Sensor, loc *time.Location) (uploadFields, []web.FieldError) {
	var in uploadFields
	var errs []web.FieldError
	in.SensorID, _ = strconv.ParseInt(f.Get("sensor"), 10, 64)
	if !slices.ContainsFunc(sensors, func(x Sensor) bool { return x.ID == in.SensorID }) {
		errs = append(errs, web.FieldError{Field: "sensor", Message: "Kies de sensor waarvan de bestanden komen.", English: "Choose the sensor the files come from."})
	}
	if v := strings.TrimSpace(strings.ReplaceAll(f.Get("hz"), ",", ".")); v != "" {
		// NaN and Inf parse as numbers; a rate beyond any device (3200 Hz)
		// is a typing error.
		hz, err := strconv.ParseFloat(v, 64)
		if err != nil || !(hz > 0 && hz <= 3200) {
			errs = append(errs, web.FieldError{Field: "hz", Message: "Vul de samplefrequentie in als getal, bijvoorbeeld 30.", English: "Enter the sample rate as a number, for example 30."})
		} else {
			in.Hz = hz
		}
	}
	if v := strings.TrimSpace(f.Get("start")); v != "" {
		start, err := parseStartTime(v, loc)
		if err != nil {
			errs = append(errs, web.FieldError{Field: "start", Message: "Vul de starttijd in als dd-mm-jjjj uu:mm, bijvoorbeeld 05-12-2026 22:00.", English: "Enter the start time as dd-mm-yyyy hh:mm, for example 05-12-2026 22:00."})
		} else {
			in.Start = start
		}
	}
	return in, errs
}
