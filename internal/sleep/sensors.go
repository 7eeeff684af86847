package sleep

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/web"
)

// Sensor kinds.
const (
	KindWrist = "pols"   // a wrist-worn accelerometer (raw or epochs)
	KindBed   = "matras" // a bed (mattress) sensor delivering epochs
)

// Sensor is a device registered at a location of a provider.
type Sensor struct {
	ID             int64
	Serial         string
	Kind           string
	Label          string
	OrganisationID int64
	LocationID     int64
	RateMHz        int64 // the raw sample rate, learned from the first raw data; 0 until then
	CreatedAt      time.Time
}

// Link ties a sensor to a client from Start until End (zero = open).
type Link struct {
	ID       int64
	SensorID int64
	ClientID int64
	Start    time.Time
	End      time.Time
}

// Covers reports whether the link holds at t.
func (l Link) Covers(t time.Time) bool {
	return !t.Before(l.Start) && (l.End.IsZero() || t.Before(l.End))
}

// Errors of the sensor register.
var (
	errSensorNotFound = web.NotFound("Deze sensor is niet geregistreerd.", "This sensor is not registered.")
	errSerialTaken    = web.Conflict("Er is al een sensor met dit serienummer.", "A sensor with this serial number exists.")
	errLinkOverlap    = web.Conflict("De sensor is in deze periode al aan een cliënt gekoppeld. Beëindig eerst de andere koppeling.", "The sensor is already linked to a client in this period. End the other link first.")
)

// CreateSensor registers a sensor at a location.
func (s *Service) CreateSensor(ctx context.Context, sn Sensor, by int64) (int64, error) {
	sn.Serial = strings.TrimSpace(sn.Serial)
	if sn.Serial == "" || len(sn.Serial) > 64 {
		return 0, web.BadInput("serial", "Vul het serienummer van de sensor in (hoogstens 64 tekens).", "Enter the sensor's serial number (at most 64 characters).")
	}
	if sn.Kind != KindWrist && sn.Kind != KindBed {
		return 0, web.BadInput("kind", "Kies het soort sensor: polssensor of matrassensor.", "Choose the kind of sensor: wrist or mattress.")
	}
	taken, err := s.store.serialTaken(ctx, sn.Serial)
	if err == nil && taken {
		return 0, errSerialTaken
	}
	var id int64
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = s.store.insertSensor(ctx, tx, sn, by, s.clock.Now().UTC())
		return err
	})
	if db.IsUniqueViolation(err) {
		return 0, errSerialTaken
	}
	return id, err
}

// SensorByID reads a sensor.
func (s *Service) SensorByID(ctx context.Context, id int64) (Sensor, error) {
	sn, err := s.store.sensor(ctx, id)
	if errors.Is(err, sql.ErrNoRows) {
		return sn, errSensorNotFound
	}
	return sn, err
}

// SensorBySerial reads a sensor by its serial number.
func (s *Service) SensorBySerial(ctx context.Context, serial string) (Sensor, error) {
	sn, err := s.store.sensorBySerial(ctx, serial)
	if errors.Is(err, sql.ErrNoRows) {
		return sn, errSensorNotFound
	}
	return sn, err
}

// Sensors lists the sensors of the given organisations or locations.
func (s *Service) Sensors(ctx context.Context, orgs, locs []int64) ([]Sensor, error) {
	if len(orgs)+len(locs) == 0 {
		return nil, nil
	}
	return s.store.sensors(ctx, orgs, locs)
}

// Links lists a sensor's links, oldest first.
func (s *Service) Links(ctx context.Context, sensorID int64) ([]Link, error) {
	return s.store.sensorLinks(ctx, sensorID)
}

// linksOf lists the links of several sensors by sensor id, each sensor's
// oldest first, in one query: the pages listing sensors read them for the
// whole page rather than one query per sensor (issue 18).
func (s *Service) linksOf(ctx context.Context, sensors []Sensor) (map[int64][]Link, error) {
	ids := make([]int64, len(sensors))
	for i, sn := range sensors {
		ids[i] = sn.ID
	}
	return s.store.linksOfSensors(ctx, ids)
}

