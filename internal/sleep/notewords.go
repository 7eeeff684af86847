package sleep

import (
	"fmt"
	"math"

	"github.com/volwaardig/volwaardig/internal/chart"
)

// The note comparison in the words of the ward (issue 11): what changed,
// by how much, and whether that is likely more than chance, without
// p-values or test names. Those stay in the API (api_notes.go), for
// whoever wants to check the figures.

// noteAlpha is the p-value below which a difference is called "waarschijnlijk
// geen toeval" on the page.
const noteAlpha = 0.05

// Differences smaller than these are "ongeveer even": a few minutes or
// half an awakening a night is within what one night to the next varies.
const (
	sameMinutes    = 5
	sameAwakenings = 0.5
)

// noteView is one note on the client page: its comparison and the
// comparison told in sentences.
type noteView struct {
	NoteComparison
	Sentences []string
}

// Compared reports whether both sides have enough nights to compare.
func (c NoteComparison) Compared() bool {
	return c.BeforeNights >= minCompareNights && c.AfterNights >= minCompareNights
}

// minutesText is "1 minuut" or "n minuten".
func minutesText(m float64, t func(string) string) string {
	n := int(math.Round(math.Abs(m)))
	if n == 1 {
		return t("1 minuut")
	}
	return fmt.Sprintf(t("%d minuten"), n)
}

// chance is the clause on chance that ends a sentence about a difference.
func chance(c Comparison, t func(string) string) string {
	if c.P < noteAlpha {
		return t("; dat verschil is waarschijnlijk geen toeval.")
	}
	return t("; dat verschil kan ook toeval zijn.")
}

// Change is how much a usual night (the median) changed: the figure a nurse
// can check against the "from … to" the page shows beside it. The
// Hodges–Lehmann Shift differs from it and stays in the API; on the page
// "7 minutes longer (from 8:29 to 8:36)" must add up.
func (c Comparison) Change() float64 {
	return c.MedianAfter - c.MedianBefore
}

// MinutesBefore and MinutesAfter are the usual nights in whole minutes, as
// the page shows them (a median of 14 nights can end in half a minute).
func (c Comparison) MinutesBefore() float64 { return math.Round(c.MedianBefore) }

// MinutesAfter: see MinutesBefore.
func (c Comparison) MinutesAfter() float64 { return math.Round(c.MedianAfter) }

// MinutesChange is the change between the whole minutes shown, so the
// figures on the page add up ("van 509 naar 516": 7, not 6,5 shown as 6).
func (c Comparison) MinutesChange() float64 { return c.MinutesAfter() - c.MinutesBefore() }

// Sentences tells the comparison in three sentences about name (sleep,
// awake after falling asleep, awakenings), or nil when there are too few
// nights to compare. t translates the Dutch formats.
func (c NoteComparison) Sentences(name string, t func(string) string) []string {
	if !c.Compared() {
		return nil
	}
	var out []string
	tst := c.TST
	switch {
	case tst.MinutesChange() >= sameMinutes:
		out = append(out, fmt.Sprintf(t("Na de verandering sliep %s op een gewone nacht %s langer (van %s naar %s uur)"), name, minutesText(tst.MinutesChange(), t), hm(int(tst.MinutesBefore())), hm(int(tst.MinutesAfter())))+chance(tst, t))
	case tst.MinutesChange() <= -sameMinutes:
		out = append(out, fmt.Sprintf(t("Na de verandering sliep %s op een gewone nacht %s korter (van %s naar %s uur)"), name, minutesText(tst.MinutesChange(), t), hm(int(tst.MinutesBefore())), hm(int(tst.MinutesAfter())))+chance(tst, t))
	default:
		out = append(out, fmt.Sprintf(t("Na de verandering sliep %s ongeveer even lang als ervoor (%s uur per nacht)."), name, hm(int(tst.MinutesAfter()))))
	}
	w := c.WASO
	switch {
	case w.MinutesChange() >= sameMinutes:
		out = append(out, fmt.Sprintf(t("Na het inslapen was %s op een gewone nacht %s langer wakker (van %d naar %d minuten)"), name, minutesText(w.MinutesChange(), t), int(w.MinutesBefore()), int(w.MinutesAfter()))+chance(w, t))
	case w.MinutesChange() <= -sameMinutes:
		out = append(out, fmt.Sprintf(t("Na het inslapen was %s op een gewone nacht %s korter wakker (van %d naar %d minuten)"), name, minutesText(w.MinutesChange(), t), int(w.MinutesBefore()), int(w.MinutesAfter()))+chance(w, t))
	default:
		out = append(out, fmt.Sprintf(t("Na het inslapen was %s ongeveer even lang wakker als ervoor (%d minuten per nacht)."), name, int(w.MinutesAfter())))
	}
	a := c.Awakenings
	switch {
	case a.Change() >= sameAwakenings:
		out = append(out, fmt.Sprintf(t("%s werd vaker wakker: van %s naar %s keer per nacht"), name, chart.DutchNumber(a.MedianBefore), chart.DutchNumber(a.MedianAfter))+chance(a, t))
	case a.Change() <= -sameAwakenings:
		out = append(out, fmt.Sprintf(t("%s werd minder vaak wakker: van %s naar %s keer per nacht"), name, chart.DutchNumber(a.MedianBefore), chart.DutchNumber(a.MedianAfter))+chance(a, t))
	default:
		out = append(out, fmt.Sprintf(t("%s werd ongeveer even vaak wakker als ervoor (%s keer per nacht)."), name, chart.DutchNumber(a.MedianAfter)))
	}
	return out
}
