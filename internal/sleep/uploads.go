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

// uploadStale is how long an upload may stay "busy": processing a 100 MB
// file takes minutes, so one busy for longer belongs to an instance that
// stopped while processing it, or to a file that crashed the reader.
const uploadStale = time.Hour

// Why a stale upload failed; it is not processed again, since the file
// itself may be what brought the server down.
const (
	msgUploadAborted   = "De verwerking van dit bestand is afgebroken (de server stopte of het bestand liet het inlezen vastlopen). Het wordt niet opnieuw geprobeerd: controleer het bestand en upload het opnieuw."
	msgUploadAbortedEN = "Processing this file was aborted (the server stopped or the file made reading it fail). It is not retried: check the file and upload it again."
	msgUploadCrashed   = "Het bestand liet het inlezen vastlopen en is niet gebruikt. Controleer of het een echt bestand van de sensor is."
	msgUploadCrashedEN = "The file made reading it fail and was not used. Check that it is a real file from the sensor."
)

// ProcessNextUpload claims the oldest waiting upload (SKIP LOCKED on
// PostgreSQL, so instances never take the same one), processes it and
// stores its result. It reports whether there was one.
//
// Uploads busy for longer than uploadStale are marked failed first, never
// taken up again: retrying them blindly repeated the crash of a hostile
// file every hour (issue 9). A panic while reading a file fails that
// upload instead of the background job.
func (s *Service) ProcessNextUpload(ctx context.Context) (bool, error) {
	now := s.clock.Now().UTC()
	aborted, _ := json.Marshal(&Result{Error: msgUploadAborted, ErrorEN: msgUploadAbortedEN})
	if err := s.store.failStaleUploads(ctx, string(aborted), now, now.Add(-uploadStale)); err != nil {
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
	id, sensorID, name, opts, hz, data := u.id, u.sensorID, u.name, u.opts, u.hz, u.data
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
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
			_ = s.store.uploadProgress(ctx, id, int(5+f*90)) // progress is a hint; the final status is written below
		}})
	}
	status := UploadDone
	switch {
	case res.AllRefused():
		status = UploadRefused
	case res.Error != "":
		status = UploadFailed
	}
	out, _ := json.Marshal(res)
	return true, s.store.finishUpload(ctx, id, status, string(out), s.clock.Now().UTC())
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
