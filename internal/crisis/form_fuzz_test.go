package crisis

import (
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// FuzzDecodeDecideForm feeds the decide page's bed and team forms
// arbitrary values: decoding never panics and is deterministic, a refusal
// names the choice's field in Dutch and English, and an accepted form has
// the positive id that was typed.
func FuzzDecodeDecideForm(f *testing.F) {
	f.Add(true, "12", "1", "geen bed in de eigen regio")
	f.Add(false, "3", "", "")
	f.Add(true, "", "1", "")
	f.Add(false, "-4", "0", "x")
	f.Add(true, " 99999999999999999999 ", "ja", "")
	f.Fuzz(func(t *testing.T, bed bool, id, escalate, reason string) {
		choice := "team"
		if bed {
			choice = "bed"
		}
		form := url.Values{choice: {id}, "opschalen": {escalate}, choice + "reden": {reason}}
		in, errs := decodeDecideForm(form, choice)
		in2, errs2 := decodeDecideForm(form, choice)
		if !reflect.DeepEqual(in, in2) || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		if len(errs) > 0 {
			if len(errs) != 1 || errs[0].Field != choice || errs[0].Message == "" || errs[0].English == "" || in != (decideForm{}) {
				t.Fatalf("refusal %+v of %+v", errs, in)
			}
			return
		}
		if n, err := strconv.ParseInt(strings.TrimSpace(id), 10, 64); err != nil || n <= 0 || n != in.ID {
			t.Fatalf("id %q read as %d", id, in.ID)
		}
		if in.Escalate != (escalate == "1") || in.Reason != reason {
			t.Fatalf("form read as %+v", in)
		}
	})
}

// FuzzDecodeSettingsForm feeds a region's settings form arbitrary values:
// decoding and checking never panic and are deterministic, every error
// names a field of the region's form in Dutch and English, and accepted
// settings have both norms in 1–168 hours, the acute one not longer, and a
// stay of 1–90 days.
func FuzzDecodeSettingsForm(f *testing.F) {
	f.Add("ZK11", "24", "4", "14")
	f.Add(" zk31 ", "168", "168", "90")
	f.Add("ZK11", "", "", "")
	f.Add("ZK11", "0", "0", "0")
	f.Add("ZK11", "12", "24", "91")
	f.Add("ZK11", "-1", "99999999999999999999", "1e3")
	f.Fuzz(func(t *testing.T, region, norm, acute, stay string) {
		form := url.Values{"regio": {region}, "norm": {norm}, "acuut": {acute}, "verblijf": {stay}}
		st := decodeSettingsForm(form)
		if st != decodeSettingsForm(form) {
			t.Fatal("decoding is not deterministic")
		}
		if st.AcuteNormHours == 0 {
			st.AcuteNormHours = 4 // what SetSettings does: the region's current acute norm
		}
		errs := settingsErrors(st)
		if !reflect.DeepEqual(errs, settingsErrors(st)) {
			t.Fatal("checking is not deterministic")
		}
		fields := []string{"norm-" + st.Region, "acuut-" + st.Region, "verblijf-" + st.Region}
		for _, e := range errs {
			if !slices.Contains(fields, e.Field) || e.Message == "" || e.English == "" {
				t.Fatalf("error %+v names no field of %v", e, fields)
			}
		}
		if len(errs) > 0 {
			return
		}
		if st.NormHours < 1 || st.NormHours > 168 || st.AcuteNormHours < 1 || st.AcuteNormHours > st.NormHours || st.StayLimitDays < 1 || st.StayLimitDays > 90 {
			t.Fatalf("accepted %+v", st)
		}
		if st.Region != strings.ToUpper(strings.TrimSpace(region)) {
			t.Fatalf("region %q read as %q", region, st.Region)
		}
	})
}
