package sleep

import (
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/web"
)

// checkFormErrors fails when an error names no field of the form or lacks
// its Dutch or English (issue 18: every refusal at its field).
func checkFormErrors(t *testing.T, errs []web.FieldError, fields ...string) {
	t.Helper()
	for _, e := range errs {
		if !slices.Contains(fields, e.Field) || e.Message == "" || e.English == "" {
			t.Fatalf("error %+v names no field of %v or lacks a message", e, fields)
		}
	}
}

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
		checkFormErrors(t, errs, "serial", "kind", "location")
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
		checkFormErrors(t, errs, "start", "end")
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
