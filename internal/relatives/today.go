package relatives

import (
	"context"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/module"
	"github.com/volwaardig/volwaardig/internal/web"
)

var _ module.Today = (*Service)(nil)

// Today (module.Today) lists what waits today: for a relative the plans
// due for review and the peers asking for contact (a request otherwise
// waits unseen until she opens the peers' page), for an expert the
// call-backs waiting. Counts name nobody and are not recorded.
func (s *Service) Today(ctx context.Context, p *auth.Principal) ([]module.Task, error) {
	if p == nil || p.Role != auth.RoleNaaste {
		return nil, nil
	}
	var out []module.Task
	n, err := s.store.countDue(ctx, p.UserID, s.now())
	if err != nil {
		return nil, err
	}
	if n > 0 {
		verb, verbEN := "zijn", "are"
		if n == 1 {
			verb, verbEN = "is", "is"
		}
		out = append(out, module.Task{Label: web.Plural(n, "plan", "plannen") + " " + verb + " toe aan een controle",
			LabelEN: web.Plural(n, "plan", "plans") + " " + verbEN + " due for review", Count: n, Href: "/naasten/plan"})
	}
	if n, err = s.store.countPeerRequestsTo(ctx, p.UserID); err != nil {
		return nil, err
	}
	if n > 0 {
		verb, verbEN := "willen", "want"
		if n == 1 {
			verb, verbEN = "wil", "wants"
		}
		out = append(out, module.Task{Label: web.Plural(n, "lotgenoot", "lotgenoten") + " " + verb + " contact met u",
			LabelEN: web.Plural(n, "peer", "peers") + " " + verbEN + " to be in touch with you", Count: n, Href: "/naasten/lotgenoten"})
	}
	if p.HasDuty(auth.DutyExpertByExperience) {
		n, err := s.store.countOpenFor(ctx, p.UserID)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			verb, verbEN := "wachten", "wait"
			if n == 1 {
				verb, verbEN = "wacht", "waits"
			}
			out = append(out, module.Task{Label: web.Plural(n, "naaste", "naasten") + " " + verb + " op terugbellen",
				LabelEN: web.Plural(n, "relative", "relatives") + " " + verbEN + " for a call-back", Count: n, Href: "/naasten/ervaringsdeskundige"})
		}
	}
	return out, nil
}
