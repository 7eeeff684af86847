package support

import (
	"context"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/module"
	"github.com/volwaardig/volwaardig/internal/web"
)

// followUpAfter is when a family without a follow-up measure is due one:
// half a year after intake (the pilots measure at intake and follow-up).
const followUpAfterDays = 182

// Today lists what waits in client support (module.Today): for the
// supporter the families whose follow-up measure is due, named as on the
// caseload (which records the read); for the client and naaste a link to
// what the supporter works on with them.
func (s *Service) Today(ctx context.Context, p *auth.Principal) ([]module.Task, error) {
	switch p.Role {
	case auth.RoleOndersteuner:
		fs, err := s.Caseload(ctx, p)
		if err != nil {
			return nil, err
		}
		due := 0
		var tasks []module.Task
		for _, f := range fs {
			if !f.Active() || s.now().Sub(f.IntakeOn).Hours() < followUpAfterDays*24 {
				continue
			}
			ms, err := s.store.measurements(ctx, f.ID)
			if err != nil {
				return nil, err
			}
			follow := false
			for _, m := range ms {
				follow = follow || m.Moment == MomentFollowUp
			}
			if follow {
				continue
			}
			due++
			if due <= 5 {
				tasks = append(tasks, module.Task{Href: familyPath(f.ID) + "#metingen",
					Label: "Vervolgmeting doen met het gezin van " + f.ClientName, LabelEN: "Do the follow-up measure with the family of " + f.ClientName,
					Note: "Intake op " + f.IntakeOn.Format("02-01-2006") + ".", NoteEN: "Intake on " + f.IntakeOn.Format("02-01-2006") + "."})
			}
		}
		if due > 5 {
			n := due - 5
			tasks = append(tasks, module.Task{Href: "/ondersteuning", Count: n,
				Label: "En nog " + web.Plural(n, "gezin", "gezinnen") + " met een vervolgmeting", LabelEN: "And " + web.Plural(n, "more family", "more families") + " due a follow-up measure"})
		}
		return tasks, nil
	case auth.RoleClient, auth.RoleNaaste:
		reach, err := s.reg.Represented(ctx, p, clients.SubjectSupport)
		if err != nil {
			return nil, err
		}
		n := 0
		for _, a := range reach {
			fs, err := s.store.familiesOfClient(ctx, a.ClientID)
			if err != nil {
				return nil, err
			}
			n += len(fs)
		}
		if n == 0 {
			return nil, nil
		}
		label, en := "Kijk wat uw cliëntondersteuner met u doet", "See what your client supporter does with you"
		if p.Role == auth.RoleNaaste {
			label, en = "Kijk wat de cliëntondersteuner met het gezin doet", "See what the client supporter does with the family"
		}
		return []module.Task{{Href: "/ondersteuning/mijn", Label: label, LabelEN: en}}, nil
	}
	return nil, nil
}
