package monitor

import (
	"context"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/module"
	"github.com/volwaardig/volwaardig/internal/web"
)

// figureIndex is the figures of every built module at one moment.
type figureIndex struct {
	at      time.Time
	modules []string        // the modules that answered, sorted
	failed  map[string]bool // modules that could not answer
	byKey   map[string][]module.Figure
	module  map[string]string // key → module
}

// readFigures asks every other module for its figures now.
func (s *Service) readFigures(ctx context.Context) figureIndex {
	ix := figureIndex{at: s.now(), failed: map[string]bool{}, byKey: map[string][]module.Figure{}, module: map[string]string{}}
	for _, mf := range s.figures.AllFigures(ctx) {
		if mf.Err != nil {
			ix.failed[mf.Module] = true
			s.logger.Warn("monitor: a module's figures could not be read", "module", mf.Module, "err", mf.Err)
			continue
		}
		ix.modules = append(ix.modules, mf.Module)
		for _, f := range mf.Figures {
			ix.byKey[f.Key] = append(ix.byKey[f.Key], f)
			ix.module[f.Key] = mf.Module
		}
	}
	sort.Strings(ix.modules)
	return ix
}

// figure is the figure of key for region ("" national).
func (ix figureIndex) figure(key, region string) (module.Figure, bool) {
	for _, f := range ix.byKey[key] {
		if f.Region == region {
			return f, true
		}
	}
	return module.Figure{}, false
}

// moduleNames are the modules' names as the people who use them know
// them (the words of their menus). A figure's module is its code name
// ("relatives"), which is for keys and logs; a page or report says
// "module Naasten". A module not listed is shown by its code name.
var moduleNames = map[string]string{
	"placement": "Complexe zorg", "crisis": "Crisis", "innovation": "Innovatie", "support": "Cliëntondersteuning",
	"relatives": "Naasten", "knowledge": "Kennisbank", "sleep": "Nachtrust", "safety": "Melden van geweld", "monitor": "Monitor",
}

// moduleName is the Dutch name of a module's code name.
func moduleName(code string) string {
	if n, ok := moduleNames[code]; ok {
		return n
	}
	return code
}

// ModuleName is the Dutch name of the module the value was computed from.
func (r Reading) ModuleName() string { return moduleName(r.Module) }

// ModuleName is the Dutch name of the figure's module.
func (f FigureInfo) ModuleName() string { return moduleName(f.Module) }

