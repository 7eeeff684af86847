package innovation

import (
	"context"
	"strconv"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/module"
)

var _ module.Today = (*Service)(nil)

// Today lists what waits in the innovation route (module.Today): for the
// provider, each project whose client council advice has no answer yet
// (the project cannot pass its gate until it has); for a client council
// member, each running project that is at a gate without the council's
// advice on the current phase. Projects hold no client data here, so
// nothing is recorded in the audit log.
func (s *Service) Today(ctx context.Context, p *auth.Principal) ([]module.Task, error) {
	if p.Role != auth.RoleAanbieder && !IsCouncil(p) {
		return nil, nil
	}
	ps, err := s.Projects(ctx, p)
	if err != nil {
		return nil, err
	}
	var tasks []module.Task
	for _, pr := range ps {
		if pr.Stopped() {
			continue
		}
		as, err := s.store.advice(ctx, pr.ID)
		if err != nil {
			return nil, err
		}
		open, onPhase := 0, false
		for _, a := range as {
			if a.Answer == "" {
				open++
			}
			onPhase = onPhase || a.Phase == pr.Phase
		}
		href := "/innovatie/projecten/" + strconv.FormatInt(pr.ID, 10) + "#sectie-raad"
		switch {
		case p.Role == auth.RoleAanbieder && open > 0:
			tasks = append(tasks, module.Task{Label: "De cliëntenraad wacht op uw antwoord bij " + pr.Title, LabelEN: "The client council is waiting for your answer on " + pr.Title,
				Note: "Het project kan pas door naar de volgende fase als het advies is beantwoord.", NoteEN: "The project can only move on once the advice is answered.", Href: href})
		case IsCouncil(p) && !onPhase:
			tasks = append(tasks, module.Task{Label: "Uw advies is welkom bij " + pr.Title, LabelEN: "Your advice is welcome on " + pr.Title,
				Note: "Fase: " + pr.Phase.Label(), NoteEN: "Phase: " + string(pr.Phase), Href: href})
		}
	}
	return tasks, nil
}
