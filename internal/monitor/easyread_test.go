package monitor

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// TestEasyReadNeverPrintsADash: an easy-read sentence never shows the "–"
// of a missing value (the demo's published 2021 report read "Er zijn –
// C.O.T.'s aan het werk."). Without a value in the period the previous
// period's is used and the text says whose it is; without any value the
// lines with the number become "Daar is nog geen cijfer over."; a hidden
// small count of people reads "Minder dan 5", never "<5".
func TestEasyReadNeverPrintsADash(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		if _, err := f.s.CreatePeriod(ctx, PeriodInput{Code: "2025", Name: "2025", Starts: "01-01-2025", Ends: "31-12-2025"}); err != nil {
			t.Fatal(err)
		}
		add := func(in IndicatorInput, easy string) int64 {
			t.Helper()
			in.GoalID = f.goal
			id, err := f.s.CreateIndicator(ctx, f.prog, in)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.s.SetEasyRead(ctx, f.prog, id, EasyReadInput{Text: easy, Reviewed: true}); err != nil {
				t.Fatal(err)
			}
			return id
		}
		teams := add(IndicatorInput{Name: "Teams", Kind: KindManual, Unit: "teams"}, "Er zijn {aantal} C.O.T.'s aan het werk.")
		if err := f.s.PutMeasurement(ctx, f.prog, teams, MeasurementInput{Period: "2025", Value: "14", Source: "Kamerbrief", MeasuredOn: "30-09-2025"}); err != nil {
			t.Fatal(err)
		}
		add(IndicatorInput{Name: "Verhuizingen", Kind: KindManual, Unit: "personen", Persons: true}, "Zorgorganisaties zochten plekken.\n{aantal} mensen gaan binnenkort verhuizen.")
		add(IndicatorInput{Name: "Crises", Kind: KindComputed, FigureKey: "crisis.open"}, "{aantal} mensen zijn nu in crisis.")
		rep, _, err := f.s.Report(ctx, "2026")
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]string{}
		for _, ri := range rep.Lines[0].Projects[0].Goals[0].Indicators {
			got[ri.Name] = ri.Easy
			for _, l := range ri.Easy {
				if strings.Contains(l, "–") || strings.Contains(l, "<5") || strings.Contains(l, "{aantal}") {
					t.Errorf("%s: easy-read line %q", ri.Name, l)
				}
			}
		}
		for name, want := range map[string][]string{
			"Teams":        {"Er zijn 14 C.O.T.'s aan het werk.", "Dit cijfer is van 2025. Er is nog geen nieuwer cijfer."},
			"Verhuizingen": {"Zorgorganisaties zochten plekken.", "Daar is nog geen cijfer over."},
			"Crises":       {"Minder dan 5 mensen zijn nu in crisis."},
		} {
			if !slices.Equal(got[name], want) {
				t.Errorf("%s: easy-read %q, want %q", name, got[name], want)
			}
		}
	})
}

// TestEasyReadCardNamesItsSubject: each card of the easy-read report
// carries its indicator's name, so a card whose number is not known yet
// ("Daar is nog geen cijfer over.") still says what it is about.
func TestEasyReadCardNamesItsSubject(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id, err := f.s.CreateIndicator(ctx, f.prog, IndicatorInput{GoalID: f.goal, Name: "Kennisproducten", Kind: KindManual, Unit: "producten"})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.s.SetEasyRead(ctx, f.prog, id, EasyReadInput{Text: "Er zijn {aantal} dingen gemaakt om van te leren.", Reviewed: true}); err != nil {
			t.Fatal(err)
		}
		body := f.do(t, f.prog, "GET", "/monitor/rapport/2026?versie=eenvoudig", "", "").Body.String()
		i := strings.Index(body, "Daar is nog geen cijfer over.")
		card := strings.LastIndex(body[:max(i, 0)], `<div class="card">`)
		if i < 0 || card < 0 || !strings.Contains(body[card:i], "<h4>Kennisproducten</h4>") {
			t.Fatalf("the card without a number does not name its subject")
		}
	})
}
