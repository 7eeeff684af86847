package monitor

import (
	"context"

	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/demo"
	"github.com/volwaardig/volwaardig/internal/module"
)

var _ module.Module = (*Service)(nil)

// Name is the module's code name.
func (s *Service) Name() string { return "monitor" }

// Demo loads the letters' programme: three action lines with their
// projects, goals and indicators, the letters' figures as hand-entered
// first measurements with their source, the statuses the independent
// monitor reported, and today's snapshot of the modules' figures.
func (s *Service) Demo() demo.Part {
	return demo.Part{Name: "monitor", Load: s.loadDemo}
}

// Inzage is the monitor's section of a client's right-of-access page: the
// monitor holds aggregates only, nothing about any client.
func (s *Service) Inzage(_ context.Context, _ int64) (clients.Section, error) {
	return clients.Section{Key: "monitor", Title: "Programmamonitor",
		Intro: "De programmamonitor bewaart alleen totalen over het programma, geen gegevens over u."}, nil
}

// Jobs is the daily snapshot of every module's figures: the round runs
// every SnapshotEvery and keeps the day's last reading, so a restart or a
// second instance does no harm (the day's row is replaced, not doubled).
func (s *Service) Jobs() []module.Job {
	return []module.Job{{Name: "monitor_snapshots", Every: s.every, Round: func(ctx context.Context) error {
		_, err := s.Snapshot(ctx)
		return err
	}}}
}

// Figures: the monitor reports no figures of its own; it reads everyone
// else's.
func (s *Service) Figures(context.Context) ([]module.Figure, error) { return nil, nil }
