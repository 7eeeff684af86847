package placement

import (
	"encoding/json"
	"fmt"
	"math/bits"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/web"
)

// RunReason is what a batch run saw for one person, as codes and numbers:
// for a placed person why the place is theirs, for an unplaced one why not
// and what would change that. It is stored with the run (JSON in
// placement_run_people.reason) so the run's page says it in the reader's
// language and tells what the run saw, not the register of later. The
// failing checks of the nearest place are kept with their texts in both
// languages, as Explain wrote them, since they name the place's and the
// person's facts of that moment.
type RunReason struct {
	Placed bool `json:"placed"`
	// Status and Days are the person's waiting status and days waiting.
	Status WaitingStatus `json:"status,omitempty"`
	Days   int           `json:"days"`
	// Km is the distance from the family to the place (negative: unknown);
	// InWishRegion and WithWishProvider say whether the place meets the
	// person's wishes; Free is the place's free room.
	Km               float64 `json:"km"`
	InWishRegion     bool    `json:"in_wish_region,omitempty"`
	WithWishProvider bool    `json:"with_wish_provider,omitempty"`
	Free             int     `json:"free,omitempty"`
	// Fitting counts the free places that fit an unplaced person and went
	// to others (0: none fit).
	Fitting int `json:"fitting,omitempty"`
	// Help is what would give an unplaced person a place; Place names the
	// place that comes closest and Checks are its failing checks.
	Help   RunHelp       `json:"help,omitempty"`
	Place  string        `json:"place,omitempty"`
	Checks []storedCheck `json:"checks,omitempty"`
}

// RunHelp names what would give an unplaced person a place.
type RunHelp string

// The kinds of help.
const (
	// HelpAnotherPlace: places fit but went to others; one more, or one
	// coming free, places the person next time.
	HelpAnotherPlace RunHelp = "plek_erbij"
	// HelpNoPlace: the run had no free place at all.
	HelpNoPlace RunHelp = "geen_plek"
	// HelpCondition: the nearest place fits when help is arranged.
	HelpCondition RunHelp = "voorwaarde"
	// HelpNearest: the nearest place lacks what the person needs.
	HelpNearest RunHelp = "dichtstbij"
)

// storedCheck is a failing Check as a run stores it.
type storedCheck struct {
	Code      string  `json:"code"`
	Fix       FixKind `json:"fix,omitempty"`
	Label     string  `json:"label"`
	LabelEN   string  `json:"label_en,omitempty"`
	Detail    string  `json:"detail"`
	DetailEN  string  `json:"detail_en,omitempty"`
	FixText   string  `json:"fix_text,omitempty"`
	FixTextEN string  `json:"fix_text_en,omitempty"`
}

// PlacedReason is the reason a batch gives place pl to person p at now.
func PlacedReason(p Person, pl Place, now time.Time) RunReason {
	e := Explain(p, pl, now)
	return RunReason{
		Placed:           true,
		Status:           p.Waiting,
		Days:             int(now.Sub(p.RegisteredAt).Hours() / 24),
		Km:               e.Soft.DistanceKm,
		InWishRegion:     p.WishRegion != "" && p.WishRegion == pl.Region,
		WithWishProvider: p.WishOrganisation != 0 && p.WishOrganisation == pl.OrganisationID,
		Free:             pl.Free(),
	}
}

// UnplacedReason is the reason a batch leaves person p without a place,
// given fitting (Unplaced.Fitting) and the run's places: when fitting
// places went to others, one more fitting place would help; otherwise the
// place that comes closest, with the help that would make it fit (to
// propose under that condition) or what it lacks.
func UnplacedReason(p Person, fitting int, places []Place, now time.Time) RunReason {
	r := RunReason{Status: p.Waiting, Days: int(now.Sub(p.RegisteredAt).Hours() / 24), Km: -1, Fitting: fitting}
	best, bestFails := -1, 0
	for j, pl := range places {
		fails, _ := checkBits(p, pl, now, false)
		if fails == 0 {
			r.Help = HelpAnotherPlace
			return r
		}
		if n := bits.OnesCount32(fails); best < 0 || n < bestFails {
			best, bestFails = j, n
		}
	}
	if best < 0 {
		r.Help = HelpNoPlace
		return r
	}
	e := Explain(p, places[best], now)
	r.Place = places[best].Name
	r.Help = HelpNearest
	if e.Fixable {
		r.Help = HelpCondition
	}
	for _, c := range e.Failures() {
		r.Checks = append(r.Checks, storedCheck{Code: c.Code, Fix: c.Fix, Label: c.Label, LabelEN: c.LabelEN,
			Detail: c.Detail, DetailEN: c.DetailEN, FixText: c.FixText, FixTextEN: c.FixTextEN})
	}
	return r
}

