package app

import (
	"context"

	"github.com/volwaardig/volwaardig/internal/demo"
)

// LoadDemo fills an empty database with the demo data set; it reports false
// when the database already held data.
func (a *App) LoadDemo(ctx context.Context, scale demo.Scale, progress func(string)) (bool, error) {
	l := &demo.Loader{DB: a.DB, Auth: a.Auth, Orgs: a.Orgs, Clients: a.Clients, Logger: a.cfg.Logger, Parts: a.demoParts()}
	return l.Load(ctx, scale, progress)
}

// DemoSteps is the number of steps LoadDemo reports through its progress
// function: the platform's three (organisations, accounts, clients) and one
// per module, so a command can show how far the loading is.
func (a *App) DemoSteps() int { return 3 + len(a.modules) }

// demoParts lists the modules' contributions to the demo data set.
func (a *App) demoParts() []demo.Part {
	var parts []demo.Part
	for _, m := range a.modules {
		parts = append(parts, a.freshFiguresAfter(m.Demo()))
	}
	return parts
}

// freshFiguresAfter drops the cached reading of the modules' figures once
// the part has written its data: a reading taken before (a job at start)
// counted an empty database, and the monitor's part, which snapshots the
// figures, would otherwise store those zeros as today's figures.
func (a *App) freshFiguresAfter(p demo.Part) demo.Part {
	load := p.Load
	if load == nil {
		return p
	}
	p.Load = func(ctx context.Context, w *demo.World) error {
		err := load(ctx, w)
		a.figures.mu.Lock()
		a.figures.read = nil
		a.figures.mu.Unlock()
		return err
	}
	return p
}
