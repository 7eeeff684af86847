package sleep

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/sleep/devicefile"
	"github.com/volwaardig/volwaardig/internal/sleep/score"
	"github.com/volwaardig/volwaardig/internal/web"
)

// File formats recognised on upload.
const (
	FormatAGD       = "agd"
	FormatGT3X      = "gt3x"
	FormatCWA       = "cwa"
	FormatGENEActiv = "bin"
	FormatEpochCSV  = "epoch-csv"
	FormatRawCSV    = "raw-csv"
	FormatBedCSV    = "bed-csv"
	// FormatUnknown is a file of no kind Nachtrust reads (a PDF, a photo,
	// a spreadsheet): it is refused by name instead of failing as a raw
	// CSV with a message about sample rates.
	FormatUnknown = "onbekend"
)

// formatLabel names a file format as the person who uploaded it knows it
// (Dutch; the page translates it): the status page showed the code
// ("bed-csv"), which says nothing to a night nurse.
func formatLabel(format string) string {
	switch format {
	case FormatAGD:
		return "ActiGraph-bestand (.agd)"
	case FormatGT3X:
		return "ActiGraph-bestand (.gt3x)"
	case FormatCWA:
		return "Axivity-bestand (.cwa)"
	case FormatGENEActiv:
		return "GENEActiv-bestand (.bin)"
	case FormatEpochCSV:
		return "CSV met epochs"
	case FormatRawCSV:
		return "CSV met ruwe versnellingen (x, y, z)"
	case FormatBedCSV:
		return "CSV van een matrassensor"
	}
	return "onbekend"
}

// Why a file of an unknown kind is refused, naming the kinds Nachtrust
// reads.
const (
	msgUnknownKind   = "Dit is geen apparaatbestand dat Nachtrust kent: %s. Nachtrust leest bestanden van ActiGraph (.gt3x, .agd of een epoch-CSV met de kolom axis1), Axivity (.cwa) en GENEActiv (.bin), ruwe versnellingen als CSV (x,y,z per regel) en matrassensor-CSV's (met de kolom movement of in_bed). Er is niets opgeslagen."
	msgUnknownKindEN = "This is not a device file Nachtrust knows: %s. Nachtrust reads files from ActiGraph (.gt3x, .agd or an epoch CSV with the column axis1), Axivity (.cwa) and GENEActiv (.bin), raw acceleration as CSV (x,y,z per line) and mattress sensor CSVs (with the column movement or in_bed). Nothing was stored."
)

// Why a file whose data was all refused stored nothing: the reasons
// (outside the link, no legal basis) follow from the problems.
const (
	msgAllRefused   = "Niets opgeslagen: alle %d %s in dit bestand zijn geweigerd."
	msgAllRefusedEN = "Nothing stored: all %d %s in this file were refused."
)

// FileOptions are what an upload tells besides the bytes: a raw CSV
// carries neither its rate nor its start time.
type FileOptions struct {
	Hz    float64
	Start time.Time
	// Progress, when set, is told the fraction done (0..1) as stages end.
	Progress func(float64)
}

// DetectFormat tells the format from the name and the first bytes; the
// readers check the content again, so a mislabelled file fails with a
// clear message instead of garbage.
func DetectFormat(name string, head []byte) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".agd":
		return FormatAGD
	case ".gt3x":
		return FormatGT3X
	case ".cwa":
		return FormatCWA
	case ".bin":
		return FormatGENEActiv
	}
	line := head
	if i := bytes.IndexAny(line, "\r\n"); i >= 0 {
		line = line[:i]
	}
	l := strings.ToLower(strings.TrimPrefix(string(line), "\ufeff"))
	switch {
	case strings.HasPrefix(l, "timestamp") && strings.Contains(l, "axis1"):
		return FormatEpochCSV
	case strings.HasPrefix(l, "timestamp") && (strings.Contains(l, "movement") || strings.Contains(l, "in_bed")):
		return FormatBedCSV
	case looksRawCSV(head):
		return FormatRawCSV
	}
	return FormatUnknown
}

