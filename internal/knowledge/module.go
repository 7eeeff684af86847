package knowledge

import (
	"context"
	"fmt"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/demo"
	"github.com/volwaardig/volwaardig/internal/module"
	"github.com/volwaardig/volwaardig/internal/web"
)

var _ module.Module = (*Service)(nil)
var _ module.Today = (*Service)(nil)

// Name is the module's code name.
func (s *Service) Name() string { return "knowledge" }

// Demo loads the knowledge base's demo content: the same Dutch items at
// every scale (content is not per person); the national scale adds a
// year of read counts for the reach figure.
func (s *Service) Demo() demo.Part {
	return demo.Part{Name: "kennisbank", Load: func(ctx context.Context, w *demo.World) error { return s.loadDemo(ctx, w) }}
}

// Jobs is the daily roll-up of the reach counts: the day's visitor hashes
// become a count and are dropped with the day's key. Running it on two
// instances at once is harmless (the first does the work, the second
// finds nothing left).
func (s *Service) Jobs() []module.Job {
	return []module.Job{{Name: "knowledge_reach", Every: time.Hour, Round: s.RollUp}}
}

// Figures are the knowledge base's figures for the programme monitor:
// published items, knowledge products, videos and articles, and the reach
// in the last twelve months (visitor-days, counted anonymously).
func (s *Service) Figures(ctx context.Context) ([]module.Figure, error) {
	published, products, videos, articles, err := s.store.counts(ctx)
	if err != nil {
		return nil, fmt.Errorf("knowledge: figures: %w", err)
	}
	reach, err := s.store.reach(ctx, s.today().AddDate(-1, 0, 0).Format(time.DateOnly))
	if err != nil {
		return nil, fmt.Errorf("knowledge: reach: %w", err)
	}
	return []module.Figure{
		{Key: "knowledge.items_published", Label: "Gepubliceerde onderwerpen in de kennisbank", LabelEN: "Published items in the knowledge base", Unit: "onderwerpen", Value: published},
		{Key: "knowledge.products", Label: "Kennisproducten", LabelEN: "Knowledge products", Unit: "kennisproducten", Value: products},
		{Key: "knowledge.videos", Label: "Video's met ondertiteling en uitgeschreven tekst", LabelEN: "Videos with captions and transcript", Unit: "video's", Value: videos},
		{Key: "knowledge.articles", Label: "Artikelen", LabelEN: "Articles", Unit: "artikelen", Value: articles},
		{Key: "knowledge.reach_12m", Label: "Bereik in twaalf maanden (bezoekers per dag opgeteld, anoniem geteld)", LabelEN: "Reach in twelve months (daily visitors summed, counted anonymously)", Unit: "bezoekersdagen", Value: reach},
	}, nil
}

// Inzage is the module's part of a client's right-of-access export: the
// conversations of the three-party guide kept for the client.
func (s *Service) Inzage(ctx context.Context, clientID int64) (clients.Section, error) {
	return s.conversationInzage(ctx, clientID)
}

// Today tells an editor how many items wait for a review and how many
// are past their review date: reviewing is the editors' daily work, and
// an item in review is otherwise found only by reading the whole list.
func (s *Service) Today(ctx context.Context, p *auth.Principal) ([]module.Task, error) {
	if !mayEdit(p) {
		return nil, nil
	}
	var tasks []module.Task
	n, err := s.ReviewCountFor(ctx, p)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		verb, verbEN := "wachten", "wait"
		if n == 1 {
			verb, verbEN = "wacht", "waits"
		}
		tasks = append(tasks, module.Task{Count: n, Href: "/kennis/redactie#beoordelen",
			Label:   web.Plural(n, "onderwerp", "onderwerpen") + " in de kennisbank " + verb + " op beoordeling",
			LabelEN: web.Plural(n, "item", "items") + " in the knowledge base " + verbEN + " for review"})
	}
	if n, err = s.OverdueCount(ctx); err != nil {
		return nil, err
	}
	if n > 0 {
		tasks = append(tasks, module.Task{Count: n, Href: "/kennis/redactie", Urgent: false,
			Label:   web.Plural(n, "onderwerp", "onderwerpen") + " in de kennisbank voorbij de controledatum",
			LabelEN: web.Plural(n, "item", "items") + " in the knowledge base past the review date"})
	}
	return tasks, nil
}
