package sleep

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Upload states.
const (
	UploadWaiting = "wachtend"
	UploadBusy    = "bezig"
	UploadDone    = "klaar"
	UploadFailed  = "mislukt"
	// UploadRefused is a file that was read but whose data was all
	// refused (outside the link, no legal basis): not "klaar (100%)".
	UploadRefused = "geweigerd"
)

// Upload is one uploaded file waiting for, or done with, processing in the
// background; the status page shows its progress and result.
type Upload struct {
	ID        int64
	Group     int64
	SensorID  int64
	FileName  string
	Size      int64
	Status    string
	Progress  int
	Result    *Result
	CreatedBy int64
	CreatedAt time.Time
}

// StatusText is the status as the status page shows it (Dutch; the page
// translates it): a waiting upload is in the queue, behind the files being
// read, which is what "wachtend" alone did not say.
func (u Upload) StatusText() string {
	if u.Status == UploadWaiting {
		return "in de wachtrij"
	}
	return u.Status
}

// Finished reports whether the file has been read (stored, refused or
// failed): its page then shows the outcome, not a progress bar, which
// stood full and blue beside "mislukt" as if all went well.
func (u Upload) Finished() bool { return u.Status != UploadWaiting && u.Status != UploadBusy }

// NewUpload is a file to queue.
type NewUpload struct {
	SensorID int64
	Name     string
	Data     []byte
	Hz       float64
	Start    time.Time
}

// QueueUploads stores files for background processing in one transaction
// and returns the group id (the first upload's id) for the status page.
// The bytes live in the database until processed, so any instance can
// pick them up and a restart loses nothing.
func (s *Service) QueueUploads(ctx context.Context, files []NewUpload, by int64) (int64, error) {
	var grp int64
	now := s.clock.Now().UTC()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, f := range files {
			opts, _ := json.Marshal(map[string]any{"start": f.Start})
			id, err := s.store.insertUpload(ctx, tx, grp, f, string(opts), by, now)
			if err != nil {
				return err
			}
			if grp == 0 {
				grp = id
			}
		}
		return nil
	})
	return grp, err
}

// UploadGroup lists the uploads of a group.
func (s *Service) UploadGroup(ctx context.Context, grp int64) ([]Upload, error) {
	return s.store.uploadGroup(ctx, grp)
}

// uploadStale is how long reading an upload may take while the process
// reading it lives: processing a 100 MB file takes minutes, so a reading
// still going after an hour hangs on its file.
const uploadStale = time.Hour

// A process reading an upload renews the claim's heartbeat every
// uploadHeartbeat; a claim whose heartbeat is older than uploadOrphaned
// belongs to a process that died (a crash, a kill, a lost machine), so
// any instance, or the same one after its restart, puts it back in the
// queue within a minute instead of leaving it "bezig". The margin of six
// missed beats keeps a slow database from releasing a living claim.
const (
	uploadHeartbeat = 5 * time.Second
	uploadOrphaned  = 30 * time.Second
)

// maxUploadAttempts bounds how often an upload is read again after its
// process died: a crash is not the file's fault, but a file that itself
// brings the server down (memory, a fatal runtime error) must not do so
// for ever (issue 9).
const maxUploadAttempts = 3

// Why an upload failed without being read to the end; it is not
// processed again. A panic while reading fails the upload at once: that
// one is the file's fault. The count in msgUploadAborted is
// maxUploadAttempts (a test checks it).
const (
	msgUploadAborted   = "De verwerking van dit bestand is 3 keer afgebroken doordat de server stopte tijdens het inlezen. Het wordt niet opnieuw geprobeerd: controleer het bestand en upload het opnieuw."
	msgUploadAbortedEN = "Processing this file was aborted 3 times because the server stopped while reading it. It is not retried: check the file and upload it again."
	msgUploadHung      = "Het inlezen van dit bestand duurde langer dan een uur en is opgegeven. Het wordt niet opnieuw geprobeerd: controleer het bestand en upload het opnieuw."
	msgUploadHungEN    = "Reading this file took longer than an hour and was given up. It is not retried: check the file and upload it again."
	msgUploadCrashed   = "Het bestand liet het inlezen vastlopen en is niet gebruikt. Controleer of het een echt bestand van de sensor is."
	msgUploadCrashedEN = "The file made reading it fail and was not used. Check that it is a real file from the sensor."
)