// ClientLinks lists the links of a client, oldest first.
func (s *Service) ClientLinks(ctx context.Context, clientID int64) ([]Link, error) {
	return s.store.clientLinks(ctx, clientID)
}

// LinkSensor links a sensor to a client from start until end (zero: open).
// Periods of one sensor never overlap, so every sample belongs to exactly
// one client.
func (s *Service) LinkSensor(ctx context.Context, sensorID, clientID int64, start, end time.Time, by int64) (int64, error) {
	if !end.IsZero() && !end.After(start) {
		return 0, web.BadInput("end", "Het einde van de koppeling moet na het begin liggen.", "The end of the link must be after its start.")
	}
	sn, err := s.SensorByID(ctx, sensorID)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		endKey := int64(1 << 62)
		if !end.IsZero() {
			endKey = end.Unix()
		}
		n, err := s.store.overlappingLinks(ctx, tx, sensorID, endKey, start.Unix())
		if err != nil {
			return err
		}
		if n > 0 {
			return errLinkOverlap
		}
		var endArg any
		if !end.IsZero() {
			endArg = end.Unix()
		}
		id, err = s.store.insertLink(ctx, tx, sensorID, clientID, start.Unix(), endArg, by, s.clock.Now().UTC())
		return err
	})
	s.forgetSensor(sn.Serial)
	return id, err
}

// EndLink ends a sensor's open link at `at`.
func (s *Service) EndLink(ctx context.Context, linkID int64, at time.Time) error {
	var serial string
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		start, sr, err := s.store.openLink(ctx, tx, linkID)
		serial = sr
		if err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return web.NotFound("Deze koppeling bestaat niet of is al beëindigd.", "This link does not exist or has ended.")
			}
			return err
		}
		end := max(at.Unix(), start+1)
		return s.store.endLink(ctx, tx, linkID, end)
	})
	s.forgetSensor(serial)
	return err
}

// sensorForStream returns a sensor and its links through a short cache, so
// a live stream does not read them for every batch.
func (s *Service) sensorForStream(ctx context.Context, serial string) (Sensor, []Link, error) {
	now := time.Now()
	s.mu.Lock()
	e, ok := s.sensorMemo[serial]
	s.mu.Unlock()
	if ok && now.Before(e.expires) {
		return e.sensor, e.links, nil
	}
	sn, err := s.SensorBySerial(ctx, serial)
	if err != nil {
		return sn, nil, err
	}
	links, err := s.Links(ctx, sn.ID)
	if err != nil {
		return sn, nil, err
	}
	if links, _, err = s.deliveryLinks(ctx, sn, links); err != nil {
		return sn, nil, err
	}
	s.mu.Lock()
	if len(s.sensorMemo) > 100000 {
		clear(s.sensorMemo)
	}
	s.sensorMemo[serial] = sensorEntry{sensor: sn, links: links, expires: now.Add(cacheTTL)}
	s.mu.Unlock()
	return sn, links, nil
}

// deliveryLinks keeps the links whose client is cared for at the sensor's
// location: a link is made only to such a client (mayLinkClient), but the
// client may have moved since, or the link predate that check, and data of
// a location's sensor must not land in the record of a client at another
// location. elsewhere tells whether a link was dropped.
func (s *Service) deliveryLinks(ctx context.Context, sn Sensor, links []Link) (kept []Link, elsewhere bool, err error) {
	here := map[int64]bool{}
	for _, l := range links {
		ok, seen := here[l.ClientID]
		if !seen {
			ref, err := s.reg.Ref(ctx, l.ClientID)
			if err != nil && ctx.Err() != nil {
				return nil, false, err
			}
			ok = err == nil && slices.Contains(ref.Locations, sn.LocationID)
			here[l.ClientID] = ok
		}
		if ok {
			kept = append(kept, l)
		} else {
			elsewhere = true
		}
	}
	return kept, elsewhere, nil
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// RateHz is the raw sample rate in Hz, formatted for display.
func (sn Sensor) RateHz() string { return hzNL(sn.RateMHz) }
