package web

import (
	"time"
	_ "time/tzdata" // Europe/Amsterdam must resolve on machines without zoneinfo
)

// amsterdam is loaded once at start-up and never changed: every page,
// export, deadline and night is told in Europe/Amsterdam (DESIGN §3), and
// the embedded zone data means loading it cannot fail on a machine without
// zone files.
var amsterdam = mustLoadAmsterdam()

func mustLoadAmsterdam() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		panic("web: Europe/Amsterdam unavailable: " + err.Error())
	}
	return loc
}

// Amsterdam returns the Europe/Amsterdam zone, the one place it is loaded.
func Amsterdam() *time.Location { return amsterdam }
