package sleep

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/sleep/counts"
	"github.com/volwaardig/volwaardig/internal/web"
)

// Problem is one thing an ingest skipped or refused, for the per-file
// report: a stable code, where (a row, a block, a time in RFC 3339) and the
// Dutch explanation; Detail holds the English detail (a reader's own
// description), DetailNL the Dutch one where there is one. A Dutch page
// never shows the English detail: the explanation by code says what
// happened, in Dutch.
type Problem struct {
	Code     string `json:"code"`
	Where    string `json:"where,omitempty"`
	What     string `json:"what"`
	WhatEN   string `json:"what_en,omitempty"`
	Detail   string `json:"detail,omitempty"`
	DetailNL string `json:"detail_nl,omitempty"`
}

// DetailIn is the detail in lang ("en" or Dutch); empty in Dutch when only
// an English description exists.
func (p Problem) DetailIn(lang string) string {
	if lang == "en" {
		return p.Detail
	}
	return p.DetailNL
}

// WhereTime is the place of the problem when it is a time (zero
// otherwise), so a page can show it in local, Dutch notation.
func (p Problem) WhereTime() time.Time {
	t, err := time.Parse(time.RFC3339, p.Where)
	if err != nil {
		return time.Time{}
	}
	return t
}

// whereNL names the readers' places ("block 13", "page 16", "offset 2890",
// "line 4", "row 2", "file", "header") in Dutch.
var whereNL = map[string]string{"block": "blok", "page": "pagina", "offset": "positie", "line": "regel", "row": "rij", "file": "bestand", "header": "kop", "sector": "sector"}

// WhereIn is the place of the problem in lang ("en" or Dutch).
func (p Problem) WhereIn(lang string) string {
	if lang == "en" {
		return p.Where
	}
	word, rest, _ := strings.Cut(p.Where, " ")
	if nl, ok := whereNL[word]; ok {
		return strings.TrimSpace(nl + " " + rest)
	}
	return p.Where
}

// Result is the outcome of one ingest (a file or a streamed batch).
type Result struct {
	File      string `json:"file,omitempty"`
	Format    string `json:"format,omitempty"`
	Duplicate bool   `json:"duplicate,omitempty"`
	Samples   int    `json:"samples,omitempty"` // raw samples stored
	Epochs    int    `json:"epochs,omitempty"`  // minute epochs stored
	Refused   int    `json:"refused,omitempty"` // samples or minutes refused (outside the link, no legal basis)
	// RefusedUnit says what Refused counts: "minutes" (an epoch file) or
	// "samples" (raw data); the number alone mixed the two.
	RefusedUnit string    `json:"refused_unit,omitempty"`
	Overlap     int       `json:"overlap,omitempty"`  // samples that were already stored (kept once)
	First       time.Time `json:"first,omitzero"`     // first time kept
	Last        time.Time `json:"last,omitzero"`      // last time kept
	Nights      []string  `json:"nights,omitempty"`   // nights recomputed
	Problems    []Problem `json:"problems,omitempty"` // what was skipped and why
	Error       string    `json:"error,omitempty"`    // set when nothing could be used
	ErrorEN     string    `json:"error_en,omitempty"` // its English
}

// Unread reports a file of which nothing was read (not a device file, or
// a broken one): its page gives the error alone, not rows of zeros and
// "Niets overgeslagen".
func (r *Result) Unread() bool {
	return r.Error != "" && r.Samples == 0 && r.Epochs == 0 && r.Refused == 0 && r.Overlap == 0 && len(r.Problems) == 0
}

// RefusedUnitNL is the Dutch word for what Refused counts ("metingen" or
// "minuten"), which the page translates; empty when nothing was refused.
func (r *Result) RefusedUnitNL() string {
	switch r.RefusedUnit {
	case "minutes":
		return "minuten"
	case "samples":
		return "metingen"
	}
	return ""
}

// fail sets the result's error in both languages.
func (r *Result) fail(nl, en string) {
	r.Error, r.ErrorEN = nl, en
}

// ErrorIn is the error in lang ("en" or Dutch).
func (r *Result) ErrorIn(lang string) string {
	if lang == "en" && r.ErrorEN != "" {
		return r.ErrorEN
	}
	return r.Error
}

// NightsNL are the recomputed nights as dd-mm-jjjj.
func (r *Result) NightsNL() []string {
	out := make([]string, len(r.Nights))
	for i, d := range r.Nights {
		out[i] = dateNL(d)
	}
	return out
}

