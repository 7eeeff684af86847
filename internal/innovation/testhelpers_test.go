package innovation

import (
	"context"
	"fmt"

	"github.com/volwaardig/volwaardig/internal/clients"
)

// addParticipantForTest registers a client in f's register and adds it to
// the newest project, as the participants form would after the picker.
func (st store) addParticipantForTest(ctx context.Context, f *fixture, i int) (int64, error) {
	c, err := f.reg.Create(ctx, nil, clients.NewClient{Name: fmt.Sprintf("Deelnemer %d", i), Region: "ZK11", CreatedBy: f.aanb.UserID})
	if err != nil {
		return 0, err
	}
	ps, err := st.projectsOf(ctx, nil)
	if err != nil || len(ps) == 0 {
		return 0, fmt.Errorf("no project: %v", err)
	}
	_, err = st.addParticipant(ctx, f.d, ps[0].ID, c, f.aanb.UserID, f.clock.Now())
	return c, err
}
