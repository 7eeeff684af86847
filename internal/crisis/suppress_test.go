package crisis

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
)

// The period's total minus the shown months must not give a hidden month
// away (the 90 - 88), nor a month minus its shown regions a hidden
// region: the API, like the page, hides a complement.
func TestAggregatesAPIHidesComplement(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		for range 6 {
			f.report(t, "Eerste maand", UrgencyHigh)
		}
		f.clock.Advance(35 * 24 * time.Hour)
		for range 2 {
			f.report(t, "Tweede maand", UrgencyHigh)
		}
		prog := &auth.Principal{UserID: 103, Role: auth.RoleProgramma}
		rec := f.do(t, prog, "GET", "/api/v1/crisis/aggregates", "", "")
		if rec.Code != http.StatusOK {
			t.Fatalf("%d %s", rec.Code, rec.Body)
		}
		var out struct {
			Total  any `json:"total"`
			Months []struct {
				Month  string `json:"month"`
				Crises any    `json:"crises"`
			} `json:"months"`
			Regions []struct {
				Month  string `json:"month"`
				Crises any    `json:"crises"`
			} `json:"regions"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatal(err)
		}
		// leaks reports whether total minus the shown parts pins a hidden
		// part: one hidden, or several that can only all be 1.
		leaks := func(total any, parts []any) bool {
			tot, ok := total.(float64)
			if !ok {
				return false
			}
			hidden := 0
			for _, p := range parts {
				if n, ok := p.(float64); ok {
					tot -= n
				} else {
					hidden++
				}
			}
			return (hidden == 1 && tot > 0 && tot < MinCount) || (hidden > 1 && tot == float64(hidden))
		}
		var months []any
		for _, m := range out.Months {
			if n, ok := m.Crises.(float64); ok && n > 0 && n < MinCount {
				t.Errorf("month %s shows %v crises", m.Month, n)
			}
			months = append(months, m.Crises)
			var regions []any
			for _, r := range out.Regions {
				if r.Month == m.Month {
					regions = append(regions, r.Crises)
				}
			}
			if leaks(m.Crises, regions) {
				t.Errorf("month %s: %v minus its regions %v gives one away", m.Month, m.Crises, regions)
			}
		}
		if len(months) != 2 || leaks(out.Total, months) {
			t.Errorf("total %v minus the months %v gives one away", out.Total, months)
		}
	})
}