// looksRawCSV reports whether head (a file's first bytes) can begin a raw
// CSV as devicefile.ReadRawCSV reads it: text, and its first data line
// (after at most one header line of text) starts like a number and has
// at least three cells. Anything else is no raw CSV, so no other file is read as
// one.
func looksRawCSV(head []byte) bool {
	if bytes.IndexByte(head, 0) >= 0 {
		return false
	}
	text := strings.TrimPrefix(string(head), "\ufeff")
	lines := strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || r == '\r' })
	for i, ln := range lines {
		if i > 1 {
			break
		}
		ln = strings.TrimSpace(ln)
		cells := strings.Count(ln, ",") + 1
		if ln != "" && cells >= 3 && startsLikeNumber(ln) {
			return true
		}
		if i == 0 && !utf8.ValidString(ln) {
			return false // a header line is text
		}
	}
	return false
}

// startsLikeNumber reports whether s begins like a decimal number or NaN.
func startsLikeNumber(s string) bool {
	if strings.HasPrefix(strings.ToLower(s), "nan") {
		return true
	}
	s = strings.TrimLeft(s, "+-")
	s = strings.TrimPrefix(s, ".")
	return s != "" && s[0] >= '0' && s[0] <= '9'
}

// wall reads a clock time labelled UTC (a device without a zone) as a
// wall-clock time in loc; times with a real offset are kept.
func (s *Service) wall(t time.Time, zoned bool) time.Time {
	if zoned || t.Location() != time.UTC {
		return t.UTC()
	}
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), s.loc).UTC()
}

// readerProblems copies a reader's report into the result.
func readerProblems(res *Result, rep devicefile.Report) {
	for _, p := range rep.Problems {
		nl, en := problemText(p.Code)
		detailNL := ""
		if p.Field != "" {
			detailNL = "kolom " + p.Field
		}
		res.add(p.Code, p.Where, nl, en, p.What, detailNL)
	}
}

// problemText is the Dutch and English explanation of a reader's problem
// code.
func problemText(code string) (string, string) {
	switch code {
	case "corrupt_block", "corrupt_record", "corrupt_page":
		return "Een beschadigd stuk van het bestand is overgeslagen; de rest is gebruikt.", "A damaged part of the file was skipped; the rest was used."
	case "truncated":
		return "Het bestand houdt midden in een stuk op (afgebroken kopie?); het volledige deel is gebruikt.", "The file ends in the middle of a part (an interrupted copy?); the complete part was used."
	case "time_backwards":
		return "Tijden liepen terug; die metingen zijn overgeslagen.", "Times went backwards; those samples were skipped."
	case "duplicate", "duplicate_time":
		return "Dubbele tijd; de herhaling is overgeslagen.", "Duplicate time; the repetition was skipped."
	case "gap", "sequence_gap", "missing_pages":
		return "Er ontbreekt een stuk in de opname; daar is niets ingevuld.", "A part of the recording is missing; nothing was filled in."
	case "idle_sleep":
		return "De sensor lag stil en sloeg niets op (slaapstand); zoals ActiLife is de laatste meting herhaald.", "The sensor lay still and stored nothing (idle sleep); as ActiLife does, the last sample was repeated."
	case "rate_mismatch":
		return "De samplefrequentie in het bestand spreekt zichzelf tegen.", "The file's sample rate contradicts itself."
	case "implausible_count":
		return "Een telling is hoger dan een sensor in die tijd kan tellen, of negatief (een beschadigd of bewerkt bestand?); die epoch is overgeslagen.", "A count is higher than a sensor can count in that time, or negative (a damaged or edited file?); that epoch was skipped."
	case "blank_block":
		return "Lege blokken aan het eind van het bestand zijn overgeslagen.", "Empty blocks at the end of the file were skipped."
	}
	return "Een deel van het bestand is overgeslagen.", "Part of the file was skipped."
}

