package sleep

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/web"
)

// LoadEpochs reads a client's stored minutes in [from, to).
func (s *Service) LoadEpochs(ctx context.Context, q interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}, clientID int64, from, to time.Time) ([]EpochRow, error) {
	return s.store.epochs(ctx, q, clientID, from, to)
}

// RecomputeNights recomputes the given nights of a client from the stored
// minutes, writes the scored state and non-wear flag back to the minutes,
// and refreshes the baseline and flags of these and all later nights.
func (s *Service) RecomputeNights(ctx context.Context, clientID int64, dates []string) error {
	if len(dates) == 0 {
		return nil
	}
	slices.Sort(dates)
	dates = slices.Compact(dates)
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, d := range dates {
			from, to, err := NightWindow(d, s.loc)
			if err != nil {
				return err
			}
			rows, err := s.LoadEpochs(ctx, tx, clientID, from, to)
			if err != nil {
				return err
			}
			n, res := ComputeNight(clientID, d, from, to, rows)
			if len(res) > 0 {
				up := make([][]any, len(res))
				for i, m := range res {
					nw := int64(0)
					if m.NonWear {
						nw = 1
					}
					up[i] = []any{clientID, m.T.Unix(), string(rune(m.State)), nw}
				}
				if err := s.store.upsertRows(ctx, tx, clientID, []string{"client_id", "t", "state", "nonwear"}, []string{"state", "nonwear"}, up); err != nil {
					return err
				}
			}
			if n.Status == StatusNoData && len(res) == 0 {
				if err := s.store.deleteNight(ctx, tx, clientID, d); err != nil {
					return err
				}
				continue
			}
			if err := s.store.saveNight(ctx, tx, n, s.clock.Now().UTC()); err != nil {
				return err
			}
		}
		return s.refreshBaselines(ctx, tx, clientID, dates[0])
	})
	return err
}

// refreshBaselines recomputes baselines and flags of the nights from `from`
// on, using the nights before it as history.
func (s *Service) refreshBaselines(ctx context.Context, tx *sql.Tx, clientID int64, from string) error {
	d, err := time.Parse("2006-01-02", from)
	if err != nil {
		return err
	}
	histFrom := d.AddDate(0, 0, -60).Format("2006-01-02")
	nights, err := s.store.nightsFrom(ctx, tx, clientID, histFrom)
	if err != nil {
		return err
	}
	ApplyBaselines(nights)
	for _, n := range nights {
		if n.Date < from {
			continue
		}
		if err := s.store.setBaseline(ctx, tx, n.Baseline, n.Flags, clientID, n.Date); err != nil {
			return err
		}
	}
	return nil
}

// Nights lists a client's nights from date from to date to (inclusive),
// oldest first.
func (s *Service) Nights(ctx context.Context, clientID int64, from, to string) ([]Night, error) {
	return s.store.nightsBetween(ctx, clientID, from, to)
}

// LastNight returns the client's most recent night, if any.
func (s *Service) LastNight(ctx context.Context, clientID int64) (Night, bool, error) {
	ns, err := s.store.lastNight(ctx, clientID)
	if err != nil || len(ns) == 0 {
		return Night{}, false, err
	}
	return ns[0], true, nil
}

// Note is a note on an intervention ("nieuwe matras", "later eten").
type Note struct {
	ID        int64
	ClientID  int64
	Date      string // the first night the change applied to
	Text      string
	CreatedBy int64
	// Author is the writer's name as it was when the note was written
	// (empty for notes from before it was recorded).
	Author    string
	CreatedAt time.Time
}

// DateNL is the note's first night as dd-mm-jjjj.
func (n Note) DateNL() string { return dateNL(n.Date) }

