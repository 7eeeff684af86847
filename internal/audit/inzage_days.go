package audit

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
)

// inzageDay is one day of "Wie heeft mijn gegevens bekeken", told in
// sentences rather than a wide table a phone cannot show: per person, how
// often they looked or changed something, and what.
type inzageDay struct {
	Label  string // "Maandag 3 november 2026", in the page's language
	People []inzagePerson
}

// inzagePerson is everything one person did with the client's data on
// one day.
type inzagePerson struct {
	Who          string
	Organisation string
	Role         auth.Role
	Viewed       int // reads
	Changed      int // every other action
	Whats        []string
	Purposes     []string
	// EasyAbout and EasyWhy are what the person looked at and why, in
	// everyday words, for the easy-read page (inzage_easy.go).
	EasyAbout []string
	EasyWhy   []string
	// Emergency: at least one access went through the noodknop; Reasons
	// are the reasons given, shown to the client (and who may read her log).
	Emergency bool
	Reasons   []string
	// Sentence says it in words: "Anne de Vries van Zorgkantoor Utrecht
	// keek 4 keer naar uw gegevens."
	Sentence string
}

var (
	weekdaysNL = [...]string{"Zondag", "Maandag", "Dinsdag", "Woensdag", "Donderdag", "Vrijdag", "Zaterdag"}
	monthsNL   = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}
)

// dayLabel names a day the way people say it ("Maandag 3 november 2026",
// "Monday 3 November 2026"), not as dd-mm-jjjj, because this list is read
// as sentences.
func dayLabel(t time.Time, lang string) string {
	if lang == "en" {
		return t.Format("Monday 2 January 2006")
	}
	return weekdaysNL[t.Weekday()] + " " + strconv.Itoa(t.Day()) + " " + monthsNL[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// groupByDay turns the log lines (newest first) into days (newest first)
// with, per day, one entry per person in order of their latest access;
// own is true when the reader is the client.
func groupByDay(lines []inzageLine, loc *time.Location, lang string, own bool) []inzageDay {
	var days []inzageDay
	lastKey := ""
	index := map[string]int{}
	for _, l := range lines {
		t := l.Time.In(loc)
		key := t.Format("2006-01-02")
		if key != lastKey {
			days = append(days, inzageDay{Label: dayLabel(t, lang)})
			lastKey, index = key, map[string]int{}
		}
		d := &days[len(days)-1]
		who := strconv.FormatInt(l.UserID, 10) + "\x00" + l.Who() + "\x00" + l.Organisation
		i, ok := index[who]
		if !ok {
			i = len(d.People)
			index[who] = i
			d.People = append(d.People, inzagePerson{Who: l.Who(), Organisation: l.Organisation, Role: l.Role})
		}
		p := &d.People[i]
		// Adding, changing, deleting and consents change something;
		// everything else (reading, searching, exporting, the noodknop)
		// is looking; the "Wat" line says which.
		switch l.Action {
		case ActionCreate, ActionUpdate, ActionDelete, ActionGrant, ActionRevoke:
			p.Changed++
		default:
			p.Viewed++
		}
		p.Whats = appendOnce(p.Whats, l.What)
		p.Purposes = appendOnce(p.Purposes, l.Purpose)
		p.EasyAbout = appendOnce(p.EasyAbout, easyObject(l.Object, own))
		p.EasyWhy = appendOnce(p.EasyWhy, easyPurpose(l.Access.Purpose))
		if l.Emergency {
			p.Emergency = true
			if l.Reason != "" {
				p.Reasons = appendOnce(p.Reasons, l.Reason)
			}
		}
	}
	return days
}

// tell writes each person's sentence, translated by tr; own is true when
// the reader is the client (uw gegevens), false for a representative
// (de gegevens), who is not the one whose data was looked at.
func tell(days []inzageDay, own bool, tr func(string) string) {
	for di := range days {
		for pi := range days[di].People {
			p := &days[di].People[pi]
			who := p.Who
			if p.Organisation != "" {
				who = fmt.Sprintf(tr("%s van %s"), p.Who, p.Organisation)
			}
			var parts []string
			switch {
			case p.Viewed == 1 && own:
				parts = append(parts, tr("keek 1 keer naar uw gegevens"))
			case p.Viewed == 1:
				parts = append(parts, tr("keek 1 keer naar de gegevens"))
			case p.Viewed > 1 && own:
				parts = append(parts, fmt.Sprintf(tr("keek %d keer naar uw gegevens"), p.Viewed))
			case p.Viewed > 1:
				parts = append(parts, fmt.Sprintf(tr("keek %d keer naar de gegevens"), p.Viewed))
			}
			switch {
			case p.Changed == 1:
				parts = append(parts, tr("veranderde 1 keer iets"))
			case p.Changed > 1:
				parts = append(parts, fmt.Sprintf(tr("veranderde %d keer iets"), p.Changed))
			}
			p.Sentence = who + " " + strings.Join(parts, " "+tr("en")+" ") + "."
		}
	}
}

func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