// serialMatches reports whether a file's serial number (empty when the
// file states none) can be the registered sensor's: data of one wearer
// uploaded through another wearer's sensor would be stored in the wrong
// client's record. Case, spaces and dashes do not count, and a file that
// states only digits (an Axivity CWA: "39434") matches a registered serial
// ending in that number ("AX3-39434"), leading zeros aside.
func serialMatches(registered, inFile string) bool {
	norm := func(v string) string {
		return strings.Map(func(r rune) rune {
			switch {
			case r >= '0' && r <= '9', r >= 'A' && r <= 'Z':
				return r
			case r >= 'a' && r <= 'z':
				return r - 'a' + 'A'
			}
			return -1
		}, v)
	}
	f, r := norm(inFile), norm(registered)
	if f == "" || f == r {
		return true
	}
	if strings.Trim(f, "0123456789") != "" {
		return strings.TrimLeft(f, "0") == strings.TrimLeft(r, "0")
	}
	// The number at the end of the registered serial, before separators
	// are dropped ("AX3-39434" ends in 39434, not 339434).
	reg := strings.TrimSpace(registered)
	tail := reg[len(strings.TrimRight(reg, "0123456789")):]
	return tail != "" && strings.TrimLeft(tail, "0") == strings.TrimLeft(f, "0")
}

// Why data of a sensor was not stored for a client it is linked to.
const (
	msgClientElsewhere   = "Een cliënt aan wie deze sensor gekoppeld is, krijgt geen zorg (meer) op de locatie van de sensor; voor die cliënt is niets opgeslagen. Laat de koppeling beëindigen of aanpassen."
	msgClientElsewhereEN = "A client this sensor is linked to does not (or no longer) receive care at the sensor's location; nothing was stored for that client. Have the link ended or changed."
)

// IngestFile reads one device file and stores what it holds for the
// clients the sensor is linked to: raw files as compressed hours reduced to
// minute epochs, epoch files directly as minutes. A file uploaded twice is
// recognised by its content hash and not stored again; a file overlapping
// earlier data replaces those minutes (no double counting).
func (s *Service) IngestFile(ctx context.Context, sn Sensor, name string, data []byte, opt FileOptions) *Result {
	res := s.ingestFile(ctx, sn, name, data, opt)
	s.ingestStats.record(res, res.Error != "")
	return res
}