// ProcessNextUpload claims the oldest waiting upload (SKIP LOCKED on
// PostgreSQL, so instances never take the same one), processes it and
// stores its result. It reports whether there was one.
//
// First, claims whose process died (heartbeat older than uploadOrphaned)
// go back to the queue, or fail after maxUploadAttempts; a reading that
// lives but has gone on for uploadStale fails. Neither is retried blindly
// for ever: that repeated the crash of a hostile file every hour (issue
// 9). A panic while reading a file fails that upload at once instead of
// the background job.
func (s *Service) ProcessNextUpload(ctx context.Context) (bool, error) {
	now := s.clock.Now().UTC()
	if err := s.releaseDeadClaims(ctx, now); err != nil {
		return false, err
	}
	// Take a reading slot before claiming: while an API file is read, the
	// next upload stays "wachtend" (in de wachtrij) instead of showing as
	// busy while it is only waiting.
	release, ok := s.acquireIngest(ctx, -1)
	if !ok {
		return false, ctx.Err()
	}
	defer release()
	var u claimedUpload
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		u, err = s.store.claimUpload(ctx, tx, now)
		return err
	})
	id, attempt, sensorID, name, opts, hz, data := u.id, u.attempt, u.sensorID, u.name, u.opts, u.hz, u.data
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	stopBeat := s.beatUpload(ctx, id, attempt)
	var o struct {
		Start time.Time `json:"start"`
	}
	_ = json.Unmarshal([]byte(opts), &o)
	res := &Result{File: name}
	sn, err := s.SensorByID(ctx, sensorID)
	if err != nil {
		res.fail("De sensor bestaat niet meer.", "The sensor no longer exists.")
	} else {
		res = s.ingestGuarded(ctx, sn, name, data, FileOptions{Hz: hz, Start: o.Start, Progress: func(f float64) {
			_ = s.store.uploadProgress(ctx, id, attempt, int(5+f*90)) // progress is a hint; the final status is written below
		}})
	}
	stopBeat()
	status := UploadDone
	switch {
	case res.AllRefused():
		status = UploadRefused
	case res.Error != "":
		status = UploadFailed
	}
	out, _ := json.Marshal(res)
	return true, s.store.finishUpload(ctx, id, attempt, status, string(out), s.clock.Now().UTC())
}

// releaseDeadClaims puts the uploads whose process died back in the
// queue (failing those tried maxUploadAttempts times) and fails readings
// that have gone on for uploadStale.
func (s *Service) releaseDeadClaims(ctx context.Context, now time.Time) error {
	aborted, _ := json.Marshal(&Result{Error: msgUploadAborted, ErrorEN: msgUploadAbortedEN})
	if err := s.store.releaseOrphanedUploads(ctx, string(aborted), now, now.Add(-uploadOrphaned), maxUploadAttempts); err != nil {
		return err
	}
	hung, _ := json.Marshal(&Result{Error: msgUploadHung, ErrorEN: msgUploadHungEN})
	return s.store.failStaleUploads(ctx, string(hung), now, now.Add(-uploadStale))
}

// beatUpload renews the claim's heartbeat every uploadHeartbeat until the
// returned stop is called (it waits for the last beat), so other
// instances see that this process still reads the upload.
func (s *Service) beatUpload(ctx context.Context, id int64, attempt int) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(uploadHeartbeat)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				if err := s.store.uploadHeartbeat(ctx, id, attempt, s.clock.Now().UTC()); err != nil && ctx.Err() == nil {
					s.logger.WarnContext(ctx, "sleep: renewing an upload's heartbeat failed", "upload", id, "err", err)
				}
			}
		}
	}()
	return func() {
		cancel()
		<-done
	}
}

// ingestGuarded is IngestFile that turns a panic (a reader bug a hostile
// file found) into a failed result, so one file cannot stop the job that
// processes everyone's uploads. The log names no file or client.
func (s *Service) ingestGuarded(ctx context.Context, sn Sensor, name string, data []byte, opt FileOptions) (res *Result) {
	defer func() {
		if v := recover(); v != nil {
			s.logger.ErrorContext(ctx, "sleep: reading an uploaded file panicked", "format", DetectFormat(name, data[:min(len(data), 512)]), "panic", fmt.Sprint(v))
			res = &Result{File: name}
			res.fail(msgUploadCrashed, msgUploadCrashedEN)
		}
	}()
	return s.IngestFile(ctx, sn, name, data, opt)
}

// jobRound is one round of the background job: it processes the queued
// uploads, and every 30 seconds reduces finished hours of live streams.
func (s *Service) jobRound(ctx context.Context) error {
	var roundErr error
	for {
		ok, err := s.ProcessNextUpload(ctx)
		if err != nil && ctx.Err() == nil {
			roundErr = err
		}
		if !ok || err != nil || ctx.Err() != nil {
			break
		}
	}
	if time.Since(s.lastReduce) > 30*time.Second {
		s.lastReduce = time.Now()
		for ctx.Err() == nil {
			n, err := s.ReducePending(ctx, false)
			if err != nil && ctx.Err() == nil {
				roundErr = errors.Join(roundErr, err)
			}
			if n == 0 || err != nil {
				break
			}
		}
	}
	return roundErr
}
