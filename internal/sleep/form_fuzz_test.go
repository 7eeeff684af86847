package sleep

import (
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/testkit"
	"github.com/volwaardig/volwaardig/internal/web"
)

// FuzzDecodeSensorForm feeds the sensor registration form arbitrary
// values: decoding never panics and is deterministic, every error names a
// field of the form, and an accepted sensor has a trimmed serial of 1 to
// 64 bytes, a known kind and a positive location id.
func FuzzDecodeSensorForm(f *testing.F) {
	f.Add("GT3X-001", KindWrist, "kamer 3", "12")
	f.Add(" ", KindBed, "", "0")
	f.Add(strings.Repeat("s", 65), "onbekend", "", "-1")
	f.Add("\x00", "", "\xff", "99999999999999999999")
	f.Fuzz(func(t *testing.T, serial, kind, label, location string) {
		form := url.Values{"serial": {serial}, "kind": {kind}, "label": {label}, "location": {location}}
		sn, shown, errs := decodeSensorForm(form)
		sn2, shown2, errs2 := decodeSensorForm(form)
		if sn != sn2 || !reflect.DeepEqual(shown, shown2) || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.BilingualErrorsAtFields(t, errs, "serial", "kind", "location")
		if shown["serial"] != serial || shown["location"] != location {
			t.Fatalf("form shown again as %v", shown)
		}
		if len(errs) > 0 {
			return
		}
		if sn.Serial == "" || len(sn.Serial) > 64 || sn.Serial != strings.TrimSpace(sn.Serial) {
			t.Fatalf("serial %q accepted", sn.Serial)
		}
		if sn.Kind != KindWrist && sn.Kind != KindBed {
			t.Fatalf("kind %q accepted", sn.Kind)
		}
		if n, err := strconv.ParseInt(location, 10, 64); err != nil || n <= 0 || n != sn.LocationID {
			t.Fatalf("location %q read as %d", location, sn.LocationID)
		}
	})
}

// FuzzDecodeLinkForm feeds the sensor link form arbitrary values: decoding
// never panics and is deterministic, every error names a field of the
// form, and an accepted link starts on a real day and ends on a later
// real day or not at all.
func FuzzDecodeLinkForm(f *testing.F) {
	f.Add("7", "01-12-2026", "")
	f.Add("7", "01-12-2026", "31-12-2026")
	f.Add("", "01-12-2026", "01-12-2026")
	f.Add("x", "31-02-2026", "2026-13-01")
	f.Add("-1", "", " ")
	fm := web.NewFormatter()
	f.Fuzz(func(t *testing.T, client, start, end string) {
		form := url.Values{"client": {client}, "start": {start}, "end": {end}}
		in, shown, errs := decodeLinkForm(form, fm)
		in2, shown2, errs2 := decodeLinkForm(form, fm)
		if in != in2 || !reflect.DeepEqual(shown, shown2) || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.BilingualErrorsAtFields(t, errs, "start", "end")
		if len(errs) > 0 {
			return
		}
		inRange := func(d time.Time) bool { return d.Year() >= 1900 && d.Year() <= 2199 }
		if in.Start.IsZero() || !inRange(in.Start) {
			t.Fatalf("start %q read as %v", start, in.Start)
		}
		if strings.TrimSpace(end) == "" != in.End.IsZero() || !in.End.IsZero() && (!in.End.After(in.Start) || !inRange(in.End)) {
			t.Fatalf("end %q read as %v (start %v)", end, in.End, in.Start)
		}
	})
}

// FuzzDecodeNoteForm feeds the note form arbitrary values: no panic,
// deterministic, every error at "date" or "text" in Dutch and English, and
// an accepted note has a date that exists and a trimmed, readable text of
// 1 to 500 characters.
func FuzzDecodeNoteForm(f *testing.F) {
	f.Add("05-12-2026", "Nieuwe matras")
	f.Add("31-02-2026", "")
	f.Add("", strings.Repeat("z", 501))
	f.Add("5-12-2026", "  \xff ")
	f.Add("2026-12-05", "\n")
	fm := web.NewFormatter()
	f.Fuzz(func(t *testing.T, date, text string) {
		form := url.Values{"date": {date}, "text": {text}}
		in, errs := decodeNoteForm(form, fm)
		in2, errs2 := decodeNoteForm(form, fm)
		if in != in2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.BilingualErrorsAtFields(t, errs, "date", "text")
		if len(errs) > 0 {
			return
		}
		if _, err := time.Parse("2006-01-02", in.Date); err != nil {
			t.Fatalf("date %q accepted as %q", date, in.Date)
		}
		if in.Text != strings.TrimSpace(text) || !noteTextOK(in.Text) || !utf8.ValidString(in.Text) || utf8.RuneCountInString(in.Text) > 500 {
			t.Fatalf("accepted text %q", in.Text)
		}
	})
}

// FuzzDecodeUploadFields feeds the upload form's sensor, frequency and
// start arbitrary values: no panic, deterministic, every error at its
// field in Dutch and English, and accepted fields name one of the
// uploader's sensors, a rate in (0, 3200] or none, and a start that reads
// back from the text.
func FuzzDecodeUploadFields(f *testing.F) {
	f.Add("3", "30", "05-12-2026 22:00")
	f.Add("3", "12,5", "")
	f.Add("4", "", "")
	f.Add("", "NaN", "31-02-2026 22:00")
	f.Add("3", "Inf", "x")
	f.Add("-3", "3200.0001", "05-12-2026 25:00")
	f.Add("3", "1e-400", " 05-12-2026 22:00 ")
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		f.Fatal(err)
	}
	sensors := []Sensor{{ID: 3}, {ID: 7}}
	f.Fuzz(func(t *testing.T, sensor, hz, start string) {
		form := url.Values{"sensor": {sensor}, "hz": {hz}, "start": {start}}
		in, errs := decodeUploadFields(form, sensors, loc)
		in2, errs2 := decodeUploadFields(form, sensors, loc)
		if in.SensorID != in2.SensorID || in.Hz != in2.Hz || !in.Start.Equal(in2.Start) || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.BilingualErrorsAtFields(t, errs, "sensor", "hz", "start")
		if len(errs) > 0 {
			return
		}
		if in.SensorID != 3 && in.SensorID != 7 {
			t.Fatalf("sensor %q accepted as %d", sensor, in.SensorID)
		}
		if strings.TrimSpace(hz) == "" && in.Hz != 0 || strings.TrimSpace(hz) != "" && !(in.Hz > 0 && in.Hz <= 3200) {
			t.Fatalf("rate %q accepted as %v", hz, in.Hz)
		}
		if strings.TrimSpace(start) == "" != in.Start.IsZero() {
			t.Fatalf("start %q accepted as %v", start, in.Start)
		}
	})
}