func (s *Service) ingestFile(ctx context.Context, sn Sensor, name string, data []byte, opt FileOptions) *Result {
	progress := func(f float64) {
		if opt.Progress != nil {
			opt.Progress(f)
		}
	}
	res := &Result{File: name}
	res.Format = DetectFormat(name, data[:min(len(data), 512)])
	if res.Format == FormatUnknown {
		res.fail(fmt.Sprintf(msgUnknownKind, name), fmt.Sprintf(msgUnknownKindEN, name))
		return res
	}
	links, err := s.Links(ctx, sn.ID)
	var elsewhere bool
	if err == nil {
		links, elsewhere, err = s.deliveryLinks(ctx, sn, links)
	}
	if err != nil {
		res.fail("De koppelingen van de sensor konden niet worden gelezen.", "The sensor's links could not be read.")
		return res
	}
	if len(links) == 0 && elsewhere {
		res.fail(msgClientElsewhere, msgClientElsewhereEN)
		return res
	}
	if elsewhere {
		res.add("client_elders", "", msgClientElsewhere, msgClientElsewhereEN, "", "")
	}
	if len(links) == 0 {
		res.fail("Deze sensor is aan geen enkele cliënt gekoppeld; koppel hem eerst.", "This sensor is not linked to any client; link it first.")
		return res
	}
	hash := contentHash(data)
	progress(0.1)
	switch res.Format {
	case FormatAGD, FormatEpochCSV:
		var ep *devicefile.Epochs
		if res.Format == FormatAGD {
			ep, err = devicefile.ReadAGDFrom(ctx, bytes.NewReader(data), "")
		} else {
			ep, err = devicefile.ReadEpochCSV(bytes.NewReader(data))
		}
		if err != nil {
			res.fail("Het bestand kon niet worden gelezen als "+res.Format+": "+err.Error(), "The file could not be read as "+res.Format+": "+err.Error())
			return res
		}
		readerProblems(res, ep.Report)
		progress(0.4)
		if sn.Kind != KindWrist {
			res.fail("Dit is een bestand van een polssensor, maar de gekozen sensor is een matrassensor.", "This is a wrist sensor file, but the chosen sensor is a mattress sensor.")
			return res
		}
		err = s.ingestEpochs(ctx, sn, links, hash, ep, res)
	case FormatBedCSV:
		var bed *devicefile.BedEpochs
		bed, err = devicefile.ReadBedCSV(bytes.NewReader(data))
		if err != nil {
			res.fail("Het bestand kon niet worden gelezen als matras-CSV: "+err.Error(), "The file could not be read as mattress CSV: "+err.Error())
			return res
		}
		readerProblems(res, bed.Report)
		progress(0.4)
		if sn.Kind != KindBed {
			res.fail("Dit is een bestand van een matrassensor, maar de gekozen sensor is een polssensor.", "This is a mattress sensor file, but the chosen sensor is a wrist sensor.")
			return res
		}
		err = s.ingestBed(ctx, sn, links, hash, bed, res)
	default:
		if sn.Kind != KindWrist {
			res.fail("Ruwe versnellingen horen bij een polssensor, maar de gekozen sensor is een matrassensor.", "Raw acceleration belongs to a wrist sensor, but the chosen sensor is a mattress sensor.")
			return res
		}
		hz := opt.Hz
		if res.Format == FormatRawCSV && hz == 0 {
			res.fail("Een CSV met ruwe x,y,z heeft geen samplefrequentie: geef die op (bijvoorbeeld 30 Hz).", "A CSV of raw x,y,z carries no sample rate: give it (for example 30 Hz).")
			return res
		}
		// The reader streams the recording block by block into the
		// splitter, which keeps only compressed hours: the float samples
		// of the whole recording never exist, and a gap costs nothing
		// until its hours are written (issue 9). A bytes.Reader gives the
		// readers random access: a .gt3x zip is read in place.
		var sp *rawSplitter
		raw, rerr := devicefile.StreamRawFrom(name, bytes.NewReader(data), hz, func(h *devicefile.Raw, b devicefile.Block) error {
			if sp == nil {
				if !serialMatches(sn.Serial, h.Serial) {
					return &ingestStop{fmt.Sprintf("Dit bestand komt van sensor %s, maar u koos sensor %s. Er is niets opgeslagen: kies de sensor met serienummer %s, of registreer die eerst.", h.Serial, sn.Serial, h.Serial),
						fmt.Sprintf("This file comes from sensor %s, but you chose sensor %s. Nothing was stored: choose the sensor with serial number %s, or register it first.", h.Serial, sn.Serial, h.Serial)}
				}
				start := h.Start
				if res.Format == FormatRawCSV {
					if opt.Start.IsZero() {
						return &ingestStop{"Een CSV met ruwe x,y,z heeft geen starttijd: geef die op.", "A CSV of raw x,y,z carries no start time: give it."}
					}
					start = opt.Start
				}
				sp = s.newRawSplitter(ctx, links, s.wall(start, false), uint32(math.Round(h.SampleRate*1000)), res)
			}
			if err := sp.add(b); err != nil {
				return &ingestFailed{err}
			}
			return nil
		})
		var stop *ingestStop
		var failed *ingestFailed
		switch {
		case errors.As(rerr, &stop):
			res.fail(stop.nl, stop.en)
			return res
		case errors.As(rerr, &failed):
			err = failed.err
		case rerr != nil:
			res.fail("Het bestand kon niet worden gelezen: "+rerr.Error(), "The file could not be read: "+rerr.Error())
			return res
		default:
			readerProblems(res, raw.Report)
			progress(0.4)
			err = s.storeStream(ctx, sn, hash, sp, res)
		}
	}
	if err != nil {
		var we *web.Error
		if errors.As(err, &we) {
			res.fail(we.Message, we.English)
		} else {
			s.logger.ErrorContext(ctx, "sleep: ingest failed", "err", err)
			res.fail("Er ging iets mis bij het opslaan; probeer het later opnieuw.", "Something went wrong while storing; please try again later.")
		}
		return res
	}
	if res.Refused > 0 && res.Samples == 0 && res.Epochs == 0 && !res.Duplicate {
		// Everything was refused: not a finished upload. The reasons
		// are the problems beside it (outside the link, no basis).
		res.fail(fmt.Sprintf(msgAllRefused, res.Refused, res.RefusedUnitNL()), fmt.Sprintf(msgAllRefusedEN, res.Refused, res.RefusedUnit))
	}
	progress(1)
	return res
}

