package sleep

import (
	"context"
	"fmt"
	"time"

	"github.com/volwaardig/volwaardig/internal/module"
)

var _ module.Module = (*Service)(nil)

// Name is the module's code name.
func (s *Service) Name() string { return "sleep" }

// Jobs is the ingest job: queued uploads as they come (a round every
// second) and the reduction of finished stream hours.
func (s *Service) Jobs() []module.Job {
	return []module.Job{{Name: "sleep_ingest", Every: time.Second, Round: s.jobRound}}
}

// Figures are Nachtrust's national figures for the programme monitor:
// the clients with a sensor linked now, the locations where sensors are
// in use, and the nights computed in the last 30 days.
func (s *Service) Figures(ctx context.Context) ([]module.Figure, error) {
	now := s.clock.Now().UTC()
	clientsNow, locations, nights, err := s.store.figures(ctx, now.Unix(), now.AddDate(0, 0, -30).Format("2006-01-02"))
	if err != nil {
		return nil, fmt.Errorf("sleep: figures: %w", err)
	}
	return []module.Figure{
		{Key: "sleep.clients", Label: "Cliënten met slaapmonitoring", LabelEN: "Clients with sleep monitoring", Unit: "cliënten", Value: clientsNow, Persons: true},
		{Key: "sleep.locations", Label: "Locaties met sensoren", LabelEN: "Locations with sensors", Unit: "locaties", Value: locations},
		{Key: "sleep.nights_30d", Label: "Nachten berekend in de afgelopen 30 dagen", LabelEN: "Nights computed in the last 30 days", Unit: "nachten", Value: nights},
	}, nil
}
