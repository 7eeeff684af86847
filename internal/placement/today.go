package placement

import (
	"context"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/module"
	"github.com/volwaardig/volwaardig/internal/web"
)

// deadlineSoon is how far ahead the care office's start page warns of a
// case's deadline: two weeks leaves time for one more round of mediation.
const deadlineSoon = 14 * 24 * time.Hour

// holdSoon is how far ahead a provider's start page warns that a hold
// ends: two days, so the place is not lost over a weekend.
const holdSoon = 48 * time.Hour

// Today lists what waits in complex care for the person (the module
// contract's optional module.Today): for the care office the regional
// table's agenda, deadlines passed and near, urgent cases without a place
// and proposals to send or still unanswered; for a provider the proposals
// to answer and holds about to end; for a client or relative a proposed
// place to answer. Lists are read through the same scoped, audited
// service methods as their pages; the care office's numbers are counts,
// which name nobody.
func (s *Service) Today(ctx context.Context, p *auth.Principal) ([]module.Task, error) {
	switch p.Role {
	case auth.RoleZorgkantoor:
		return s.officeToday(ctx, p)
	case auth.RoleAanbieder:
		return s.providerToday(ctx, p)
	case auth.RoleClient, auth.RoleNaaste:
		return s.ownToday(ctx, p)
	}
	return nil, nil
}

func (s *Service) officeToday(ctx context.Context, p *auth.Principal) ([]module.Task, error) {
	var out []module.Task
	agenda, err := s.Agenda(ctx, p)
	if err != nil {
		return nil, err
	}
	if n := len(agenda); n > 0 {
		table, tableEN := "de regiotafel", "the regional table"
		if p.HasDuty(auth.DutyNationalTable) {
			table, tableEN = "de landelijke tafel", "the national table"
		}
		out = append(out, module.Task{Count: n, Href: "/complexe-zorg/agenda",
			Label:   web.Plural(n, "punt", "punten") + " op de agenda van " + table,
			LabelEN: web.Plural(n, "item", "items") + " on the agenda of " + tableEN})
	}
	now := s.now()
	c, err := s.store.officeCounts(ctx, p.Scope.Regions, now, now.Add(deadlineSoon))
	if err != nil {
		return nil, err
	}
	if n := c.DeadlinePassed; n > 0 {
		out = append(out, module.Task{Count: n, Href: "/complexe-zorg", Urgent: true,
			Label:   web.Plural(n, "persoon", "personen") + " met een verstreken termijn",
			LabelEN: web.Plural(n, "person", "people") + " past their deadline"})
	}
	if n := c.DeadlineSoon; n > 0 {
		out = append(out, module.Task{Count: n, Href: "/complexe-zorg",
			Label:   web.Plural(n, "persoon", "personen") + " met een termijn binnen 14 dagen",
			LabelEN: web.Plural(n, "person", "people") + " with a deadline within 14 days"})
	}
	if n := c.UrgentNoPlace; n > 0 {
		out = append(out, module.Task{Count: n, Href: "/complexe-zorg", Urgent: true,
			Label:   web.Plural(n, "persoon", "personen") + " met status Urgent plaatsen, nog zonder plek",
			LabelEN: web.Plural(n, "person", "people") + " waiting as urgent, still without a place"})
	}
	if n := c.ToSend; n > 0 {
		out = append(out, module.Task{Count: n, Href: "/complexe-zorg/batch",
			Label:   web.Plural(n, "voorstel", "voorstellen") + " van een voorstelronde nog te versturen",
			LabelEN: web.Plural(n, "proposal", "proposals") + " of a proposal round still to send"})
	}
	if n := c.ClientToAnswer; n > 0 {
		out = append(out, module.Task{Count: n, Href: "/complexe-zorg/voorstellen",
			Label:   web.Plural(n, "voorstel", "voorstellen") + " nog zonder antwoord van de cliënt",
			LabelEN: web.Plural(n, "proposal", "proposals") + " not yet answered by the client"})
	}
	return out, nil
}

func (s *Service) providerToday(ctx context.Context, p *auth.Principal) ([]module.Task, error) {
	var out []module.Task
	ps, err := s.Proposals(ctx, p, ProposalOpen)
	if err != nil {
		return nil, err
	}
	n := 0
	for _, pr := range ps {
		if pr.ProviderAnswer == "" {
			n++
		}
	}
	if n > 0 {
		out = append(out, module.Task{Count: n, Href: "/complexe-zorg/voorstellen",
			Label:   web.Plural(n, "voorstel wacht", "voorstellen wachten") + " op uw antwoord",
			LabelEN: web.Plural(n, "proposal is", "proposals are") + " waiting for your answer"})
	}
	hs, err := s.Holds(ctx, p)
	if err != nil {
		return nil, err
	}
	now := s.now()
	soon, first := 0, time.Time{}
	for _, h := range hs {
		if h.Active() && h.Deadline.Before(now.Add(holdSoon)) {
			soon++
			if first.IsZero() || h.Deadline.Before(first) {
				first = h.Deadline
			}
		}
	}
	if soon > 0 {
		f := web.NewFormatter()
		out = append(out, module.Task{Count: soon, Href: "/complexe-zorg/aanbieder", Urgent: first.Before(now.Add(24 * time.Hour)),
			Label:   web.Plural(soon, "reservering loopt", "reserveringen lopen") + " binnen 2 dagen af",
			LabelEN: web.Plural(soon, "hold ends", "holds end") + " within 2 days",
			Note:    "de eerste op " + f.DateTime(first), NoteEN: "the first on " + f.DateTime(first)})
	}
	return out, nil
}

func (s *Service) ownToday(ctx context.Context, p *auth.Principal) ([]module.Task, error) {
	ps, err := s.Proposals(ctx, p, ProposalOpen)
	if err != nil {
		return nil, err
	}
	var out []module.Task
	for _, pr := range ps {
		if pr.ClientAnswer != "" {
			continue
		}
		t := module.Task{Href: "/mijn/plaatsing",
			Label:   "Er is een plek voor u gevonden. Wilt u antwoorden?",
			LabelEN: "A place has been found for you. Would you like to answer?"}
		if p.Role == auth.RoleNaaste {
			// A relative is told about the client, never as the client.
			t.Label = "Er is een plek gevonden voor " + pr.ClientName + "."
			t.LabelEN = "A place has been found for " + pr.ClientName + "."
		}
		out = append(out, t)
	}
	return out, nil
}
