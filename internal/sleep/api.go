package sleep

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

func (s *Service) fail(w http.ResponseWriter, r *http.Request, err error) {
	web.WriteJSONError(w, r, s.logger, err)
}

// sensorJSON is a sensor in the API.
type sensorJSON struct {
	ID             int64   `json:"id"`
	Serial         string  `json:"serial"`
	Kind           string  `json:"kind"`
	Label          string  `json:"label"`
	OrganisationID int64   `json:"organisation_id"`
	LocationID     int64   `json:"location_id"`
	RateHz         float64 `json:"rate_hz,omitempty"`
}

func toJSON(sn Sensor) sensorJSON {
	return sensorJSON{sn.ID, sn.Serial, sn.Kind, sn.Label, sn.OrganisationID, sn.LocationID, float64(sn.RateMHz) / 1000}
}

type sensorsResponse struct {
	Sensors []sensorJSON `json:"sensors"`
}

type createSensorRequest struct {
	Serial     string `json:"serial" required:"true"`
	Kind       string `json:"kind"`
	Label      string `json:"label"`
	LocationID int64  `json:"location_id"`
}

type linkRequest struct {
	ClientID int64     `json:"client_id" required:"true"`
	Start    time.Time `json:"start" required:"true"`
	End      time.Time `json:"end"`
}

// idResponse answers a create with the new thing's id.
type idResponse struct {
	ID int64 `json:"id"`
}

type streamResponse struct {
	Stored    int       `json:"stored"`
	Duplicate bool      `json:"duplicate"`
	Refused   int       `json:"refused"`
	Problems  []Problem `json:"problems"`
}

type uploadJSON struct {
	ID       int64   `json:"id"`
	File     string  `json:"file"`
	Status   string  `json:"status"`
	Progress int     `json:"progress"`
	Result   *Result `json:"result,omitempty"`
}

type uploadsResponse struct {
	Uploads []uploadJSON `json:"uploads"`
}

type nightsResponse struct {
	ClientID    int64       `json:"client_id"`
	From        string      `json:"from"`
	To          string      `json:"to"`
	Nights      []nightJSON `json:"nights"`
	IntendedUse string      `json:"intended_use"`
}

type summaryResponse struct {
	ClientID    int64      `json:"client_id"`
	IntendedUse string     `json:"intended_use"`
	LastNight   *nightJSON `json:"last_night,omitempty"`
}

type overviewRowJSON struct {
	ClientID  int64      `json:"client_id"`
	Sensors   []string   `json:"sensors"`
	LastNight *nightJSON `json:"last_night,omitempty"`
}

type overviewResponse struct {
	Clients     []overviewRowJSON `json:"clients"`
	IntendedUse string            `json:"intended_use"`
}

func (s *Service) apiSensors(w http.ResponseWriter, r *http.Request) {
	sensors, err := s.uploadSensors(r.Context(), auth.FromContext(r.Context()))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := []sensorJSON{}
	for _, sn := range sensors {
		out = append(out, toJSON(sn))
	}
	web.WriteJSON(w, http.StatusOK, sensorsResponse{Sensors: out})
}