// AddNote records an intervention note.
func (s *Service) AddNote(ctx context.Context, n Note) (int64, error) {
	n.Text = strings.TrimSpace(n.Text)
	if !noteTextOK(n.Text) {
		return 0, errNoteText
	}
	if _, err := time.Parse("2006-01-02", n.Date); err != nil {
		return 0, errNoteDate
	}
	var id int64
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = s.store.insertNote(ctx, tx, n, s.clock.Now().UTC())
		return err
	})
	return id, err
}

// Notes lists a client's notes, newest first.
func (s *Service) Notes(ctx context.Context, clientID int64) ([]Note, error) {
	return s.store.notes(ctx, clientID)
}

// NoteComparison compares the usable nights in the CompareNights nights
// before a note's date with those from its date on.
type NoteComparison struct {
	Note                      Note
	TST, WASO, Awakenings     Comparison
	BeforeNights, AfterNights int
}

// CompareNights is the window on each side of a note.
const CompareNights = 14

// Compare builds the before/after comparison of a note.
func (s *Service) Compare(ctx context.Context, n Note) (NoteComparison, error) {
	d, err := time.Parse("2006-01-02", n.Date)
	if err != nil {
		return NoteComparison{}, errors.Join(errNoteDate, err)
	}
	ns, err := s.Nights(ctx, n.ClientID, d.AddDate(0, 0, -CompareNights).Format("2006-01-02"), d.AddDate(0, 0, CompareNights-1).Format("2006-01-02"))
	if err != nil {
		return NoteComparison{}, err
	}
	var bt, at, bw, aw, ba, aa []float64
	for _, x := range ns {
		if x.Status != StatusOK {
			continue
		}
		if x.Date < n.Date {
			bt, bw, ba = append(bt, float64(x.TST)), append(bw, float64(x.WASO)), append(ba, float64(x.Awakenings))
		} else {
			at, aw, aa = append(at, float64(x.TST)), append(aw, float64(x.WASO)), append(aa, float64(x.Awakenings))
		}
	}
	return NoteComparison{Note: n, TST: MannWhitney(bt, at), WASO: MannWhitney(bw, aw), Awakenings: MannWhitney(ba, aa), BeforeNights: len(bt), AfterNights: len(at)}, nil
}

var (
	errNoteText = web.BadInput("text", "Beschrijf de verandering in hoogstens 500 tekens, bijvoorbeeld ‘nieuwe matras’.", "Describe the change in at most 500 characters, for example ‘new mattress’.")
	errNoteDate = web.BadInput("date", "Vul een bestaande datum in als dd-mm-jjjj, bijvoorbeeld 05-12-2026.", "Enter a date that exists as dd-mm-yyyy, for example 05-12-2026.")
)

// noteTextOK is the rule of a note's trimmed text: 1 to 500 characters of
// readable text (invalid UTF-8 is refused here rather than by the
// database).
func noteTextOK(t string) bool {
	return t != "" && utf8.RuneCountInString(t) <= 500 && utf8.ValidString(t)
}

// noteForm is the note form: the night's date as 2006-01-02 and the
// trimmed text.
type noteForm struct {
	Date string
	Text string
}

// decodeNoteForm reads the note form without the database, so it can be
// fuzzed (issue 18): a date that exists, typed as fm reads it, and a text
// that keeps noteTextOK. Every mistake at once; the note only when there
// is none.
func decodeNoteForm(f url.Values, fm web.Formatter) (noteForm, []web.FieldError) {
	// In the form's order (the text, then the night), so the summary
	// reads like the form.
	var errs []web.FieldError
	text := strings.TrimSpace(f.Get("text"))
	if !noteTextOK(text) {
		errs = append(errs, web.FieldError{Field: "text", Message: errNoteText.Message, English: errNoteText.English})
	}
	d, err := fm.ParseDate(f.Get("date"))
	if err != nil {
		errs = append(errs, web.FieldError{Field: "date", Message: errNoteDate.Message, English: errNoteDate.English})
	}
	if len(errs) > 0 {
		return noteForm{}, errs
	}
	return noteForm{Date: d.Format("2006-01-02"), Text: text}, nil
}