// national is the national line of every key, sorted by key, for the
// indicator form and the API.
func (ix figureIndex) national() []FigureInfo {
	var out []FigureInfo
	for key, fs := range ix.byKey {
		for _, f := range fs {
			if f.Region == "" {
				out = append(out, FigureInfo{Key: key, Module: ix.module[key], Label: f.Label, LabelEN: f.LabelEN, Unit: f.Unit, Decimals: f.Decimals, Persons: f.Persons})
			}
		}
	}
	slices.SortFunc(out, func(a, b FigureInfo) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// FigureInfo describes a figure an indicator may be computed from.
type FigureInfo struct {
	Key      string `json:"key"`
	Module   string `json:"module"`
	Label    string `json:"label"`
	LabelEN  string `json:"label_en"`
	Unit     string `json:"unit"`
	Decimals int    `json:"decimals"`
	Persons  bool   `json:"persons"`
}

// Source says where a reading comes from.
type Source string

// The sources of a reading.
const (
	SourceLive        Source = "live"         // the module's figure now
	SourceSnapshot    Source = "momentopname" // the last daily snapshot in the period
	SourceManual      Source = "handmatig"    // entered by hand with a source
	SourceUnavailable Source = "niet_beschikbaar"
	SourceNone        Source = "geen"
)

// Reading is an indicator's value in a period (and region), with how it
// was found.
type Reading struct {
	Source   Source
	Value    int
	Decimals int
	// Hidden is a count of people under 5, shown as "<5".
	Hidden bool
	// FigureLabel, Module and At say how a computed value was computed;
	// Note is a hand-entered value's source and MeasuredOn its day.
	FigureLabel string
	Module      string
	At          time.Time
	Note        string
	MeasuredOn  Day
	// Why says, for a value that is not available, what is missing.
	Why string
}

// Known reports whether the reading has a value.
func (r Reading) Known() bool {
	return r.Source == SourceLive || r.Source == SourceSnapshot || r.Source == SourceManual
}

// Text is the value as shown: the Dutch number, "<5" for a hidden count,
// "–" for none.
func (r Reading) Text() string {
	switch {
	case !r.Known():
		return "–"
	case r.Hidden:
		return web.HiddenText
	}
	return FormatAmount(r.Value, r.Decimals)
}

// Count is the reading as a web.Count for pages and the API (0 for none).
func (r Reading) Count() web.Count { return web.Count{N: r.Value, Hidden: r.Hidden} }

// hidden reports whether a person count must be suppressed: 1 to 4 people.
func hidden(persons bool, v, decimals int) bool {
	return persons && decimals == 0 && v > 0 && v < 5
}

// readingContext is what a reading is computed from: the live figures,
// the snapshots of the period, the hand-entered measurements.
type readingContext struct {
	ix       figureIndex
	period   Period
	today    Day
	region   string
	snaps    map[[2]string]Snapshot // latest in the period by key and region
	measured map[[2]int64]Measurement
}

// reading finds an indicator's value: a hand-entered measurement of the
// period (national only), else for a computed indicator the live figure
// when the period is the current one, or the period's last snapshot.
func (rc readingContext) reading(in Indicator) Reading {
	if m, ok := rc.measured[[2]int64{in.ID, rc.period.ID}]; ok && rc.region == "" {
		return Reading{Source: SourceManual, Value: m.Value, Decimals: in.Decimals, Hidden: hidden(in.Persons, m.Value, in.Decimals), Note: m.Source, MeasuredOn: m.MeasuredOn}
	}
	if in.Kind != KindComputed {
		if rc.region != "" {
			return Reading{Source: SourceNone, Why: "Alleen landelijk bekend"}
		}
		return Reading{Source: SourceNone, Why: "Nog geen meting in deze periode"}
	}
	mod, _, _ := strings.Cut(in.FigureKey, ".")
	if rc.period.Contains(rc.today) {
		f, ok := rc.ix.figure(in.FigureKey, rc.region)
		switch {
		case ok:
			return Reading{Source: SourceLive, Value: f.Value, Decimals: f.Decimals, Hidden: hidden(f.Persons, f.Value, f.Decimals), FigureLabel: f.Label, Module: rc.ix.module[in.FigureKey], At: rc.ix.at}
		case rc.ix.failed[mod]:
			return Reading{Source: SourceUnavailable, Module: mod, Why: "de module kon haar cijfers nu niet geven"}
		case !slices.Contains(rc.ix.modules, mod):
			return Reading{Source: SourceUnavailable, Module: mod, Why: "de module is er niet"}
		case rc.region != "":
			if _, national := rc.ix.figure(in.FigureKey, ""); national {
				return Reading{Source: SourceNone, Module: mod, Why: "Dit cijfer is er niet per regio"}
			}
		}
		return Reading{Source: SourceUnavailable, Module: mod, Why: "de module geeft dit cijfer niet"}
	}
	if sn, ok := rc.snaps[[2]string{in.FigureKey, rc.region}]; ok {
		return Reading{Source: SourceSnapshot, Value: sn.Value, Decimals: sn.Decim, Hidden: hidden(sn.Persons, sn.Value, sn.Decim), FigureLabel: sn.Label, Module: sn.Module, At: sn.At}
	}
	return Reading{Source: SourceNone, Module: mod, Why: "Geen momentopname in deze periode"}
}

// newReadingContext reads what the readings of a period need.
func (s *Service) newReadingContext(ctx context.Context, ix figureIndex, p Period, region string) (readingContext, error) {
	rc := readingContext{ix: ix, period: p, today: s.today(), region: region, snaps: map[[2]string]Snapshot{}}
	var err error
	if rc.measured, err = s.store.measurements(ctx); err != nil {
		return rc, err
	}
	if p.ID == 0 {
		return rc, nil
	}
	snaps, err := s.store.latestSnapshots(ctx, p.Starts, p.Ends, region)
	if err != nil {
		return rc, err
	}
	for _, sn := range snaps {
		rc.snaps[[2]string{sn.Key, sn.Region}] = sn
	}
	return rc, nil
}

// Progress is a reading as a share of the target in percent, and whether
// it can be computed (a known, shown value and a target above 0).
func Progress(r Reading, in Indicator) (float64, bool) {
	if !r.Known() || r.Hidden || !in.HasTarget || in.Target <= 0 {
		return 0, false
	}
	v := float64(r.Value)
	for d := r.Decimals; d < in.Decimals; d++ {
		v *= 10
	}
	for d := in.Decimals; d < r.Decimals; d++ {
		v /= 10
	}
	return 100 * v / float64(in.Target), true
}
