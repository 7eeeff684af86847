package relatives

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/web"
)

// The quality-of-life survey of relatives, repeated every two years
// (DESIGN §2.5). Answers are anonymous: a response row carries no account
// and no time; a separate row records only that an account answered a
// cycle, so each relative answers once per cycle. Results are published
// per cycle once at least minPublish relatives answered; below that every
// figure of the cycle is suppressed (web.Count), since a figure about four
// people may point at one of them.

// minPublish is the smallest number of respondents whose results are
// shown (the platform's small-count rule: counts under 5 are suppressed).
const minPublish = 5

// Quality is the answer to "Hoe is uw kwaliteit van leven?".
var qualities = []choice{{"zeer_goed", "Zeer goed"}, {"goed", "Goed"}, {"redelijk", "Redelijk"}, {"matig", "Matig"}, {"slecht", "Slecht"}}

// Satisfaction is the answer to "Hoe tevreden bent u met de steun die u
// als naaste krijgt?".
var satisfactions = []choice{{"tevreden", "Tevreden"}, {"neutraal", "Niet tevreden en niet ontevreden"}, {"niet_tevreden", "Niet tevreden"}}

type choice struct{ Value, Label string }

func validChoice(cs []choice, v string) bool {
	return slices.ContainsFunc(cs, func(c choice) bool { return c.Value == v })
}

// Cycle is one round of the survey: two calendar years.
type Cycle struct {
	ID       int64
	Name     string
	OpensAt  time.Time
	ClosesAt time.Time
}

// Open reports whether the cycle takes answers at now.
func (c Cycle) Open(now time.Time) bool { return !now.Before(c.OpensAt) && now.Before(c.ClosesAt) }

// cycleAt is the two-year cycle now falls in: cycles start on 1 January
// of an even year.
func cycleAt(now time.Time) Cycle {
	y := now.Year()
	if y%2 != 0 {
		y--
	}
	return Cycle{Name: fmt.Sprintf("%d–%d", y, y+1), OpensAt: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), ClosesAt: time.Date(y+2, 1, 1, 0, 0, 0, 0, time.UTC)}
}

// Answer is one relative's answers.
type Answer struct {
	Score        int    `json:"score"`
	Quality      string `json:"quality"`
	Happy        *bool  `json:"happy"`
	Satisfaction string `json:"satisfaction"`
	AlwaysReady  *bool  `json:"always_ready"`
	Remarks      string `json:"remarks,omitempty"`
}

const maxRemarks = 2000

func (a *Answer) validate() error {
	var errs []web.FieldError
	if a.Score < 1 || a.Score > 10 {
		errs = append(errs, web.FieldError{Field: "cijfer", Message: "Kies een cijfer van 1 tot en met 10.", English: "Choose a mark from 1 to 10."})
	}
	if !validChoice(qualities, a.Quality) {
		errs = append(errs, web.FieldError{Field: "kwaliteit", Message: "Kies hoe uw kwaliteit van leven is.", English: "Choose how your quality of life is."})
	}
	if a.Happy == nil {
		errs = append(errs, web.FieldError{Field: "gelukkig", Message: "Kies of u zich meestal gelukkig voelt.", English: "Choose whether you usually feel happy."})
	}
	if !validChoice(satisfactions, a.Satisfaction) {
		errs = append(errs, web.FieldError{Field: "tevreden", Message: "Kies hoe tevreden u bent met de steun die u krijgt.", English: "Choose how satisfied you are with the support you get."})
	}
	if a.AlwaysReady == nil {
		errs = append(errs, web.FieldError{Field: "klaarstaan", Message: "Kies of u het gevoel heeft dat u altijd klaar moet staan.", English: "Choose whether you feel you must always be ready."})
	}
	a.Remarks = strings.TrimSpace(a.Remarks)
	if utf8.RuneCountInString(a.Remarks) > maxRemarks {
		errs = append(errs, web.FieldError{Field: "opmerkingen", Message: fmt.Sprintf("Uw opmerkingen zijn te lang: maximaal %d tekens.", maxRemarks), English: fmt.Sprintf("Your remarks are too long: at most %d characters.", maxRemarks)})
	}
	return web.Invalid(errs...)
}

