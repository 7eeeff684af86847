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

// demoParts lists the modules' contributions to the demo data set.
func (a *App) demoParts() []demo.Part {
	var parts []demo.Part
	for _, m := range a.modules {
		parts = append(parts, m.Demo())
	}
	return parts
}