// AllRefused reports whether the file was read but all its data refused
// (outside the sensor's link, no legal basis): the upload is "geweigerd",
// not "klaar".
func (r *Result) AllRefused() bool {
	return r.Error != "" && r.Refused > 0 && r.Samples == 0 && r.Epochs == 0
}

// ingestStop ends a streamed raw file with a message for the uploader:
// the file was read far enough to see it must not be stored.
type ingestStop struct{ nl, en string }

func (e *ingestStop) Error() string { return e.en }

// ingestFailed carries an error of the ingest (not of the file) out of
// the reader's stream.
type ingestFailed struct{ err error }

func (e *ingestFailed) Error() string { return e.err.Error() }
func (e *ingestFailed) Unwrap() error { return e.err }

// ingestRaw stores a raw recording held in memory (the demo's night), by
// the path a streamed file takes.
func (s *Service) ingestRaw(ctx context.Context, sn Sensor, links []Link, hash string, raw *devicefile.Raw, res *Result) error {
	if raw.Len() == 0 {
		return web.BadInput("file", "Het bestand bevat geen metingen.", "The file holds no samples.")
	}
	sp := s.newRawSplitter(ctx, links, s.wall(raw.Start, false), uint32(math.Round(raw.SampleRate*1000)), res)
	if err := rawBlocks(raw, sp.add); err != nil {
		return err
	}
	return s.storeStream(ctx, sn, hash, sp, res)
}

// storeStream stores the pieces a splitter cut (nil: the file held no
// samples) under the file's content hash and reduces their hours.
func (s *Service) storeStream(ctx context.Context, sn Sensor, hash string, sp *rawSplitter, res *Result) error {
	if sp == nil {
		return web.BadInput("file", "Het bestand bevat geen metingen.", "The file holds no samples.")
	}
	if err := s.checkRate(ctx, &sn, sp.rateMHz); err != nil {
		res.First, res.Last = time.Time{}, time.Time{} // nothing was kept
		return err
	}
	pieces, err := sp.finish()
	if err != nil {
		return err
	}
	if len(pieces) == 0 {
		return nil
	}
	valid := sp.valid // samples of the file that hold data
	seen := map[hourGroup]bool{}
	var groups []hourGroup
	for _, p := range pieces {
		g := hourGroup{sn.ID, p.clientID, p.hour}
		if !seen[g] {
			seen[g] = true
			groups = append(groups, g)
		}
	}
	before, err := s.presentSamples(ctx, groups)
	if err != nil {
		return err
	}
	if err := s.storeRaw(ctx, sn, "file:"+hash, hash, pieces, res); err != nil {
		return err
	}
	if res.Duplicate {
		res.add("dubbel", "", "Dit bestand is eerder ontvangen; er is niets dubbel opgeslagen.", "This file was received before; nothing was stored twice.", "", "")
		return nil
	}
	if _, err := s.reduceGroups(ctx, groups); err != nil {
		return err
	}
	// What is new is what the stored hours hold now and did not before;
	// samples of moments an earlier file already delivered are kept once
	// and reported as overlap, not as stored.
	after, err := s.presentSamples(ctx, groups)
	if err != nil {
		return err
	}
	res.Samples = max(0, after-before)
	if res.Overlap = max(0, valid-res.Samples); res.Overlap > 0 {
		res.add("overlap", "", fmt.Sprintf("%d metingen waren al opgeslagen uit een eerder bestand; ze zijn één keer bewaard.", res.Overlap),
			fmt.Sprintf("%d samples were already stored from an earlier file; they are kept once.", res.Overlap), "", "")
	}
	return s.countStored(ctx, pieces, res)
}

// presentSamples counts the samples the stored hours of groups hold.
func (s *Service) presentSamples(ctx context.Context, groups []hourGroup) (int, error) {
	total := 0
	for _, g := range groups {
		n, err := s.store.presentInHour(ctx, g)
		if err != nil {
			return 0, err
		}
		total += int(n)
	}
	return total, nil
}