// explanation rebuilds the nearest place's failing checks as an
// Explanation, so its reason and condition read as on the ranking.
func (r RunReason) explanation() Explanation {
	e := Explanation{Fixable: len(r.Checks) > 0}
	for _, c := range r.Checks {
		ch := Check{Code: c.Code, Fix: c.Fix, Label: c.Label, LabelEN: c.LabelEN, Detail: c.Detail, DetailEN: c.DetailEN, FixText: c.FixText, FixTextEN: c.FixTextEN}
		e.Checks = append(e.Checks, ch)
		e.Failed++
		if c.Fix == FixNone {
			e.Fixable = false
		} else {
			e.Fixes = append(e.Fixes, ch)
		}
	}
	return e
}

// WhyIn says in lang why the person got the place, or why they got none.
func (r RunReason) WhyIn(lang string) string {
	if !r.Placed {
		return unplacedWhy(r.Fitting, lang)
	}
	status := r.Status.Label()
	if lang == web.LangEN {
		status = pick(lang, status, translations[status])
		wait := "waiting 1 day"
		if r.Days != 1 {
			wait = fmt.Sprintf("waiting %d days", r.Days)
		}
		return fmt.Sprintf("Meets every hard requirement. %s, %s. %s", status, wait, fitWords(r.Km, r.InWishRegion, r.WithWishProvider, r.Free, lang))
	}
	wait := "wacht 1 dag"
	if r.Days != 1 {
		wait = fmt.Sprintf("wacht %d dagen", r.Days)
	}
	return fmt.Sprintf("Voldoet aan alle harde eisen. %s, %s. %s", status, wait, fitWords(r.Km, r.InWishRegion, r.WithWishProvider, r.Free, lang))
}

// unplacedWhy says why a person got no place: no free place met every
// hard requirement, or the fitting ones went to people before them.
func unplacedWhy(fitting int, lang string) string {
	en := lang == web.LangEN
	switch {
	case fitting == 0 && en:
		return "No free place meets every hard requirement."
	case fitting == 0:
		return "Geen vrije plek voldoet aan alle harde eisen."
	case fitting == 1 && en:
		return "The one fitting place went to someone more urgent or waiting longer."
	case fitting == 1:
		return "De enige passende plek ging naar iemand met meer urgentie of langere wachttijd."
	case en:
		return fmt.Sprintf("The %d fitting places went to people more urgent or waiting longer.", fitting)
	}
	return fmt.Sprintf("De %d passende plekken gingen naar mensen met meer urgentie of langere wachttijd.", fitting)
}

// HelpIn says in lang what would give an unplaced person a place ("" for
// a placed person).
func (r RunReason) HelpIn(lang string) string {
	en := lang == web.LangEN
	switch r.Help {
	case HelpAnotherPlace:
		return pick(lang, "Een passende plek erbij, of een passende plek die vrijkomt, geeft deze persoon een plek in een volgende batch.",
			"One more fitting place, or a fitting place coming free, gives this person a place in a next batch.")
	case HelpNoPlace:
		return pick(lang, "Er is geen vrije plek in dit gebied. Een batch voor het hele land, of de regionale tafel, kan verder zoeken.",
			"There is no free place in this area. A batch for the whole country, or the regional table, can search further.")
	case HelpCondition:
		cond := r.explanation().ConditionTextIn(lang)
		if en {
			return r.Place + " fits if help is arranged. " + cond + " Propose the place under that condition on the person's page."
		}
		return r.Place + " past als hulp geregeld wordt. " + cond + " Stel de plek onder die voorwaarde voor op de pagina van de persoon."
	case HelpNearest:
		// Each thing the place lacks in its own sentence: the run's page
		// has room for them, and a list of check names ("mist op tijd
		// gereed en samenstelling groep") does not read.
		var parts []string
		for _, c := range r.explanation().Failures() {
			parts = append(parts, c.DetailIn(lang))
		}
		reason := lowerFirst(strings.Join(parts, " "))
		if en {
			return "The closest is " + r.Place + ": " + reason + " A place that does provide this is needed; the shortage analysis counts this need."
		}
		return "Het dichtst bij komt " + r.Place + ": " + reason + " Een plek die daarin wel voorziet is nodig; de tekortenanalyse telt deze behoefte mee."
	}
	return ""
}

// encodeReason is the stored form of a run's reason.
func encodeReason(r RunReason) (string, error) {
	b, err := json.Marshal(r)
	return string(b), err
}

// decodeReason reads a stored reason; ok is false for a row from before
// reasons were stored (its Dutch text is shown as it is).
func decodeReason(s string) (RunReason, bool, error) {
	if s == "" {
		return RunReason{}, false, nil
	}
	var r RunReason
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		return RunReason{}, false, fmt.Errorf("placement run reason: %w", err)
	}
	return r, true, nil
}
