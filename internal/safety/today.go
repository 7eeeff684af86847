package safety

import (
	"context"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/module"
	"github.com/volwaardig/volwaardig/internal/web"
)

// Today (module.Today) lists what waits in the module: for a reporter with
// an account, each open report with its status and whether the adviser
// wrote, worded neutrally (someone may look along on the start page); for
// the confidential adviser, the count of new reports (a count names
// nobody and is not recorded).
func (s *Service) Today(ctx context.Context, p *auth.Principal) ([]module.Task, error) {
	if IsAdviser(p) {
		n, err := s.store.countNew(ctx, p.Scope.Organisations)
		if err != nil || n == 0 {
			return nil, err
		}
		return []module.Task{{Count: n, Href: "/meldingen/behandelen", Urgent: true,
			Label:   web.Plural(n, "nieuwe melding", "nieuwe meldingen") + " voor de vertrouwenspersoon",
			LabelEN: web.Plural(n, "new report", "new reports") + " for the confidential adviser"}}, nil
	}
	rs, err := s.MineFor(ctx, p)
	if err != nil {
		return nil, err
	}
	var out []module.Task
	for _, r := range rs {
		if !r.Status.Open() {
			continue
		}
		t := module.Task{Href: "/meldingen/mijn", Label: "Uw melding van " + web.NewFormatter().Date(r.CreatedAt) + ": " + lower(r.Status.Label()),
			LabelEN: "Your report of " + web.NewFormatter().Date(r.CreatedAt) + ": " + lower(statusEN[r.Status])}
		if len(r.Messages) > 0 && !r.Messages[len(r.Messages)-1].FromReporter {
			t.Note, t.NoteEN = "De vertrouwenspersoon heeft u geschreven.", "The confidential adviser wrote to you."
		}
		out = append(out, t)
	}
	return out, nil
}

var statusEN = map[Status]string{StatusNew: "New", StatusInProgress: "Being handled", StatusClosed: "Closed"}

func lower(s string) string {
	if s == "" {
		return s
	}
	b := []byte(s)
	if b[0] >= 'A' && b[0] <= 'Z' {
		b[0] += 'a' - 'A'
	}
	return string(b)
}