// countStored fills the epochs and nights of a result from the stored
// minutes of the pieces' span.
func (s *Service) countStored(ctx context.Context, pieces []piece, res *Result) error {
	nights := map[string]bool{}
	for _, p := range pieces {
		from := p.blk.Start.Truncate(time.Minute)
		to := p.blk.Start.Add(time.Duration(float64(p.n()) / (float64(p.blk.RateMHz) / 1000) * float64(time.Second)))
		n, err := s.store.minutesBetween(ctx, p.clientID, from, to)
		if err != nil {
			return err
		}
		res.Epochs += n
		nights[NightOf(from, s.loc)] = true
		nights[NightOf(to, s.loc)] = true
	}
	for d := range nights {
		res.Nights = append(res.Nights, d)
	}
	slices.Sort(res.Nights)
	return nil
}

// minuteClient decides per minute whether it may be stored: inside a link and
// with a legal basis. It returns the client or 0.
func (s *Service) minuteClient(ctx context.Context, links []Link, t time.Time, ref *refusals) (int64, error) {
	for _, l := range links {
		if l.Covers(t) {
			ok, err := s.hasBasis(ctx, l.ClientID, t)
			if err != nil {
				return 0, err
			}
			if !ok {
				ref.noBasis(l.ClientID, t, 1)
				return 0, nil
			}
			return l.ClientID, nil
		}
	}
	ref.outside(t, 1)
	return 0, nil
}

// ingestEpochs stores an epoch file (.agd or epoch CSV) per minute.
func (s *Service) ingestEpochs(ctx context.Context, sn Sensor, links []Link, hash string, ep *devicefile.Epochs, res *Result) error {
	mins, err := score.ToMinutes(ep.Times, ep.Axis1())
	if err != nil {
		return web.BadInput("file", "De tijden in het bestand lopen niet op: "+err.Error(), "The file's times do not increase: "+err.Error())
	}
	var vm []score.Minute
	if a2, a3 := ep.Column("axis2"), ep.Column("axis3"); a2 != nil && a3 != nil {
		v := score.VectorMagnitude(ep.Axis1(), a2, a3)
		vm, _ = score.ToMinutes(ep.Times, v)
	}
	perClient := map[int64][]MinuteEpoch{}
	var ref refusals
	var last time.Time
	for i, m := range mins {
		if m.Epochs == 0 {
			continue
		}
		t := s.wall(m.Start, ep.Zoned)
		if !last.IsZero() && !t.After(last) {
			res.add("dubbele_tijd", t.Format(time.RFC3339), "Een minuut kwam twee keer voor (wisseling van zomer- naar wintertijd?); de tweede is overgeslagen.",
				"A minute occurred twice (the change from summer to winter time?); the second was skipped.", "", "")
			continue
		}
		last = t
		c, err := s.minuteClient(ctx, links, t, &ref)
		if err != nil {
			return err
		}
		if c == 0 {
			continue
		}
		e := MinuteEpoch{T: t, Counts: m.Count, CountsVM: math.NaN(), ZAngle: math.NaN(), Coverage: math.Min(1, float64(m.Epochs)*ep.EpochLength.Seconds()/60)}
		if vm != nil && i < len(vm) {
			e.CountsVM = vm[i].Count
		}
		perClient[c] = append(perClient[c], e)
	}
	if err := s.reportRefused(ctx, res, ref, true); err != nil {
		return err
	}
	return s.storeMinutes(ctx, sn, hash, perClient, nil, res)
}