// CurrentCycle is the cycle open now, created when it does not exist yet
// (the first answer or visit of a new period opens it).
func (s *Service) CurrentCycle(ctx context.Context) (Cycle, error) {
	c := cycleAt(s.now())
	id, err := s.store.ensureCycle(ctx, s.d, c)
	c.ID = id
	return c, err
}

// Answered reports whether p answered the current cycle.
func (s *Service) Answered(ctx context.Context, p *auth.Principal) (Cycle, bool, error) {
	c, err := s.CurrentCycle(ctx)
	if err != nil {
		return c, false, err
	}
	ok, err := s.store.answered(ctx, c.ID, p.UserID)
	return c, ok, err
}

// Respond stores relative p's answers in the current cycle, once: a
// second answer in the same cycle is refused and nothing is written.
func (s *Service) Respond(ctx context.Context, p *auth.Principal, a Answer) error {
	if p == nil || p.Role != auth.RoleNaaste {
		return web.Forbidden("Alleen naasten vullen de vragenlijst in.", "Only relatives fill in the survey.")
	}
	if err := a.validate(); err != nil {
		return err
	}
	c, err := s.CurrentCycle(ctx)
	if err != nil {
		return err
	}
	return s.d.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.store.addRespondent(ctx, tx, c.ID, p.UserID); err != nil {
			if db.IsUniqueViolation(err) {
				return web.Conflict("U heeft de vragenlijst van "+c.Name+" al ingevuld. Over twee jaar komt er een nieuwe.", "You already filled in the survey of "+c.Name+". A new one follows in two years.")
			}
			return err
		}
		return s.store.addResponse(ctx, tx, c.ID, a)
	})
}

// Result is one cycle's published figures. Counts under minPublish hide
// every figure of the cycle.
type Result struct {
	Cycle       Cycle
	Respondents web.Count
	Published   bool
	// Score is the average mark times ten (75 = 7,5); the percentages
	// are whole percents of the respondents.
	Score           int
	GoodPct         int
	HappyPct        int
	NotSatisfiedPct int
	AlwaysReadyPct  int
}

// ScoreText is the average mark with a decimal comma.
func (r Result) ScoreText() string { return strconv.Itoa(r.Score/10) + "," + strconv.Itoa(r.Score%10) }

// Results are the figures of every cycle, oldest first.
func (s *Service) Results(ctx context.Context) ([]Result, error) {
	tallies, err := s.store.tallies(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Result, 0, len(tallies))
	for _, t := range tallies {
		r := Result{Cycle: t.cycle, Published: t.n >= minPublish, Respondents: web.Count{N: t.n, Hidden: t.n > 0 && t.n < minPublish}}
		if r.Published {
			pct := func(k int) int { return int(math.Round(100 * float64(k) / float64(t.n))) }
			r.Score = int(math.Round(10 * float64(t.scoreSum) / float64(t.n)))
			r.GoodPct, r.HappyPct, r.NotSatisfiedPct, r.AlwaysReadyPct = pct(t.good), pct(t.happy), pct(t.notSatisfied), pct(t.alwaysReady)
		}
		out = append(out, r)
	}
	return out, nil
}

// Latest is the most recent published measurement, false when none is.
func Latest(rs []Result) (Result, bool) {
	for i := len(rs) - 1; i >= 0; i-- {
		if rs[i].Published {
			return rs[i], true
		}
	}
	return Result{}, false
}

// tally is one cycle's sums, read by the store.
type tally struct {
	cycle                                               Cycle
	n, scoreSum, good, happy, notSatisfied, alwaysReady int
}