func (s *Service) apiCreateSensor(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := auth.FromContext(ctx)
	var in createSensorRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	places, err := s.places(ctx, p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ok := false
	for _, pl := range places {
		ok = ok || pl.ID == in.LocationID
	}
	if !ok {
		s.fail(w, r, web.BadInput("location_id", "Deze locatie hoort niet bij uw organisatie.", "This location does not belong to your organisation."))
		return
	}
	org, err := s.orgOf(ctx, p, in.LocationID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := s.CreateSensor(ctx, Sensor{Serial: in.Serial, Kind: in.Kind, Label: in.Label, LocationID: in.LocationID, OrganisationID: org}, p.UserID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sn, err := s.SensorByID(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, toJSON(sn))
}

// sensorFor finds the sensor named in the path and checks p's scope.
func (s *Service) sensorFor(r *http.Request) (Sensor, error) {
	sn, err := s.SensorBySerial(r.Context(), r.PathValue("serial"))
	if err != nil {
		return sn, err
	}
	if !inScope(auth.FromContext(r.Context()), sn) {
		return sn, errSensorScope
	}
	return sn, nil
}

func (s *Service) apiLink(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := auth.FromContext(ctx)
	sn, err := s.sensorFor(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in linkRequest
	if err := web.DecodeJSON(r, &in); err != nil || in.Start.IsZero() {
		// A start that is not RFC 3339 fails inside time's decoder, which
		// names no field: the hint says what start must look like.
		if e := web.AsError(err); err == nil || (e.Code == web.CodeBadInput && e.Field == "") {
			err = web.BadInput("start", "Geef client_id en start (RFC 3339) op.", "Give client_id and start (RFC 3339).")
		}
		s.fail(w, r, err)
		return
	}
	if ok, err := s.mayLinkClient(ctx, p, in.ClientID, sn); err != nil || !ok {
		s.fail(w, r, web.BadInput("client_id", msgLinkClient, msgLinkClientEN))
		return
	}
	id, err := s.LinkSensor(ctx, sn.ID, in.ClientID, in.Start, in.End, p.UserID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.aud.Record(ctx, p, audit.Event{Action: audit.ActionCreate, ClientID: in.ClientID, Object: "sleep_link", ObjectID: strconv.FormatInt(id, 10), Purpose: audit.PurposeCare}); err != nil {
		s.fail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, idResponse{ID: id})
}

// How long POST .../files waits for a reading slot, and when it tells the
// sender to try again.
const (
	apiIngestWait  = 10 * time.Second
	apiIngestRetry = 30 * time.Second
)

// errIngestBusy answers a file that found every reading slot taken.
var errIngestBusy = &web.Error{Code: web.CodeUnavailable,
	Message: "Er worden nu al andere bestanden ingelezen. Stuur dit bestand over een halve minuut opnieuw (zie Retry-After).",
	English: "Other files are being read right now. Send this file again in half a minute (see Retry-After)."}

// apiFile ingests one device file sent as the request body (name in
// ?name=, for a raw CSV also ?hz= and ?start= in RFC 3339) and answers
// with the per-file result once it is stored.
func (s *Service) apiFile(w http.ResponseWriter, r *http.Request) {
	sn, err := s.sensorFor(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !mayDeliver(auth.FromContext(r.Context()), sn) {
		s.fail(w, r, errDeliverScope)
		return
	}
	// Bound the files read at once before reading the body: a sender that
	// finds all slots taken for apiIngestWait is told to come back later
	// instead of piling up requests that each hold a recording in memory.
	release, ok := s.acquireIngest(r.Context(), s.ingestWait)
	if !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(apiIngestRetry/time.Second)))
		s.fail(w, r, errIngestBusy)
		return
	}
	defer release()
	data, err := readAll(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	name := q.Get("name")
	if name == "" {
		s.fail(w, r, web.BadInput("name", "Geef de bestandsnaam op in ?name= (de extensie bepaalt het formaat).", "Give the file name in ?name= (the extension decides the format)."))
		return
	}
	var opt FileOptions
	if v := q.Get("hz"); v != "" {
		opt.Hz, _ = strconv.ParseFloat(v, 64)
	}
	if v := q.Get("start"); v != "" {
		if opt.Start, err = time.Parse(time.RFC3339, v); err != nil {
			s.fail(w, r, web.BadInput("start", "start moet RFC 3339 zijn.", "start must be RFC 3339."))
			return
		}
	}
	res := s.ingestGuarded(r.Context(), sn, name, data, opt)
	if res.Epochs > 0 || res.Samples > 0 {
		if err := s.auditDelivery(r.Context(), auth.FromContext(r.Context()), sn.ID, "sleep_file", name); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if res.Error != "" {
		// Nothing could be used: an error like any other, a problem
		// naming the file.
		s.fail(w, r, &web.Error{Code: web.CodeBadInput, Field: "file", Message: res.Error, English: res.ErrorEN})
		return
	}
	web.WriteJSON(w, http.StatusOK, res)
}

// apiStream takes one VWS1 batch (see stream.go) and answers 200 only once
// it is committed; a repeated batch answers 200 with "duplicate": true.
func (s *Service) apiStream(w http.ResponseWriter, r *http.Request) {
	var body []byte
	var err error
	if r.Header.Get("Content-Encoding") == "gzip" {
		zr, zerr := gzip.NewReader(r.Body)
		if zerr != nil {
			s.fail(w, r, web.BadInput("batch", "De gzip-gegevens zijn beschadigd.", "The gzip data is damaged."))
			return
		}
		body, err = io.ReadAll(io.LimitReader(zr, maxBatchBody+1))
		if err == nil && len(body) > maxBatchBody {
			err = io.ErrShortBuffer
		}
		if err != nil {
			s.fail(w, r, web.BadInput("batch", "De gzip-gegevens zijn beschadigd of te groot.", "The gzip data is damaged or too large."))
			return
		}
	} else {
		var buf bytes.Buffer
		if r.ContentLength > 0 && r.ContentLength <= maxBatchBody {
			buf.Grow(int(r.ContentLength))
		}
		if _, err := buf.ReadFrom(r.Body); err != nil {
			s.fail(w, r, web.BadInput("batch", "De batch kon niet worden gelezen of is te groot.", "The batch could not be read or is too large."))
			return
		}
		body = buf.Bytes()
	}
	sn, err := s.SensorBySerialCached(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_ = sn
	res, err := s.IngestBatch(r.Context(), r.PathValue("serial"), body)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, streamResponse{Stored: res.Samples, Duplicate: res.Duplicate, Refused: res.Refused, Problems: res.Problems})
}

// SensorBySerialCached checks the device's scope against the cached sensor.
func (s *Service) SensorBySerialCached(r *http.Request) (Sensor, error) {
	sn, _, err := s.sensorForStream(r.Context(), r.PathValue("serial"))
	if err != nil {
		return sn, err
	}
	if !mayDeliver(auth.FromContext(r.Context()), sn) {
		return sn, errDeliverScope
	}
	return sn, nil
}

func (s *Service) apiUpload(w http.ResponseWriter, r *http.Request) {
	grp, err := web.PathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ups, err := s.uploadGroupFor(r.Context(), auth.FromContext(r.Context()), grp)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var out []uploadJSON
	for _, u := range ups {
		out = append(out, uploadJSON{u.ID, u.FileName, u.Status, u.Progress, u.Result})
	}
	web.WriteJSON(w, http.StatusOK, uploadsResponse{Uploads: out})
}

// nightJSON is a night in the API.
type nightJSON struct {
	Date            string      `json:"date"`
	Source          string      `json:"source"`
	Status          string      `json:"status"`
	InBed           time.Time   `json:"in_bed,omitzero"`
	Onset           time.Time   `json:"onset,omitzero"`
	OutBed          time.Time   `json:"out_bed,omitzero"`
	InBedMinutes    int         `json:"in_bed_minutes"`
	TST             int         `json:"tst_minutes"`
	WASO            int         `json:"waso_minutes"`
	Awakenings      int         `json:"awakenings"`
	MeanAwakening   float64     `json:"mean_awakening_minutes"`
	Efficiency      float64     `json:"efficiency"`
	Latency         int         `json:"latency_minutes"`
	MovementIndex   float64     `json:"movement_index"`
	FragIndex       float64     `json:"fragmentation_index"`
	SFI             float64     `json:"sleep_fragmentation_index"`
	RestlessPeriods int         `json:"restless_periods"`
	NonWearMinutes  int         `json:"nonwear_minutes"`
	Baseline        Baseline    `json:"baseline"`
	Flags           []string    `json:"flags"`
	Detail          NightDetail `json:"detail"`
}

func nightOut(n Night) nightJSON {
	f := n.Flags
	if f == nil {
		f = []string{}
	}
	return nightJSON{n.Date, n.Source, n.Status, n.InBed, n.Onset, n.OutBed, n.Duration, n.TST, n.WASO, n.Awakenings, n.MeanAwakening, n.Efficiency, n.Latency,
		n.MovementIndex, n.FragIndex, n.SFI, n.RestlessCount, n.NonWearMinutes, n.Baseline, f, n.Detail}
}

const intendedUseEN = "A tool to see patterns and discuss what helps, not an alarm; the algorithms were validated on other groups of people, so the figures are indications."

func (s *Service) apiNights(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, ok := s.apiOpenClient(w, r, "sleep_nights")
	if !ok {
		return
	}
	to := r.URL.Query().Get("to")
	if to == "" {
		to = NightOf(s.clock.Now(), s.loc)
	}
	d, err := time.Parse("2006-01-02", to)
	if err != nil {
		s.fail(w, r, web.BadInput("to", "to moet jjjj-mm-dd zijn.", "to must be yyyy-mm-dd."))
		return
	}
	from := r.URL.Query().Get("from")
	if from == "" {
		from = d.AddDate(0, 0, -29).Format("2006-01-02")
	} else if f, err := time.Parse("2006-01-02", from); err != nil || f.After(d) {
		// A from that is no date used to answer 200 with no nights, as if
		// the client had not slept.
		s.fail(w, r, web.BadInput("from", "from moet jjjj-mm-dd zijn, niet na to.", "from must be yyyy-mm-dd, not after to."))
		return
	}
	ns, err := s.Nights(ctx, id, from, to)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := []nightJSON{}
	for _, n := range ns {
		out = append(out, nightOut(n))
	}
	web.WriteJSON(w, http.StatusOK, nightsResponse{ClientID: id, From: from, To: to, Nights: out, IntendedUse: intendedUseEN})
}

func (s *Service) apiSummary(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, ok := s.apiOpenClient(w, r, "sleep_summary")
	if !ok {
		return
	}
	last, ok, err := s.LastNight(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := summaryResponse{ClientID: id, IntendedUse: intendedUseEN}
	if ok {
		n := nightOut(last)
		out.LastNight = &n
	}
	web.WriteJSON(w, http.StatusOK, out)
}

func (s *Service) apiOverview(w http.ResponseWriter, r *http.Request) {
	rows, err := s.overview(r.Context(), auth.FromContext(r.Context()), "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := []overviewRowJSON{}
	for _, x := range rows {
		o := overviewRowJSON{ClientID: x.ClientID, Sensors: x.Sensors}
		if x.HasNight {
			n := nightOut(x.Night)
			o.LastNight = &n
		}
		out = append(out, o)
	}
	web.WriteJSON(w, http.StatusOK, overviewResponse{Clients: out, IntendedUse: intendedUseEN})
}

// apiOpenClient opens the client named in the path for an API read of
// object, with openClient's scope check and audit, or answers the error.
func (s *Service) apiOpenClient(w http.ResponseWriter, r *http.Request, object string) (int64, bool) {
	ctx := r.Context()
	id, err := web.PathID(r, "id")
	if err == nil {
		_, err = s.openClient(ctx, auth.FromContext(ctx), id, object)
	}
	if err != nil {
		s.fail(w, r, err)
		return 0, false
	}
	return id, true
}
