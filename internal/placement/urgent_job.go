package placement

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/notify"
)

// tellUrgentWithoutPlaceTx tells a region's care office, once per case,
// that an urgent case (Urgent plaatsen) has no place anywhere in the
// country that fits: the regional table's agenda shows it at once, but an
// employee who is not looking at the agenda would otherwise learn it only
// when the deadline passes. The notification's dedupe key makes it one
// message per case however many rounds (and instances) see it; it names
// no client, only links to the case. cases are the open cases the round
// already read.
func (s *Service) tellUrgentWithoutPlaceTx(ctx context.Context, tx *sql.Tx, cases []Case, now time.Time) (int, error) {
	if s.notify == nil {
		return 0, nil
	}
	var people []Person
	for _, c := range cases {
		if c.Waiting == UrgentPlaatsen && !c.Escalated {
			people = append(people, c.Person)
		}
	}
	if len(people) == 0 {
		return 0, nil
	}
	places, err := s.store.listPlaces(ctx, tx, PlaceFilter{})
	if err != nil {
		return 0, err
	}
	told := 0
	for _, it := range UrgentWithoutPlace(people, places, now) {
		n := notify.Notification{Kind: notify.KindDeadline,
			Title:     "Urgente casus zonder passende plek",
			Body:      "Voor een casus met wachtstatus Urgent plaatsen past nu geen enkele plek in het land. De casus staat op de agenda van de regiotafel.",
			TitleEN:   "Urgent case without a fitting place",
			BodyEN:    "For a case with waiting status Urgent placement no place in the country fits now. The case is on the agenda of the regional table.",
			Link:      "/complexe-zorg/personen/" + strconv.FormatInt(it.CaseID, 10),
			DedupeKey: "placement:urgent-no-place:" + strconv.FormatInt(it.CaseID, 10)}
		if err := s.notify.NotifyRoleTx(ctx, tx, auth.RoleZorgkantoor, "region", it.Region, n); err != nil {
			return told, err
		}
		told++
	}
	return told, nil
}
