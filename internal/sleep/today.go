package sleep

import (
	"context"
	"github.com/volwaardig/volwaardig/internal/clients"
	"strconv"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/module"
)

// Today lists, for the night staff (zorgverlener), the clients of their
// locations whose last night deviated from their usual nights (the
// module contract's optional module.Today), so the morning starts with
// who needs a look. It reads through the morning overview's own scoped
// query, which records each client's row as the overview page does.
func (s *Service) Today(ctx context.Context, p *auth.Principal) ([]module.Task, error) {
	if p.Role == auth.RoleNaaste {
		return s.relativeToday(ctx, p)
	}
	if p.Role != auth.RoleZorgverlener {
		return nil, nil
	}
	today := s.clock.Now().In(s.loc)
	night := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, s.loc).AddDate(0, 0, -1)
	rows, err := s.overview(ctx, p, night.Format("2006-01-02"))
	if err != nil {
		return nil, err
	}
	en := translations()
	var out []module.Task
	for _, row := range rows {
		if !row.HasNight || !row.Night.Flagged() {
			continue
		}
		flags := row.Night.FlagTexts()
		flagsEN := make([]string, len(flags))
		for i, f := range flags {
			flagsEN[i] = f
			if v, ok := en[f]; ok {
				flagsEN[i] = v
			}
		}
		out = append(out, module.Task{Href: "/nachtrust/clienten/" + strconv.FormatInt(row.ClientID, 10),
			Label:   "Afwijkende nacht: " + row.Name,
			LabelEN: "Deviating night: " + row.Name,
			Note:    strings.Join(flags, ", "), NoteEN: strings.Join(flagsEN, ", ")})
	}
	return out, nil
}

// relativeToday tells a relative, for each client who shares their sleep
// data with them (or whom they represent), how last night went, in the
// words of the relative's page it links to: how long, and whether it was
// unlike the usual nights. Each client's night read is recorded as that
// page records it (openClient), on the client's behalf.
func (s *Service) relativeToday(ctx context.Context, p *auth.Principal) ([]module.Task, error) {
	reach, err := s.reg.Represented(ctx, p, clients.SubjectSleepData)
	if err != nil {
		return nil, err
	}
	// Last night is the one that began yesterday evening, as on the
	// night staff's list above; NightOf would name tonight after noon.
	last := s.clock.Now().In(s.loc).AddDate(0, 0, -1).Format("2006-01-02")
	en := translations()
	var out []module.Task
	for _, au := range reach {
		nights, err := s.Nights(ctx, au.ClientID, last, last)
		if err != nil {
			return nil, err
		}
		if len(nights) == 0 {
			continue
		}
		name, err := s.openClient(ctx, p, au.ClientID, "sleep_summary")
		if err != nil {
			return nil, err
		}
		n := nights[len(nights)-1]
		t := module.Task{Href: "/nachtrust/naaste/" + strconv.FormatInt(au.ClientID, 10),
			Label: "Afgelopen nacht van " + name + ": geen meting", LabelEN: "Last night of " + name + ": no measurement"}
		if n.Status == StatusOK {
			nl, en := sleptWords(n.TST)
			t.Label, t.LabelEN = "Afgelopen nacht van "+name+": "+nl+" geslapen", "Last night of "+name+": slept "+en
		}
		if n.Flagged() {
			flags := n.FlagTexts()
			flagsEN := make([]string, len(flags))
			for i, f := range flags {
				flagsEN[i] = f
				if v, ok := en[f]; ok {
					flagsEN[i] = v
				}
			}
			t.Note, t.NoteEN = strings.Join(flags, ", "), strings.Join(flagsEN, ", ")
		}
		out = append(out, t)
	}
	return out, nil
}

// sleptWords says a number of minutes as a relative reads it: "7 uur en 5
// minuten" (and in English), not "7:05".
func sleptWords(minutes int) (nl, en string) {
	minutes = max(minutes, 0)
	h, m := minutes/60, minutes%60
	nl, en = strconv.Itoa(h)+" uur", strconv.Itoa(h)+" "+plural(h, "hour", "hours")
	if m > 0 {
		nl += " en " + strconv.Itoa(m) + " " + plural(m, "minuut", "minuten")
		en += " and " + strconv.Itoa(m) + " " + plural(m, "minute", "minutes")
	}
	return nl, en
}

func plural(n int, one, more string) string {
	if n == 1 {
		return one
	}
	return more
}
