package sleep

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/testkit"
)

// TestReferenceFiles uploads every reference device file through the same
// path as the UI and the API, and checks that each is stored with its
// problems reported (the corrupt CWA keeps its good blocks).
func TestReferenceFiles(t *testing.T) {
	ref := testkit.Reference(t)
	dbtest.Each(t, migrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, false)
		ctx := context.Background()
		// The recordings are from 2013-2020: a basis that covers them.
		if _, err := e.clients.AddConsent(ctx, nil, clients.Consent{ClientID: e.client, Subject: clients.SubjectSleepMonitoring, Basis: clients.BasisClient, ValidFrom: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), RecordedBy: e.users[auth.RoleZorgverlener]}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			file    string
			raw     bool
			problem string
			serial  string // as registered; the file's own serial must match
		}{
			{"actilife/GT3XPlus-RawData-Day01.agd", false, "", "REFA"},
			{"raw/actigraph_testfile.gt3x", true, "", "MOS2E39180594"},
			{"raw/ax3_testfile.cwa", true, "", "AX3-39434"},
			{"raw/ax3_testfile_corrupt_blocks_0_13_14_142_143_144.cwa", true, "corrupt_block", "39434"},
			{"raw/GENEActiv_testfile.bin", true, "", "012967"},
		} {
			data, err := os.ReadFile(filepath.Join(ref, c.file))
			if err != nil {
				t.Fatal(err)
			}
			sn := e.sensor(t, c.serial, KindWrist, e.client, time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
			res := e.s.IngestFile(ctx, sn, filepath.Base(c.file), data, FileOptions{})
			if res.Error != "" {
				t.Errorf("%s: %s", c.file, res.Error)
				continue
			}
			if c.raw && (res.Samples == 0 || res.Epochs == 0) || !c.raw && res.Epochs == 0 {
				t.Errorf("%s: nothing stored: %d samples, %d minutes, %d refused", c.file, res.Samples, res.Epochs, res.Refused)
			}
			found := c.problem == ""
			for _, p := range res.Problems {
				found = found || p.Code == c.problem
			}
			if !found {
				t.Errorf("%s: problem %q not reported (%d problems)", c.file, c.problem, len(res.Problems))
			}
			t.Logf("%s: %d samples, %d minutes, %d problems", c.file, res.Samples, res.Epochs, len(res.Problems))
			again := e.s.IngestFile(ctx, sn, filepath.Base(c.file), data, FileOptions{})
			if !again.Duplicate {
				t.Errorf("%s: second upload not recognised: %d samples, %d minutes", c.file, again.Samples, again.Epochs)
			}
		}
	})
}