// ingestBed stores a bed-sensor CSV per minute (means of the epochs in a
// minute; in bed when most of them say so).
func (s *Service) ingestBed(ctx context.Context, sn Sensor, links []Link, hash string, bed *devicefile.BedEpochs, res *Result) error {
	type acc struct {
		mv, hr, br      float64
		nmv, nhr, nbr   int
		inBed, bedKnown int
	}
	var order []time.Time
	accs := map[int64]*acc{}
	for i, t0 := range bed.Times {
		t := s.wall(t0, bed.Zoned).Truncate(time.Minute)
		a := accs[t.Unix()]
		if a == nil {
			a = &acc{}
			accs[t.Unix()] = a
			order = append(order, t)
		}
		if v := bed.Movement[i]; !math.IsNaN(v) {
			a.mv += v
			a.nmv++
		}
		if v := bed.HeartRate[i]; !math.IsNaN(v) {
			a.hr += v
			a.nhr++
		}
		if v := bed.BreathingRate[i]; !math.IsNaN(v) {
			a.br += v
			a.nbr++
		}
		if bed.InBed[i] >= 0 {
			a.bedKnown++
			a.inBed += int(bed.InBed[i])
		}
	}
	mean := func(s float64, n int) float64 {
		if n == 0 {
			return math.NaN()
		}
		return s / float64(n)
	}
	perClient := map[int64][]BedMinute{}
	var ref refusals
	for _, t := range order {
		a := accs[t.Unix()]
		c, err := s.minuteClient(ctx, links, t, &ref)
		if err != nil {
			return err
		}
		if c == 0 {
			continue
		}
		m := BedMinute{T: t, Movement: mean(a.mv, a.nmv), HeartRate: mean(a.hr, a.nhr), BreathingRate: mean(a.br, a.nbr), InBed: -1}
		if a.bedKnown > 0 {
			m.InBed = 0
			if 2*a.inBed >= a.bedKnown {
				m.InBed = 1
			}
		}
		perClient[c] = append(perClient[c], m)
	}
	if err := s.reportRefused(ctx, res, ref, true); err != nil {
		return err
	}
	return s.storeMinutes(ctx, sn, hash, nil, perClient, res)
}

// storeMinutes writes minute epochs with the file's key in one
// transaction, then recomputes the nights they touch.
func (s *Service) storeMinutes(ctx context.Context, sn Sensor, hash string, wrist map[int64][]MinuteEpoch, bed map[int64][]BedMinute, res *Result) error {
	if len(wrist) == 0 && len(bed) == 0 {
		return nil
	}
	nights := map[int64]map[string]bool{}
	mark := func(c int64, t time.Time) {
		if nights[c] == nil {
			nights[c] = map[string]bool{}
		}
		nights[c][NightOf(t, s.loc)] = true
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var first int64
		for c := range wrist {
			first = c
		}
		for c := range bed {
			first = c
		}
		ins, err := s.store.insertBatch(ctx, tx, sn.ID, "file:"+hash, hash, first, 0, s.clock.Now().UTC())
		if err != nil {
			return err
		}
		if n, _ := ins.RowsAffected(); n == 0 {
			res.Duplicate = true
			res.add("dubbel", "", "Dit bestand is eerder ontvangen; er is niets dubbel opgeslagen.", "This file was received before; nothing was stored twice.", "", "")
			return nil
		}
		for c, eps := range wrist {
			if err := s.store.upsertWrist(ctx, tx, c, eps); err != nil {
				return err
			}
			res.Epochs += len(eps)
			for _, e := range eps {
				mark(c, e.T)
				if res.First.IsZero() || e.T.Before(res.First) {
					res.First = e.T
				}
				if e.T.After(res.Last) {
					res.Last = e.T
				}
			}
		}
		for c, ms := range bed {
			if err := s.store.upsertBed(ctx, tx, c, ms); err != nil {
				return err
			}
			res.Epochs += len(ms)
			for _, m := range ms {
				mark(c, m.T)
				if res.First.IsZero() || m.T.Before(res.First) {
					res.First = m.T
				}
				if m.T.After(res.Last) {
					res.Last = m.T
				}
			}
		}
		for c := range nights {
			if err := s.aud.RecordTx(ctx, tx, nil, audit.Event{Action: audit.ActionCreate, ClientID: c, Object: "sleep_epochs", ObjectID: "file:" + hash[:16], Purpose: audit.PurposeCare, UserName: "sensor " + sn.Serial}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || res.Duplicate {
		return err
	}
	for c, ds := range nights {
		var dates []string
		for d := range ds {
			dates = append(dates, d)
			res.Nights = append(res.Nights, d)
		}
		if err := s.RecomputeNights(ctx, c, dates); err != nil {
			return err
		}
	}
	slices.Sort(res.Nights)
	return nil
}
