package sleep

import (
	"context"
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