// dateNL writes a yyyy-mm-dd date as dd-mm-jjjj (unchanged when it is not
// one).
func dateNL(d string) string {
	t, err := time.Parse("2006-01-02", d)
	if err != nil {
		return d
	}
	return t.Format("02-01-2006")
}

// WhatIn is the explanation in lang ("en" or Dutch).
func (p Problem) WhatIn(lang string) string {
	if lang == "en" && p.WhatEN != "" {
		return p.WhatEN
	}
	return p.What
}

// add records a problem: its code, where, the explanation in Dutch and
// English, and an optional detail in English and Dutch.
func (r *Result) add(code, where, what, whatEN, detail, detailNL string) {
	const maxProblems = 200
	if len(r.Problems) == maxProblems {
		r.Problems = append(r.Problems, Problem{Code: "meer", What: "Meer problemen dan hier getoond; de eerste 200 staan hierboven.", WhatEN: "More problems than shown here; the first 200 are listed above."})
	}
	if len(r.Problems) > maxProblems {
		return
	}
	r.Problems = append(r.Problems, Problem{Code: code, Where: where, What: what, WhatEN: whatEN, Detail: detail, DetailNL: detailNL})
}

func contentHash(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// piece is a stretch [from, to) of a recording that belongs to one client
// and one hour. blk holds its start and rate, and its samples until enc
// (the compressed block) is made: a file's samples are converted and
// compressed one piece at a time, so a whole recording never exists twice.
type piece struct {
	clientID int64
	hour     int64 // Unix seconds of the hour start
	from, to int   // sample indexes in the recording
	blk      *Block
	enc      []byte
}

// n is the number of samples of the piece.
func (p piece) n() int { return p.to - p.from }

// msgNoBasisEN is the refusal of data for a client without a recorded basis.
const msgNoBasisEN = "No data stored: no legal basis for sleep monitoring is recorded for this client (consent of the client or representative, or a Wzd decision). Record it in the client register first."

// msgNoBasis is the Dutch refusal of data for a client without a basis.
const msgNoBasis = "Geen gegevens opgeslagen: voor deze cliënt is geen grondslag vastgelegd voor slaapmonitoring (toestemming van de cliënt of vertegenwoordiger, of een Wzd-besluit). Leg die eerst vast in het cliëntenregister."

// msgBasisNotThen is the refusal of data from a time the client's basis
// did not cover (before it began, after it ended or was withdrawn): there
// is a basis, so "none recorded" would send staff looking for the wrong
// thing.
const (
	msgBasisNotThen   = "Geen gegevens opgeslagen voor deze tijd: de grondslag voor slaapmonitoring van deze cliënt (toestemming of Wzd-besluit) gold toen niet. Gegevens van vóór het begin of na het einde of intrekken van de grondslag worden niet opgeslagen."
	msgBasisNotThenEN = "No data stored for this time: this client's legal basis for sleep monitoring (consent or Wzd decision) did not apply then. Data from before the basis began or after it ended or was withdrawn is not stored."
)

// refusals counts what an ingest refused, and from when, for the report.
type refusals struct {
	link, basis           int
	firstLink, firstBasis time.Time
	basisClient           int64 // the client of the first refusal for want of a basis
}

func (r *refusals) outside(t time.Time, n int) {
	if r.link == 0 {
		r.firstLink = t
	}
	r.link += n
}

func (r *refusals) noBasis(client int64, t time.Time, n int) {
	if r.basis == 0 {
		r.firstBasis, r.basisClient = t, client
	}
	r.basis += n
}

// reportRefused adds the refusals to the result, counted in minutes (an
// epoch file) or in raw samples.
func (s *Service) reportRefused(ctx context.Context, res *Result, r refusals, minutes bool) error {
	unitNL, unitEN := "metingen", "samples"
	if minutes {
		unitNL, unitEN = "minuten", "minutes"
	}
	if r.link+r.basis > 0 {
		res.RefusedUnit = unitEN
	}
	if r.link > 0 {
		res.Refused += r.link
		res.add("buiten_koppeling", r.firstLink.UTC().Format(time.RFC3339),
			fmt.Sprintf("%d %s vallen buiten de periode waarin de sensor aan een cliënt gekoppeld is en zijn niet opgeslagen.", r.link, unitNL),
			fmt.Sprintf("%d %s lie outside the period in which the sensor is linked to a client and were not stored.", r.link, unitEN), "", "")
	}
	if r.basis > 0 {
		res.Refused += r.basis
		nl, en := msgNoBasis, msgNoBasisEN
		now, err := s.reg.HasBasis(ctx, r.basisClient, clients.SubjectSleepMonitoring, s.clock.Now())
		if err != nil {
			return err
		}
		if now {
			nl, en = msgBasisNotThen, msgBasisNotThenEN
		}
		res.add("geen_grondslag", r.firstBasis.UTC().Format(time.RFC3339), nl, en, fmt.Sprintf("%d %s", r.basis, unitEN), fmt.Sprintf("%d %s", r.basis, unitNL))
	}
	return nil
}

// splitRaw cuts a recording of n samples from start at rateMHz at hour
// boundaries and at the sensor's link boundaries, keeping only samples
// inside a link whose client has a legal basis; the rest is counted as
// refused and reported. The pieces carry no samples: the caller fills them.
func (s *Service) splitRaw(ctx context.Context, links []Link, start time.Time, rateMHz uint32, n int, res *Result) ([]piece, error) {
	rate := float64(rateMHz) / 1000
	startUS := start.UnixMicro()
	at := func(i int) int64 { return startUS + int64(math.Round(float64(i)*1e6/rate)) }
	// index of the first sample at or after time us
	idx := func(us int64) int {
		i := int(math.Ceil(float64(us-startUS) * rate / 1e6))
		for i > 0 && at(i-1) >= us {
			i--
		}
		for i < n && at(i) < us {
			i++
		}
		return max(0, min(i, n))
	}
	cuts := []int{0, n}
	endUS := at(n)
	for h := (startUS/3600_000000 + 1) * 3600_000000; h < endUS; h += 3600_000000 {
		cuts = append(cuts, idx(h))
	}
	for _, l := range links {
		for _, t := range []time.Time{l.Start, l.End} {
			if !t.IsZero() && t.UnixMicro() > startUS && t.UnixMicro() < endUS {
				cuts = append(cuts, idx(t.UnixMicro()))
			}
		}
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	var out []piece
	var ref refusals
	for k := 0; k+1 < len(cuts); k++ {
		a, b := cuts[k], cuts[k+1]
		if a >= b {
			continue
		}
		t := time.UnixMicro(at(a)).UTC()
		var link *Link
		for i := range links {
			if links[i].Covers(t) {
				link = &links[i]
				break
			}
		}
		if link == nil {
			ref.outside(t, b-a)
			continue
		}
		ok, err := s.hasBasis(ctx, link.ClientID, t)
		if err != nil {
			return nil, err
		}
		if !ok {
			ref.noBasis(link.ClientID, t, b-a)
			continue
		}
		out = append(out, piece{clientID: link.ClientID, hour: at(a) / 3600_000000 * 3600, from: a, to: b,
			blk: &Block{Start: t, RateMHz: rateMHz}})
		if res.First.IsZero() {
			res.First = t
		}
		res.Last = time.UnixMicro(at(b - 1)).UTC()
	}
	if err := s.reportRefused(ctx, res, ref, false); err != nil {
		return nil, err
	}
	return out, nil
}

// hzEN writes a rate in milli-hertz as Hz with only the decimals it has
// ("30", "85.7"); "%.3f" made 30 Hz read "30.000 Hz", thirty thousand to a
// Dutch reader.
func hzEN(mhz int64) string { return strconv.FormatFloat(float64(mhz)/1000, 'f', -1, 64) }

// hzNL is hzEN with a decimal comma ("85,7").
func hzNL(mhz int64) string { return strings.Replace(hzEN(mhz), ".", ",", 1) }

// checkRate makes sure the block's rate can be counted and matches the rate
// the sensor delivered before; a sensor's first raw data sets it.
func (s *Service) checkRate(ctx context.Context, sn *Sensor, rateMHz uint32) error {
	if _, err := counts.PlanRate(float64(rateMHz) / 1000); err != nil {
		return web.BadInput("rate", fmt.Sprintf("De samplefrequentie %s Hz kan niet worden verwerkt: kies 30 tot 256 Hz.", hzNL(int64(rateMHz))),
			fmt.Sprintf("The sample rate %s Hz cannot be processed: use 30 to 256 Hz.", hzEN(int64(rateMHz))))
	}
	if sn.RateMHz == 0 {
		rate, err := s.store.setFirstRate(ctx, sn.ID, int64(rateMHz))
		if err != nil {
			return err
		}
		sn.RateMHz = rate
		s.forgetSensor(sn.Serial)
	}
	if sn.RateMHz != int64(rateMHz) {
		return web.BadInput("rate", fmt.Sprintf("De samplefrequentie %s Hz wijkt af van de %s Hz die deze sensor eerder leverde; de gegevens zijn geweigerd. Controleer de instelling van de sensor.", hzNL(int64(rateMHz)), hzNL(sn.RateMHz)),
			fmt.Sprintf("The sample rate %s Hz differs from the %s Hz this sensor delivered before; the data was refused. Check the sensor's setting.", hzEN(int64(rateMHz)), hzEN(sn.RateMHz)))
	}
	return nil
}

// errDuplicateKey signals a batch key stored before with other content.
var errBatchConflict = web.Conflict("Deze batch (volgnummer) is eerder ontvangen met een andere inhoud; de nieuwe inhoud is geweigerd.", "This batch (sequence number) was received before with different content; the new content was refused.")

// storeRaw stores the pieces of a raw block durably with its batch key in
// one transaction. A key seen before with the same content is a duplicate
// (acknowledged, nothing stored); with other content a conflict.
func (s *Service) storeRaw(ctx context.Context, sn Sensor, key, hash string, pieces []piece, res *Result) error {
	now := s.clock.Now().UTC()
	total := 0
	enc := make([][]byte, len(pieces))
	for i, p := range pieces {
		enc[i] = p.enc
		if enc[i] == nil {
			b, err := EncodeBlock(p.blk)
			if err != nil {
				return err
			}
			enc[i] = b
		}
		total += p.n()
	}
	r := &commitReq{sn: sn, key: key, hash: hash, pieces: pieces, enc: enc, total: total, now: now, res: res, done: make(chan commitResult, 1)}
	return s.commit(ctx, r)
}

// IngestBatch stores one streamed batch of a live sensor and returns when
// it is committed: only then may the sensor drop it. Reduction to epochs
// follows by the background reducer once the hour is over.
func (s *Service) IngestBatch(ctx context.Context, serial string, body []byte) (*Result, error) {
	res, err := s.ingestBatch(ctx, serial, body)
	s.ingestStats.record(res, err != nil)
	return res, err
}

// IngestStats counts what ingest stored and refused since the start, for
// the operator's metrics (samples per second, rejected files and batches).
type IngestStats struct {
	Samples  int64 // raw samples stored
	Epochs   int64 // minute epochs stored
	Rejected int64 // files or stream batches refused as a whole
}

// ingestCounters are the atomics behind IngestStats.
type ingestCounters struct{ samples, epochs, rejected atomic.Int64 }

func (c *ingestCounters) record(res *Result, rejected bool) {
	if rejected {
		c.rejected.Add(1)
	}
	if res != nil {
		c.samples.Add(int64(res.Samples))
		c.epochs.Add(int64(res.Epochs))
	}
}

// IngestStats returns the counters.
func (s *Service) IngestStats() IngestStats {
	return IngestStats{Samples: s.ingestStats.samples.Load(), Epochs: s.ingestStats.epochs.Load(), Rejected: s.ingestStats.rejected.Load()}
}

func (s *Service) ingestBatch(ctx context.Context, serial string, body []byte) (*Result, error) {
	bt, err := DecodeBatch(body)
	if err != nil {
		return nil, web.BadInput("batch", "De batch is geweigerd: "+strings.TrimPrefix(err.Error(), "batch: "), "The batch was refused: "+strings.TrimPrefix(err.Error(), "batch: "))
	}
	sn, links, err := s.sensorForStream(ctx, serial)
	if err != nil {
		return nil, err
	}
	if sn.Kind != KindWrist {
		return nil, web.BadInput("serial", "Deze sensor is als matrassensor geregistreerd en levert geen ruwe versnellingen.", "This sensor is registered as a mattress sensor and delivers no raw acceleration.")
	}
	if err := s.checkRate(ctx, &sn, bt.RateMHz); err != nil {
		return nil, err
	}
	res := &Result{Format: "stream"}
	pieces, err := s.splitRaw(ctx, links, bt.Start, bt.RateMHz, len(bt.X), res)
	if err != nil {
		return nil, err
	}
	for i := range pieces {
		p := &pieces[i]
		p.blk.X, p.blk.Y, p.blk.Z = bt.X[p.from:p.to], bt.Y[p.from:p.to], bt.Z[p.from:p.to]
	}
	if len(pieces) == 0 {
		if res.Refused > 0 && res.Problems[len(res.Problems)-1].Code == "geen_grondslag" {
			return res, web.Forbidden(msgNoBasis, msgNoBasisEN)
		}
		return res, web.BadInput("batch", "Geen samples opgeslagen: de batch valt buiten elke koppeling van de sensor aan een cliënt.", "No samples stored: the batch lies outside every link of the sensor to a client.")
	}
	key := "seq:" + strconv.FormatUint(bt.Seq, 10)
	if err := s.storeRaw(ctx, sn, key, contentHash(body), pieces, res); err != nil {
		return nil, err
	}
	return res, nil
}

// hourGroup names the raw data of one sensor, client and hour.
type hourGroup struct {
	sensorID, clientID, hour int64
}

// ReducePending reduces every sensor-hour whose raw data waits and whose
// hour ended at least ReduceGrace before now (all of them when all is
// set), then recomputes the nights they touch. It is safe on several
// instances: each hour is reduced inside one transaction that first takes
// a transaction-scoped advisory lock. It returns the number of hours
// reduced.
func (s *Service) ReducePending(ctx context.Context, all bool) (int, error) {
	cutoff := s.clock.Now().Add(-s.ReduceGrace).Unix() - 3600
	if all {
		cutoff = math.MaxInt64 / 2
	}
	groups, err := s.store.pendingHours(ctx, cutoff)
	if err != nil {
		return 0, err
	}
	return s.reduceGroups(ctx, groups)
}

func (s *Service) reduceGroups(ctx context.Context, groups []hourGroup) (int, error) {
	touched := map[int64]map[string]bool{}
	done := 0
	for _, g := range groups {
		ok, err := s.reduceHour(ctx, g)
		if err != nil {
			return done, err
		}
		if !ok {
			continue
		}
		done++
		if touched[g.clientID] == nil {
			touched[g.clientID] = map[string]bool{}
		}
		h := time.Unix(g.hour, 0)
		touched[g.clientID][NightOf(h, s.loc)] = true
		touched[g.clientID][NightOf(h.Add(59*time.Minute), s.loc)] = true
	}
	for c, ds := range touched {
		var dates []string
		for d := range ds {
			dates = append(dates, d)
		}
		if err := s.RecomputeNights(ctx, c, dates); err != nil {
			return done, err
		}
	}
	return done, nil
}

// reduceLockKey names the advisory lock of the reducer.
const reduceLockKey = 0x51ee9_0001

// reduceHour merges the hour block and the waiting chunks of one
// sensor-hour on one grid, stores the minute epochs and the new hour block
// and drops the chunks, all in one transaction.
func (s *Service) reduceHour(ctx context.Context, g hourGroup) (bool, error) {
	did := false
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if ok, err := s.db.TryAdvisoryLock(ctx, tx, reduceLockKey^g.sensorID^(g.hour<<8)); err != nil || !ok {
			return err
		}
		chunks, err := s.store.lockChunks(ctx, tx, g)
		if err != nil || len(chunks) == 0 {
			return err
		}
		var grid *HourGrid
		oldRate, old, err := s.store.hourBlock(ctx, tx, g)
		if err != nil {
			return err
		}
		hourStart := time.Unix(g.hour, 0).UTC()
		if old != nil {
			b, err := DecodeBlock(old)
			if err != nil {
				return fmt.Errorf("sensor %d hour %d: %w", g.sensorID, g.hour, err)
			}
			grid = NewHourGrid(hourStart, uint32(oldRate))
			grid.Place(b)
		}
		for _, c := range chunks {
			if grid == nil {
				grid = NewHourGrid(hourStart, uint32(c.rate))
			}
			if uint32(c.rate) != grid.RateMHz {
				s.logger.Warn("sleep: chunk with another rate dropped", "sensor", g.sensorID, "hour", g.hour)
				continue
			}
			b, err := DecodeBlock(c.data)
			if err != nil {
				s.logger.Warn("sleep: undecodable chunk dropped", "sensor", g.sensorID, "err", err)
				continue
			}
			grid.Place(b)
		}
		eps, err := grid.Minutes()
		if err != nil {
			return err
		}
		if err := s.store.upsertWrist(ctx, tx, g.clientID, eps); err != nil {
			return err
		}
		data, err := EncodeBlock(grid.Block())
		if err != nil {
			return err
		}
		now := s.clock.Now().UTC()
		if err := s.store.saveHourBlock(ctx, tx, g, int64(grid.RateMHz), grid.Present(), data, now, chunks); err != nil {
			return err
		}
		if err := s.aud.RecordTx(ctx, tx, nil, audit.Event{Action: audit.ActionCreate, ClientID: g.clientID, Object: "sleep_epochs",
			ObjectID: strconv.FormatInt(g.sensorID, 10) + "/" + strconv.FormatInt(g.hour, 10), Purpose: audit.PurposeCare, UserName: "sensor"}); err != nil {
			return err
		}
		did = true
		return nil
	})
	return did, err
}

// FormatLabel is the file's format in words (formatLabel), for the status
// page.
func (r *Result) FormatLabel() string { return formatLabel(r.Format) }
