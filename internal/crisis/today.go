package crisis

import (
	"context"
	"strings"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/module"
	"github.com/volwaardig/volwaardig/internal/web"
)

// todayShown is how many crises the start page names one by one; the rest
// are one line linking to the full queue.
const todayShown = 8

// Today lists what waits in crisis care for the person (the module
// contract's optional module.Today): for the crisisregisseur every crisis
// of the regions whose clock still runs, with that clock, the undecided and overdue first;
// for a C.O.T. member the assignments still to acknowledge; for a
// provider the people on their way to one of its crisis beds. The cases
// come from the same scoped queries as the crisis pages, and the ones
// named are recorded as the list page records them.
func (s *Service) Today(ctx context.Context, p *auth.Principal) ([]module.Task, error) {
	var cs []Case
	var tasks []module.Task
	en := translations()
	tr := func(nl string) string {
		if v, ok := en[nl]; ok {
			return v
		}
		return nl
	}
	now := s.now()
	switch p.Role {
	case auth.RoleCrisisregisseur:
		open, err := s.RegionCases(ctx, p.Scope.Regions)
		if err != nil {
			return nil, err
		}
		// Waiting: the clock still runs (a person admitted or helped by a
		// C.O.T. no longer waits).
		var all []Case
		for _, c := range open {
			if !c.ClockAt(now).Stopped {
				all = append(all, c)
			}
		}
		for i, c := range all {
			if i == todayShown {
				n := len(all) - todayShown
				tasks = append(tasks, module.Task{Count: n, Href: "/crisis",
					Label: "En nog " + web.Plural(n, "crisis", "crises") + " in de wachtrij", LabelEN: "And " + web.Plural(n, "more crisis", "more crises") + " in the queue"})
				break
			}
			nl, enClock := clockView(c, now, "nl"), clockView(c, now, "en")
			t := module.Task{Href: "/crisis/" + itoa(int(c.ID)), Urgent: nl.Overdue || c.Urgency == UrgencyAcute,
				Label:   "Crisis: " + c.ClientName + " (" + c.Urgency.Label() + ")",
				LabelEN: "Crisis: " + c.ClientName + " (" + tr(c.Urgency.Label()) + ")",
				Note:    c.Status.Label() + ". " + nl.Label + ": " + nl.Text + ".",
				NoteEN:  tr(c.Status.Label()) + ". " + tr(enClock.Label) + ": " + enClock.Text + "."}
			tasks = append(tasks, t)
			cs = append(cs, c)
		}
	case auth.RoleCOT:
		all, err := s.TeamCases(ctx, p.Scope.Teams)
		if err != nil {
			return nil, err
		}
		for _, c := range all {
			if !c.Status.Open() || c.Status != StatusCOT || !c.AcknowledgedAt.IsZero() {
				continue
			}
			tasks = append(tasks, module.Task{Href: "/crisis/" + itoa(int(c.ID)), Urgent: true,
				Label:   "Bevestig dat uw team " + c.ClientName + " ondersteunt",
				LabelEN: "Confirm that your team supports " + c.ClientName})
			cs = append(cs, c)
		}
	case auth.RoleAanbieder:
		// Arrivals records its own list read.
		as, err := s.Arrivals(ctx, p, "nl")
		if err != nil {
			return nil, err
		}
		for _, a := range as {
			if !a.AdmittedAt.IsZero() {
				continue
			}
			tasks = append(tasks, module.Task{Href: "/crisis", Urgent: true,
				Label:   a.ClientName + " komt eraan voor crisisbed " + a.Bed.Name,
				LabelEN: a.ClientName + " is on the way to crisis bed " + a.Bed.Name,
				Note:    "Bevestig de opname als de cliënt er is.", NoteEN: "Confirm the admission when the client has arrived."})
		}
		return tasks, nil
	case auth.RoleClient, auth.RoleNaaste:
		// What happens now in a crisis that still runs, in the words of
		// the page it links to; ownCases records the reads as that page
		// does (and refuses a relative without the client's consent).
		own, err := s.ownCases(ctx, p)
		if err != nil {
			return nil, err
		}
		for _, c := range own {
			if !c.Status.Open() {
				continue
			}
			if p.Role == auth.RoleClient {
				line := EasyRead(c)[0]
				tasks = append(tasks, module.Task{Href: "/mijn/crisis", Label: "Uw crisismelding: " + line, LabelEN: "Your crisis report: " + tr(line)})
				continue
			}
			line := EasyReadAbout(c)[0]
			tasks = append(tasks, module.Task{Href: "/mijn/crisis",
				Label:   "Crisismelding over " + c.ClientName + ": " + strings.ReplaceAll(line, "{naam}", c.ClientName),
				LabelEN: "Crisis report about " + c.ClientName + ": " + strings.ReplaceAll(tr(line), "{naam}", c.ClientName)})
		}
		return tasks, nil
	default:
		return nil, nil
	}
	if err := s.recordList(ctx, p, cs); err != nil {
		return nil, err
	}
	return tasks, nil
}
