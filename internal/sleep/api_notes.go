package sleep

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

// The API for what the pages let staff do besides reading nights: the
// intervention notes with their before/after comparison (the client page's
// "Wat hebben we veranderd?") and a sensor's links (the sensor page), so a
// script or another system can do what a person can do on the pages.

// caveatEN is the client page's caveat on a before/after comparison.
const caveatEN = "These are few nights, and other things may have changed the sleep too (illness, season, a busy group). Use the result to guide the conversation, not as proof."

// numOrNil is x for JSON, or nil when it is not a number (a median of no
// nights): encoding/json refuses NaN.
func numOrNil(x float64) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return x
}

type comparisonJSON struct {
	MedianBefore any  `json:"median_before"`
	MedianAfter  any  `json:"median_after"`
	Shift        any  `json:"shift"`
	P            any  `json:"p"`
	Exact        bool `json:"exact"`
}

func comparisonOut(c Comparison) comparisonJSON {
	return comparisonJSON{numOrNil(c.MedianBefore), numOrNil(c.MedianAfter), numOrNil(c.Shift), numOrNil(c.P), c.Exact}
}

type noteJSON struct {
	ID           int64     `json:"id"`
	Date         string    `json:"date"`
	Text         string    `json:"text"`
	Author       string    `json:"author"`
	CreatedAt    time.Time `json:"created_at"`
	BeforeNights int       `json:"nights_before"`
	AfterNights  int       `json:"nights_after"`
	// Compared is false when either side has fewer than 3 usable nights:
	// the page then shows no comparison, and neither does the API.
	Compared   bool            `json:"compared"`
	TST        *comparisonJSON `json:"tst_minutes,omitempty"`
	WASO       *comparisonJSON `json:"waso_minutes,omitempty"`
	Awakenings *comparisonJSON `json:"awakenings,omitempty"`
}

// minCompareNights is the fewest usable nights on each side of a note for
// a comparison (as the client page).
const minCompareNights = 3

func noteOut(c NoteComparison) noteJSON {
	n := noteJSON{ID: c.Note.ID, Date: c.Note.Date, Text: c.Note.Text, Author: c.Note.Author, CreatedAt: c.Note.CreatedAt, BeforeNights: c.BeforeNights, AfterNights: c.AfterNights}
	if c.Compared() {
		n.Compared = true
		t, w, a := comparisonOut(c.TST), comparisonOut(c.WASO), comparisonOut(c.Awakenings)
		n.TST, n.WASO, n.Awakenings = &t, &w, &a
	}
	return n
}

type notesResponse struct {
	ClientID    int64      `json:"client_id"`
	Notes       []noteJSON `json:"notes"`
	Test        string     `json:"test"`
	Caveat      string     `json:"caveat"`
	IntendedUse string     `json:"intended_use"`
}

type addNoteRequest struct {
	Date string `json:"date"`
	Text string `json:"text"`
}

type linksResponse struct {
	Serial string     `json:"serial"`
	Links  []linkJSON `json:"links"`
}

func (s *Service) apiNotes(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, ok := s.apiOpenClient(w, r, "sleep_notes")
	if !ok {
		return
	}
	notes, err := s.Notes(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := []noteJSON{}
	for _, n := range notes {
		c, err := s.Compare(ctx, n)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		out = append(out, noteOut(c))
	}
	web.WriteJSON(w, http.StatusOK, notesResponse{ClientID: id, Notes: out,
		Test:   "Mann-Whitney (permutation, two-sided) on the usable nights in the 14 days before and from the note's date",
		Caveat: caveatEN, IntendedUse: intendedUseEN})
}

func (s *Service) apiAddNote(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := auth.FromContext(ctx)
	id, err := web.PathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.openClient(ctx, p, id, "sleep_note"); err != nil {
		s.fail(w, r, err)
		return
	}
	var in addNoteRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := time.Parse("2006-01-02", in.Date)
	if err != nil {
		s.fail(w, r, web.BadInput("date", "date moet jjjj-mm-dd zijn: de eerste nacht waarvoor de verandering gold.", "date must be yyyy-mm-dd: the first night the change applied to."))
		return
	}
	if t := strings.TrimSpace(in.Text); t == "" || len([]rune(t)) > 500 {
		s.fail(w, r, errNoteText)
		return
	}
	nid, err := s.AddNote(ctx, Note{ClientID: id, Date: d.Format("2006-01-02"), Text: in.Text, CreatedBy: p.UserID, Author: p.DisplayName})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.aud.Record(ctx, p, audit.Event{Action: audit.ActionCreate, ClientID: id, Object: "sleep_note", ObjectID: strconv.FormatInt(nid, 10), Purpose: audit.PurposeCare}); err != nil {
		s.fail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, idResponse{ID: nid})
}

type linkJSON struct {
	ID       int64      `json:"id"`
	ClientID int64      `json:"client_id"`
	Start    time.Time  `json:"start"`
	End      *time.Time `json:"end"`
}

func linkOut(l Link) linkJSON {
	o := linkJSON{ID: l.ID, ClientID: l.ClientID, Start: l.Start.UTC()}
	if !l.End.IsZero() {
		e := l.End.UTC()
		o.End = &e
	}
	return o
}

// apiLinks lists a sensor's links; each read is audited, as on the sensor
// page, since a link tells who wears a sleep sensor.
func (s *Service) apiLinks(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := auth.FromContext(ctx)
	sn, err := s.sensorFor(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	links, err := s.Links(ctx, sn.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := []linkJSON{}
	for _, l := range links {
		if err := s.auditLinkRead(ctx, p, l); err != nil {
			s.fail(w, r, err)
			return
		}
		out = append(out, linkOut(l))
	}
	web.WriteJSON(w, http.StatusOK, linksResponse{Serial: sn.Serial, Links: out})
}

// apiEndLink ends a sensor's open link now, as the sensor page's button.
func (s *Service) apiEndLink(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := auth.FromContext(ctx)
	sn, err := s.sensorFor(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lid, err := web.PathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	links, err := s.Links(ctx, sn.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var link *Link
	for i := range links {
		if links[i].ID == lid {
			link = &links[i]
		}
	}
	if link == nil {
		s.fail(w, r, web.NotFound("Deze koppeling bestaat niet.", "This link does not exist."))
		return
	}
	if err := s.EndLink(ctx, lid, s.clock.Now()); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.aud.Record(ctx, p, audit.Event{Action: audit.ActionUpdate, ClientID: link.ClientID, Object: "sleep_link", ObjectID: strconv.FormatInt(lid, 10), Purpose: audit.PurposeCare}); err != nil {
		s.fail(w, r, err)
		return
	}
	links, err = s.Links(ctx, sn.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, l := range links {
		if l.ID == lid {
			web.WriteJSON(w, http.StatusOK, linkOut(l))
			return
		}
	}
	s.fail(w, r, web.NotFound("Deze koppeling bestaat niet.", "This link does not exist."))
}
